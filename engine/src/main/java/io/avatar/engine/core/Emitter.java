package io.avatar.engine.core;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.avatar.engine.core.event.EventStatus;
import io.avatar.engine.core.event.StageEvent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A stage's way to publish downstream without ever blocking: {@link #tryClaim()} returns the preallocated slot of
 * the next sequence (header cleared) or null when the ring is full, the logic fills it, {@link #publish()} makes it
 * visible. One claim may be outstanding at a time.
 * <p>
 * <b>Full-ring policy: drop newest, counted.</b> When the downstream ring is full the event being produced is not
 * published and {@link StageCounter#DROPPED_RING_FULL} is incremented. Dropping the oldest instead would need the
 * producer to move the consumer's sequence, breaking the single-writer rule (and racing the consumer that is reading
 * that slot). Staleness is handled by the other half of the policy: queued events carry deadlines and the consumer
 * drops the ones that expired, so a backlog drains to fresh data either way. For audio the drop leaves a jump in
 * {@code firstSampleIndex}, so the consumer sees the gap and pts stay exact; for video frames the skipped frame is
 * simply absent and the publisher repeats the last one. A producer that leased a frame buffer releases it when the
 * claim fails.
 * <p>
 * Threading: owned by its stage; call only from the stage thread, inside {@link StageLogic} callbacks.
 *
 * @param <O> the output event type.
 */
public final class Emitter<O extends StageEvent>
{
    private final String stageName;
    private final RingBuffer<O> ring;
    private final AtomicCounter eventsOut;
    private final AtomicCounter droppedRingFull;
    private long pendingSequence = -1;

    Emitter(
        final String stageName,
        final RingBuffer<O> ring,
        final AtomicCounter eventsOut,
        final AtomicCounter droppedRingFull)
    {
        this.stageName = stageName;
        this.ring = ring;
        this.eventsOut = eventsOut;
        this.droppedRingFull = droppedRingFull;
    }

    /**
     * Claims the next output slot without blocking.
     *
     * @return the slot, with its header cleared (status OK, no deadline), or null when the downstream ring is full
     *     (counted as {@link StageCounter#DROPPED_RING_FULL}).
     * @throws IllegalStateException if the stage has no output ring or a claim is already outstanding.
     */
    public O tryClaim()
    {
        if (pendingSequence >= 0 || null == ring)
        {
            throw misuse();
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            droppedRingFull.incrementRelease();
            return null;
        }
        pendingSequence = sequence;
        final O event = ring.get(sequence);
        event.clearHeader();
        return event;
    }

    /**
     * Publishes the claimed slot.
     *
     * @throws IllegalStateException if nothing is claimed.
     */
    public void publish()
    {
        final long sequence = pendingSequence;
        if (sequence < 0)
        {
            throw new IllegalStateException("stage '" + stageName + "' published without a claim");
        }
        pendingSequence = -1;
        ring.publish(sequence);
        eventsOut.incrementRelease();
    }

    /**
     * Counts an output the logic chose not to produce for lack of room elsewhere (e.g. no free frame buffer) under
     * the same policy as a full ring.
     */
    public void countDropped()
    {
        droppedRingFull.incrementRelease();
    }

    /**
     * @return true when the stage has an output ring.
     */
    public boolean hasOutput()
    {
        return null != ring;
    }

    /**
     * @return free slots in the output ring right now (0 for a sink); lets batching logic size its work.
     */
    public long remainingCapacity()
    {
        return null == ring ? 0 : ring.remainingCapacity();
    }

    boolean hasPending()
    {
        return pendingSequence >= 0;
    }

    /**
     * A claimed sequence must be published or the ring would expose a stale slot (single producer) or stall (multi
     * producer), so after a failure the slot goes out marked FAILED for downstream to skip.
     */
    void publishPendingAsFailed()
    {
        final long sequence = pendingSequence;
        if (sequence >= 0)
        {
            ring.get(sequence).status(EventStatus.FAILED);
            publish();
        }
    }

    private IllegalStateException misuse()
    {
        return null == ring ?
            new IllegalStateException("stage '" + stageName + "' has no output ring") :
            new IllegalStateException("stage '" + stageName + "' claimed twice without publishing");
    }
}
