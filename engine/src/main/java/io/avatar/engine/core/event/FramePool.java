package io.avatar.engine.core.event;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed set of off-heap frame buffers leased by index, so video frames move between stages as an {@code int} on a
 * ring and are never copied (zero-copy) or allocated per frame.
 * <p>
 * Each buffer has a reference count: {@link #lease()} takes a free one (count 0 to 1), {@link #retain(int)} adds a
 * holder when a frame fans out to several sinks, {@link #release(int)} drops one and frees the buffer at zero.
 * <p>
 * Threading: {@link #lease()}, {@link #retain(int)}, {@link #release(int)} and {@link #available()} are lock-free and
 * may be called from any thread. Buffer contents are handed over through a ring publish (happens-before), and a
 * holder must not touch the buffer after its {@code release}. {@link #close()} is for the owner, once every stage
 * has stopped.
 */
public final class FramePool implements AutoCloseable
{
    /** Index returned by {@link #lease()} when every buffer is in use, and the "no frame" value of events. */
    public static final int NO_FRAME = -1;
    /** Most buffers a pool may hold. */
    public static final int MAX_FRAMES = 4096;
    private static final int ALIGNMENT = 64;

    private final ByteBuffer[] byteBuffers;
    private final UnsafeBuffer[] buffers;
    private final AtomicIntegerArray refCounts;
    private final int frameCapacity;
    // A hint only: racing writers leave a valid index in it, so it needs no ordering.
    private int nextHint;
    private boolean closed;

    /**
     * Allocates every buffer now, 64-byte aligned. Build time only.
     *
     * @param frameCount    number of buffers, in {@code [1, MAX_FRAMES]}.
     * @param frameCapacity bytes per buffer, at least 1 (use {@link PixelFormat#frameBytes(int, int)}).
     */
    public FramePool(final int frameCount, final int frameCapacity)
    {
        if (frameCount < 1 || frameCount > MAX_FRAMES)
        {
            throw new IllegalArgumentException("frame pool size=" + frameCount + " is outside [1, " + MAX_FRAMES + "]");
        }
        if (frameCapacity < 1)
        {
            throw new IllegalArgumentException("frame capacity=" + frameCapacity + " bytes must be at least 1");
        }
        if ((long)frameCount * frameCapacity > Integer.MAX_VALUE * 8L)
        {
            throw new IllegalArgumentException(
                "frame pool of " + frameCount + " x " + frameCapacity + " bytes exceeds 16 GiB");
        }
        this.frameCapacity = frameCapacity;
        byteBuffers = new ByteBuffer[frameCount];
        buffers = new UnsafeBuffer[frameCount];
        refCounts = new AtomicIntegerArray(frameCount);
        for (int i = 0; i < frameCount; i++)
        {
            // Aligned by hand inside a plain direct buffer, because an aligned slice cannot be freed eagerly.
            final ByteBuffer raw = ByteBuffer.allocateDirect(frameCapacity + ALIGNMENT - 1);
            final int pad = (int)((ALIGNMENT - (BufferUtil.address(raw) & (ALIGNMENT - 1))) & (ALIGNMENT - 1));
            byteBuffers[i] = raw;
            buffers[i] = new UnsafeBuffer(raw, pad, frameCapacity);
        }
    }

    /**
     * Takes a free buffer. Lock-free, allocation-free; any thread.
     *
     * @return its index (reference count now 1), or {@link #NO_FRAME} when all are in use (the caller skips the
     *     frame and counts it).
     */
    public int lease()
    {
        final AtomicIntegerArray refCounts = this.refCounts;
        final int n = refCounts.length();
        int index = nextHint;
        for (int i = 0; i < n; i++)
        {
            if (index >= n)
            {
                index = 0;
            }
            if (refCounts.get(index) == 0 && refCounts.compareAndSet(index, 0, 1))
            {
                nextHint = index + 1;
                return index;
            }
            index++;
        }
        return NO_FRAME;
    }

    /**
     * Adds a holder to a leased buffer (fan-out to another sink). Any thread that holds a reference.
     *
     * @param index a leased buffer.
     */
    public void retain(final int index)
    {
        while (true)
        {
            final int count = refCounts.get(index);
            if (count <= 0)
            {
                throw new IllegalStateException("frame buffer " + index + " retained while free");
            }
            if (refCounts.compareAndSet(index, count, count + 1))
            {
                return;
            }
        }
    }

    /**
     * Drops one holder. Any thread that holds a reference; it must not touch the buffer afterwards.
     *
     * @param index a leased buffer.
     * @return true when this was the last holder and the buffer is free again.
     */
    public boolean release(final int index)
    {
        while (true)
        {
            final int count = refCounts.get(index);
            if (count <= 0)
            {
                throw new IllegalStateException("frame buffer " + index + " released while free (double release)");
            }
            if (refCounts.compareAndSet(index, count, count - 1))
            {
                return count == 1;
            }
        }
    }

    /**
     * @param index a buffer index in {@code [0, size())}.
     * @return the buffer; valid to use only while holding a reference.
     */
    public UnsafeBuffer buffer(final int index)
    {
        return buffers[index];
    }

    /**
     * @param index a buffer index.
     * @return its current reference count (0 = free). Any thread; a snapshot.
     */
    public int refCount(final int index)
    {
        return refCounts.get(index);
    }

    /**
     * @return number of buffers free right now. Any thread; a snapshot, O(size).
     */
    public int available()
    {
        int free = 0;
        for (int i = 0, n = refCounts.length(); i < n; i++)
        {
            if (refCounts.get(i) == 0)
            {
                free++;
            }
        }
        return free;
    }

    /**
     * @return number of buffers.
     */
    public int size()
    {
        return buffers.length;
    }

    /**
     * @return bytes per buffer.
     */
    public int frameCapacity()
    {
        return frameCapacity;
    }

    /**
     * Frees the off-heap memory now (not at some later GC) and points every buffer view at an empty array, so a
     * stale use fails a bounds check instead of touching freed memory. Idempotent. Owner thread only, after every
     * stage using the pool has closed.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            for (int i = byteBuffers.length - 1; i >= 0; i--)
            {
                buffers[i].wrap(new byte[0]);
                BufferUtil.free(byteBuffers[i]);
                byteBuffers[i] = null;
            }
        }
    }
}
