package io.avatar.engine.core;

import com.lmax.disruptor.EventPoller;
import io.avatar.engine.core.event.EventStatus;
import io.avatar.engine.core.event.StageEvent;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One pipeline stage as an Agrona {@link Agent}. Each duty cycle ({@link #doWork()}):
 * <ol>
 * <li>reads the clock once and tracks the duty cycle time;</li>
 * <li>drains at most {@code commandDrainLimit} commands from its {@link StageProxy};</li>
 * <li>lets the logic produce ({@link StageLogic#onCycle}, for sources);</li>
 * <li>polls at most {@code maxBatch} events (under {@link FullRingPolicy#BACKPRESSURE} no more than the output has
 * room for) from its input ring through a Disruptor {@link EventPoller}: each is
 * counted, its age recorded, dropped if late ({@code deadline - now < 0}), else handed to the logic; then
 * {@link StageLogic#onEndOfBatch};</li>
 * <li>returns the work count, so the idle strategy idles only when there was nothing to do.</li>
 * </ol>
 * Output goes through an {@link Emitter} ({@code tryNext()}, never blocks). Per-event exceptions are contained (see
 * {@link StageLogic}); nothing on this path allocates, locks or sleeps.
 * <p>
 * Threading: {@link #onStart()}, {@link #doWork()} and {@link #onClose()} are called by exactly one thread at a time
 * (an {@link org.agrona.concurrent.AgentRunner}, a {@link org.agrona.concurrent.CompositeAgent}'s runner or an
 * {@link org.agrona.concurrent.AgentInvoker}); the accessors may be called from any thread.
 *
 * @param <I> input event type.
 * @param <O> output event type.
 */
public final class Stage<I extends StageEvent, O extends StageEvent> implements Agent, EventPoller.Handler<I>
{
    private final String name;
    private final StageLogic<I, O> logic;
    private final EventPoller<I> input;
    private final EventPoller<StageCommand> commandInput;
    private final CommandHandler commandHandler = new CommandHandler();
    private final Emitter<O> emitter;
    private final StageProxy proxy;
    private final StageCounters counters;
    private final LatencyRecorder latency;
    private final LatencyRecorder busyCycles;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final int maxBatch;
    private final int commandDrainLimit;
    private final long cycleThresholdNs;
    private final boolean backpressure;
    private final int maxOutputsPerEvent;

    private final AtomicCounter eventsIn;
    private final AtomicCounter droppedDeadline;
    private final AtomicCounter failed;
    private final AtomicCounter upstreamNotOk;
    private final AtomicCounter commands;
    private final AtomicCounter maxCycleNs;
    private final AtomicCounter cycleThresholdExceeded;

    private long nowNs;
    private long lastCycleNs;
    private boolean cycleStarted;
    private boolean lastCycleBusy;
    private int batchCount;
    private int batchLimit;
    private int commandCount;

    Stage(
        final String name,
        final StageLogic<I, O> logic,
        final EventPoller<I> input,
        final StageCommandRing commandRing,
        final Emitter<O> emitter,
        final StageCounters counters,
        final EngineContext context)
    {
        this.name = name;
        this.logic = logic;
        this.input = input;
        this.commandInput = commandRing.poller();
        this.proxy = commandRing.proxy();
        this.emitter = emitter;
        this.counters = counters;
        this.latency = new LatencyRecorder();
        this.busyCycles = new LatencyRecorder();
        this.clock = context.nanoClock();
        this.errorHandler = context.errorHandler();
        this.maxBatch = context.maxBatch();
        this.commandDrainLimit = context.commandDrainLimit();
        this.cycleThresholdNs = context.cycleThresholdNs();
        this.backpressure = context.fullRingPolicy() == FullRingPolicy.BACKPRESSURE && emitter.hasOutput();
        this.maxOutputsPerEvent = logic.maxOutputsPerEvent();
        if (maxOutputsPerEvent < 1)
        {
            throw new IllegalArgumentException(
                "stage '" + name + "' maxOutputsPerEvent=" + maxOutputsPerEvent + " must be at least 1");
        }
        eventsIn = counters.counter(StageCounter.EVENTS_IN);
        droppedDeadline = counters.counter(StageCounter.DROPPED_DEADLINE);
        failed = counters.counter(StageCounter.FAILED);
        upstreamNotOk = counters.counter(StageCounter.UPSTREAM_NOT_OK);
        commands = counters.counter(StageCounter.COMMANDS);
        maxCycleNs = counters.counter(StageCounter.MAX_CYCLE_NS);
        cycleThresholdExceeded = counters.counter(StageCounter.CYCLE_THRESHOLD_EXCEEDED);
    }

    /**
     * @return the stage's name (also its thread name in DEDICATED mode). Any thread.
     */
    @Override
    public String roleName()
    {
        return name;
    }

    /**
     * @return the stage's counters, readable from any thread.
     */
    public StageCounters counters()
    {
        return counters;
    }

    /**
     * @return the histogram of event age on arrival ({@code now - originNs}); snapshots from any thread.
     */
    public LatencyRecorder latency()
    {
        return latency;
    }

    /**
     * @return the histogram of busy duty cycles: the time from the start of a cycle that did work to the start of the
     *     next one. Runners do not idle after a busy cycle, so in DEDICATED mode this is the stage's processing time
     *     per cycle; in SHARED mode it spans the whole shared cycle. Snapshots from any thread.
     */
    public LatencyRecorder busyCycles()
    {
        return busyCycles;
    }

    /**
     * @return the proxy through which any thread sends this stage commands.
     */
    public StageProxy proxy()
    {
        return proxy;
    }

    /**
     * @return the stage's logic (for wiring and tests; call its methods only from the stage thread).
     */
    public StageLogic<I, O> logic()
    {
        return logic;
    }

    /**
     * Agent thread only.
     */
    @Override
    public void onStart()
    {
        logic.onStart();
    }

    /**
     * One duty cycle. Agent thread only.
     *
     * @return work done: commands handled + work reported by the logic + input events taken.
     * @throws Exception only what the Disruptor poller itself throws; per-event exceptions are contained.
     */
    @Override
    public int doWork() throws Exception
    {
        final long nowNs = clock.nanoTime();
        this.nowNs = nowNs;
        trackDutyCycle(nowNs);

        int workCount = drainCommands();
        workCount += produce(nowNs);
        if (null != input)
        {
            workCount += pollInput(nowNs);
        }
        lastCycleBusy = workCount > 0;
        return workCount;
    }

    /**
     * Agent thread only, once.
     */
    @Override
    public void onClose()
    {
        logic.onClose();
    }

    /**
     * Poller callback for one input event; public only because Disruptor's interface is. Agent thread only.
     *
     * @param event      the event.
     * @param sequence   its ring sequence.
     * @param endOfBatch true when it was the last published event at poll time.
     * @return whether to keep polling in this cycle.
     */
    @Override
    public boolean onEvent(final I event, final long sequence, final boolean endOfBatch)
    {
        if (!logic.accepts(event))
        {
            return true; // a sibling shard's event: skipped without a trace, and it does not use up the batch
        }
        final long nowNs = this.nowNs;
        batchCount++;
        eventsIn.incrementRelease();
        latency.record(nowNs - event.originNs());

        if (event.status() != EventStatus.OK)
        {
            upstreamNotOk.incrementRelease();
            try
            {
                logic.onUpstreamNotOk(event, nowNs, emitter);
            }
            catch (final AgentTerminationException ex)
            {
                throw terminate(ex);
            }
            catch (final Exception ex)
            {
                onFailure(event, ex);
            }
        }
        else if (event.isLate(nowNs))
        {
            event.status(EventStatus.DROPPED);
            droppedDeadline.incrementRelease();
        }
        else
        {
            try
            {
                logic.onEvent(event, nowNs, emitter);
            }
            catch (final AgentTerminationException ex)
            {
                throw terminate(ex);
            }
            catch (final Exception ex)
            {
                onFailure(event, ex);
            }
        }
        checkNoPendingClaim(event);
        return batchCount < batchLimit;
    }

    private int pollInput(final long nowNs) throws Exception
    {
        int limit = maxBatch;
        if (backpressure)
        {
            final long room = emitter.remainingCapacity() / maxOutputsPerEvent;
            if (room < limit)
            {
                limit = (int)room;
            }
            if (0 == limit)
            {
                return 0; // input stays queued: the pressure travels upstream.
            }
        }
        batchLimit = limit;
        batchCount = 0;
        input.poll(this);
        final int count = batchCount;
        if (count > 0)
        {
            try
            {
                logic.onEndOfBatch(nowNs, emitter);
            }
            catch (final AgentTerminationException ex)
            {
                throw terminate(ex);
            }
            catch (final Exception ex)
            {
                onFailure(null, ex);
            }
            checkNoPendingClaim(null);
        }
        return count;
    }

    private int produce(final long nowNs)
    {
        int work = 0;
        try
        {
            work = logic.onCycle(nowNs, emitter);
        }
        catch (final AgentTerminationException ex)
        {
            throw terminate(ex);
        }
        catch (final Exception ex)
        {
            onFailure(null, ex);
            work = 1;
        }
        checkNoPendingClaim(null);
        return work;
    }

    private int drainCommands() throws Exception
    {
        commandCount = 0;
        commandInput.poll(commandHandler);
        return commandCount;
    }

    private void trackDutyCycle(final long nowNs)
    {
        if (cycleStarted)
        {
            final long cycleNs = nowNs - lastCycleNs;
            if (lastCycleBusy)
            {
                busyCycles.record(cycleNs);
            }
            if (cycleNs > maxCycleNs.getPlain())
            {
                maxCycleNs.setRelease(cycleNs);
            }
            if (cycleNs > cycleThresholdNs)
            {
                cycleThresholdExceeded.incrementRelease();
            }
        }
        cycleStarted = true;
        lastCycleNs = nowNs;
    }

    private void onFailure(final StageEvent event, final Exception ex)
    {
        failed.incrementRelease();
        if (null != event)
        {
            event.status(EventStatus.FAILED);
        }
        emitter.publishPendingAsFailed();
        errorHandler.onError(ex);
    }

    private AgentTerminationException terminate(final AgentTerminationException ex)
    {
        emitter.publishPendingAsFailed();
        return ex;
    }

    private void checkNoPendingClaim(final StageEvent event)
    {
        if (emitter.hasPending())
        {
            // A logic bug, not a data error: the slot must still go out so the ring stays consistent.
            onFailure(event, new IllegalStateException(
                "stage '" + name + "' returned from its logic with a claimed but unpublished output slot"));
        }
    }

    private final class CommandHandler implements EventPoller.Handler<StageCommand>
    {
        @Override
        public boolean onEvent(final StageCommand command, final long sequence, final boolean endOfBatch)
        {
            commandCount++;
            commands.incrementRelease();
            try
            {
                logic.onCommand(command, nowNs, emitter);
            }
            catch (final AgentTerminationException ex)
            {
                throw terminate(ex);
            }
            catch (final Exception ex)
            {
                onFailure(null, ex);
            }
            finally
            {
                command.clear();
            }
            checkNoPendingClaim(null);
            return commandCount < commandDrainLimit;
        }
    }
}
