package io.avatar.engine.core;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.avatar.engine.core.event.StageEvent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Entry into a multi-producer ring from threads outside the engine (session ingest: callers pushing audio, network
 * threads). Claim, fill, publish by sequence, so concurrent callers hold no shared state:
 * <pre>{@code
 * long seq = ingress.tryClaim();
 * if (seq >= 0) { AudioChunkEvent e = ingress.event(seq); ...fill...; ingress.publish(seq); }
 * }</pre>
 * A full ring refuses the claim (drop newest, counted); a claimed sequence must always be published, even if
 * filling it failed (mark it FAILED), or the consumer stalls.
 * <p>
 * Threading: {@link #tryClaim()}, {@link #event(long)} and {@link #publish(long)} from any number of threads;
 * lock-free, allocation-free. Counters readable from any thread.
 *
 * @param <E> event type.
 */
public final class RingIngress<E extends StageEvent>
{
    private final EventRing<E> ring;
    private final RingBuffer<E> ringBuffer;
    private final AtomicCounter published;
    private final AtomicCounter droppedRingFull;
    private final NanoClock clock;

    RingIngress(
        final EventRing<E> ring,
        final AtomicCounter published,
        final AtomicCounter droppedRingFull,
        final NanoClock clock)
    {
        this.clock = clock;
        this.ring = ring;
        this.ringBuffer = ring.ringBuffer();
        this.published = published;
        this.droppedRingFull = droppedRingFull;
    }

    /**
     * @return the ring this ingress feeds.
     */
    public EventRing<E> ring()
    {
        return ring;
    }

    /**
     * Claims the next slot without blocking. Any thread.
     *
     * @return its sequence, or -1 when the ring is full (counted). The slot's header is cleared and its
     *     {@code originNs} stamped with the engine clock (the moment the data entered the engine).
     */
    public long tryClaim()
    {
        try
        {
            final long sequence = ringBuffer.tryNext();
            final E event = ringBuffer.get(sequence);
            event.clearHeader();
            event.originNs(clock.nanoTime());
            return sequence;
        }
        catch (final InsufficientCapacityException ex)
        {
            droppedRingFull.increment();
            return -1;
        }
    }

    /**
     * @param sequence a sequence this thread claimed and has not published.
     * @return its slot (header cleared, origin stamped).
     */
    public E event(final long sequence)
    {
        return ringBuffer.get(sequence);
    }

    /**
     * Publishes a claimed slot. The claiming thread only, once per claim.
     *
     * @param sequence the claimed sequence.
     */
    public void publish(final long sequence)
    {
        ringBuffer.publish(sequence);
        published.increment();
    }

    /**
     * @return events published through this ingress. Any thread.
     */
    public long publishedCount()
    {
        return published.get();
    }

    /**
     * @return claims refused because the ring was full. Any thread.
     */
    public long droppedCount()
    {
        return droppedRingFull.get();
    }
}
