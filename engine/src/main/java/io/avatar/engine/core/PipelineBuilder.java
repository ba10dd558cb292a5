package io.avatar.engine.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventPoller;
import io.avatar.engine.core.event.StageEvent;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Wires stages with rings between them and builds an {@link Engine}:
 * <pre>{@code
 * PipelineBuilder b = new PipelineBuilder(context);
 * EventRing<AudioChunkEvent> audio = b.ring("audio", AudioChunkEvent.factory(640));
 * EventRing<FeatureFrameEvent> features = b.ring("features", FeatureFrameEvent.FACTORY);
 * b.source("ingest", ingestLogic, audio)
 *  .stage("features", audio, featureLogic, features)
 *  .sink("decoder", features, decoderLogic);
 * try (Engine engine = b.build()) { engine.start(); ... }
 * }</pre>
 * Stages are kept in the order added: that is the order of a SHARED composite, of {@link Engine#invoke()}, and
 * (reversed) of closing. A ring may feed several consumer stages (fan-out: the producer is gated by the slowest);
 * a single-producer ring must have exactly one producer stage; a multi-producer ring may also be fed from outside
 * through a {@link RingIngress}.
 * <p>
 * Threading: one thread builds; the builder is single use.
 */
public final class PipelineBuilder
{
    private final EngineContext context;
    private final List<EventRing<?>> rings = new ArrayList<>();
    private final List<StageSpec<?, ?>> specs = new ArrayList<>();
    private final Set<String> ringNames = new HashSet<>();
    private final Set<String> stageNames = new HashSet<>();
    private final List<AtomicCounter> ingressCounters = new ArrayList<>();
    private boolean built;

    /**
     * @param context engine configuration; concluded here if it is not yet.
     */
    public PipelineBuilder(final EngineContext context)
    {
        this.context = context;
        if (!context.isConcluded())
        {
            context.conclude();
        }
    }

    /**
     * @return the (concluded) context.
     */
    public EngineContext context()
    {
        return context;
    }

    /**
     * Adds a single-producer ring of the context's default size.
     *
     * @param name    unique name.
     * @param factory preallocates the slots.
     * @param <E>     event type.
     * @return the ring.
     */
    public <E extends StageEvent> EventRing<E> ring(final String name, final EventFactory<E> factory)
    {
        return ring(name, factory, context.ringSize(), false);
    }

    /**
     * Adds a ring.
     *
     * @param name          unique name.
     * @param factory       preallocates the slots.
     * @param size          slots, a power of two in [{@link EngineContext#RING_SIZE_MIN},
     *                      {@link EngineContext#RING_SIZE_MAX}].
     * @param multiProducer true when several stages or outside threads publish into it.
     * @param <E>           event type.
     * @return the ring.
     */
    public <E extends StageEvent> EventRing<E> ring(
        final String name, final EventFactory<E> factory, final int size, final boolean multiProducer)
    {
        checkNotBuilt();
        claimName("ring", ringNames, name);
        if (size < EngineContext.RING_SIZE_MIN || size > EngineContext.RING_SIZE_MAX || Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("ring '" + name + "' size=" + size + " must be a power of two in [" +
                EngineContext.RING_SIZE_MIN + ", " + EngineContext.RING_SIZE_MAX + "]");
        }
        final EventRing<E> ring = new EventRing<>(name, factory, size, multiProducer);
        rings.add(ring);
        return ring;
    }

    /**
     * Adds a stage.
     *
     * @param name   unique name (also its thread's name in DEDICATED mode).
     * @param input  ring it consumes, or null for a source.
     * @param logic  what it does.
     * @param output ring it publishes to, or null for a sink.
     * @param <I>    input event type.
     * @param <O>    output event type.
     * @return this.
     */
    public <I extends StageEvent, O extends StageEvent> PipelineBuilder stage(
        final String name, final EventRing<I> input, final StageLogic<I, O> logic, final EventRing<O> output)
    {
        checkNotBuilt();
        if (null == logic)
        {
            throw new NullPointerException("logic of stage '" + name + "'");
        }
        claimName("stage", stageNames, name);
        final EventPoller<I> poller = null == input ? null : input.addConsumer();
        if (null != output)
        {
            output.addProducer();
        }
        specs.add(new StageSpec<>(name, poller, logic, output));
        return this;
    }

    /**
     * Opens a ring to producers outside the engine (caller threads pushing session audio). The ring must be
     * multi-producer. Its counters are allocated now and freed when the engine closes.
     *
     * @param ring a multi-producer ring of this builder.
     * @param <E>  event type.
     * @return the ingress, usable from any thread once the engine is built.
     */
    public <E extends StageEvent> RingIngress<E> ingress(final EventRing<E> ring)
    {
        checkNotBuilt();
        if (!ring.isMultiProducer())
        {
            throw new IllegalArgumentException("ingress needs a multi-producer ring; '" + ring.name() + "' is not");
        }
        final AtomicCounter published = context.countersManager().newCounter(
            "ingress " + ring.name() + ": published", StageCounter.BASE_TYPE_ID - 2);
        final AtomicCounter dropped = context.countersManager().newCounter(
            "ingress " + ring.name() + ": dropped, ring full", StageCounter.BASE_TYPE_ID - 3);
        ingressCounters.add(published);
        ingressCounters.add(dropped);
        ring.addProducer();
        return new RingIngress<>(ring, published, dropped, context.nanoClock());
    }

    /**
     * Adds a stage with no input ring (it produces in {@link StageLogic#onCycle}).
     *
     * @param name   unique name.
     * @param logic  what it does.
     * @param output ring it publishes to.
     * @param <O>    output event type.
     * @return this.
     */
    public <O extends StageEvent> PipelineBuilder source(
        final String name, final StageLogic<StageEvent, O> logic, final EventRing<O> output)
    {
        return stage(name, null, logic, output);
    }

    /**
     * Adds a stage with no output ring.
     *
     * @param name  unique name.
     * @param input ring it consumes.
     * @param logic what it does.
     * @param <I>   input event type.
     * @return this.
     */
    public <I extends StageEvent> PipelineBuilder sink(
        final String name, final EventRing<I> input, final StageLogic<I, StageEvent> logic)
    {
        return stage(name, input, logic, null);
    }

    /**
     * Validates the wiring and creates stages and counters. On failure, frees what was created and rethrows.
     *
     * @return the engine, not yet started.
     * @throws IllegalStateException naming the ring or stage that is wired wrongly.
     */
    public Engine build()
    {
        checkNotBuilt();
        built = true;
        if (specs.isEmpty())
        {
            CloseHelper.quietCloseAll(ingressCounters);
            throw new IllegalStateException("pipeline has no stages");
        }
        for (final EventRing<?> ring : rings)
        {
            if (ring.consumers() == 0)
            {
                CloseHelper.quietCloseAll(ingressCounters);
                throw new IllegalStateException("ring '" + ring.name() + "' has no consumer stage");
            }
            if (ring.producers() == 0)
            {
                CloseHelper.quietCloseAll(ingressCounters);
                throw new IllegalStateException("ring '" + ring.name() + "' has no producer (stage or ingress)");
            }
            if (!ring.isMultiProducer() && ring.producers() != 1)
            {
                CloseHelper.quietCloseAll(ingressCounters);
                throw new IllegalStateException("single-producer ring '" + ring.name() + "' has " + ring.producers() +
                    " producer stages; it needs exactly 1 (or make it multi-producer)");
            }
        }

        final List<Stage<?, ?>> stages = new ArrayList<>(specs.size());
        final List<StageCounters> allCounters = new ArrayList<>(specs.size());
        AtomicCounter agentErrors = null;
        try
        {
            agentErrors = context.countersManager().newCounter("engine: agent errors", StageCounter.BASE_TYPE_ID - 1);
            for (final StageSpec<?, ?> spec : specs)
            {
                final StageCounters counters = new StageCounters(context.countersManager(), spec.name);
                allCounters.add(counters);
                stages.add(spec.newStage(counters, context));
            }
            return new Engine(context, stages, allCounters, ingressCounters, agentErrors);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(allCounters);
            CloseHelper.quietCloseAll(ingressCounters);
            CloseHelper.quietClose(agentErrors);
            throw ex;
        }
    }

    private static void claimName(final String what, final Set<String> names, final String name)
    {
        if (null == name || name.isBlank())
        {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        if (!names.add(name))
        {
            throw new IllegalArgumentException(what + " name '" + name + "' is already used");
        }
    }

    private void checkNotBuilt()
    {
        if (built)
        {
            throw new IllegalStateException("PipelineBuilder already built");
        }
    }

    private static final class StageSpec<I extends StageEvent, O extends StageEvent>
    {
        private final String name;
        private final EventPoller<I> poller;
        private final StageLogic<I, O> logic;
        private final EventRing<O> output;

        StageSpec(final String name, final EventPoller<I> poller, final StageLogic<I, O> logic, final EventRing<O> output)
        {
            this.name = name;
            this.poller = poller;
            this.logic = logic;
            this.output = output;
        }

        Stage<I, O> newStage(final StageCounters counters, final EngineContext context)
        {
            final Emitter<O> emitter = new Emitter<>(
                name,
                null == output ? null : output.ringBuffer(),
                counters.counter(StageCounter.EVENTS_OUT),
                counters.counter(StageCounter.DROPPED_RING_FULL));
            final StageCommandRing commandRing = new StageCommandRing(
                name, context.commandRingSize(), counters.counter(StageCounter.COMMANDS_REJECTED));
            return new Stage<>(name, logic, poller, commandRing, emitter, counters, context);
        }
    }
}
