package io.avatar.transport.stream;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer single-consumer queue of preallocated frame slots (I420 pixels + the frame's audio).
 * The producer (the engine's output stage) claims a slot, fills it and publishes it; the consumer (the stream's
 * writer thread) peeks the oldest, uses it and releases it. Nothing is allocated after construction and nobody waits:
 * a full queue makes {@link #claim()} return null.
 */
final class FrameSlots
{
    /** One queued frame. Written by the producer between claim and publish, read by the consumer between peek and
     * release. */
    static final class Slot
    {
        final ByteBuffer video;
        final float[] audio;
        final FloatBuffer audioView;
        long frameIndex;
        long ptsNs;
        long offeredNs;
        /** Session sample number (at the stream's audio rate) of the first audio sample in this slot. */
        long audioStart;
        int audioLen;

        Slot(final int videoBytes, final int audioCapacity)
        {
            video = ByteBuffer.allocateDirect(videoBytes);
            audio = new float[audioCapacity];
            audioView = FloatBuffer.wrap(audio);
        }
    }

    private final Slot[] slots;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    /**
     * @param capacity      slots.
     * @param videoBytes    bytes of one frame.
     * @param audioCapacity most audio samples one frame may carry.
     */
    FrameSlots(final int capacity, final int videoBytes, final int audioCapacity)
    {
        slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new Slot(videoBytes, audioCapacity);
        }
    }

    /**
     * @return the next free slot, or null when the queue is full. Producer thread.
     */
    Slot claim()
    {
        final long t = tail.get();
        if (t - head.get() >= slots.length)
        {
            return null;
        }
        return slots[(int)(t % slots.length)];
    }

    /**
     * Makes the claimed slot visible to the consumer. Producer thread.
     */
    void publish()
    {
        tail.lazySet(tail.get() + 1);
    }

    /**
     * @return the oldest published slot, or null when empty. Consumer thread.
     */
    Slot peek()
    {
        final long h = head.get();
        if (h == tail.get())
        {
            return null;
        }
        return slots[(int)(h % slots.length)];
    }

    /**
     * Frees the slot returned by {@link #peek()}. Consumer thread.
     */
    void release()
    {
        head.lazySet(head.get() + 1);
    }

    /**
     * @return slots published and not yet released. Any thread (a snapshot).
     */
    int size()
    {
        return (int)(tail.get() - head.get());
    }

    /**
     * @return number of slots.
     */
    int capacity()
    {
        return slots.length;
    }
}
