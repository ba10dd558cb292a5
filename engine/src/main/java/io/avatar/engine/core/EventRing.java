package io.avatar.engine.core;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.avatar.engine.core.event.StageEvent;

/**
 * A named Disruptor ring of preallocated events between stages. Created by {@link PipelineBuilder#ring}; every slot
 * is filled once by the event factory. Consumers are pollers whose sequences gate the producer, so the producer's
 * {@code tryNext()} fails (and the {@link Emitter} drops and counts) instead of overwriting unread events.
 * <p>
 * Threading: built on the builder's thread. A single-producer ring is written by exactly one stage; a multi-producer
 * ring may also be written from outside the engine (e.g. session ingest from caller threads) through
 * {@link #ringBuffer()} with {@code tryNext()}/{@code publish()}.
 *
 * @param <E> event type.
 */
public final class EventRing<E extends StageEvent>
{
    private final String name;
    private final RingBuffer<E> ring;
    private final boolean multiProducer;
    private int producers;
    private int consumers;

    EventRing(final String name, final EventFactory<E> factory, final int size, final boolean multiProducer)
    {
        this.name = name;
        this.multiProducer = multiProducer;
        // Stages poll and never wait on the ring, and this strategy's publish-side signal is a no-op, whereas
        // BlockingWaitStrategy would take a lock on every publish.
        ring = multiProducer ?
            RingBuffer.createMultiProducer(factory, size, new BusySpinWaitStrategy()) :
            RingBuffer.createSingleProducer(factory, size, new BusySpinWaitStrategy());
    }

    /**
     * @return the ring's name, used in error messages and diagnostics.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return slots in the ring (a power of two).
     */
    public int size()
    {
        return ring.getBufferSize();
    }

    /**
     * @return true when several threads may publish.
     */
    public boolean isMultiProducer()
    {
        return multiProducer;
    }

    /**
     * @return the underlying ring, for external producers of a multi-producer ring and for tests/diagnostics.
     *     Use only {@code tryNext()}, never the blocking {@code next()}.
     */
    public RingBuffer<E> ringBuffer()
    {
        return ring;
    }

    EventPoller<E> addConsumer()
    {
        final EventPoller<E> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        consumers++;
        return poller;
    }

    void addProducer()
    {
        producers++;
    }

    int producers()
    {
        return producers;
    }

    int consumers()
    {
        return consumers;
    }
}
