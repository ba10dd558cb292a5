package io.avatar.engine.session;

/**
 * A circular float buffer used by one thread: append at the tail, take from the head. Power-of-two capacity.
 */
final class FloatRing
{
    private final float[] data;
    private final int mask;
    private long head;
    private long tail;

    FloatRing(final int capacityPow2)
    {
        if (Integer.bitCount(capacityPow2) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacityPow2);
        }
        data = new float[capacityPow2];
        mask = capacityPow2 - 1;
    }

    int size()
    {
        return (int)(tail - head);
    }

    int free()
    {
        return data.length - size();
    }

    void append(final float[] src, final int off, final int len)
    {
        if (len > free())
        {
            throw new IllegalStateException("float ring overflow: " + len + " > " + free());
        }
        for (int i = 0; i < len; i++)
        {
            data[(int)(tail + i) & mask] = src[off + i];
        }
        tail += len;
    }

    void appendZeros(final int len)
    {
        if (len > free())
        {
            throw new IllegalStateException("float ring overflow: " + len + " > " + free());
        }
        for (int i = 0; i < len; i++)
        {
            data[(int)(tail + i) & mask] = 0f;
        }
        tail += len;
    }

    int take(final float[] dst, final int off, final int len)
    {
        final int n = Math.min(len, size());
        for (int i = 0; i < n; i++)
        {
            dst[off + i] = data[(int)(head + i) & mask];
        }
        head += n;
        return n;
    }

    void clear()
    {
        head = tail;
    }
}
