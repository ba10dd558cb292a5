package io.avatar.engine.session;

/**
 * The 16 kHz audio a session has ingested, kept long enough for the output stage to publish each video frame with
 * the audio of its own interval (that is what delays the published audio by exactly the pipeline latency). One writer
 * (ingest stage), one reader (output stage): the writer publishes its position with a release store after writing,
 * the reader reads only below that position and reports what was overwritten before it got there.
 */
final class AudioHistory
{
    private final float[] data;
    private final int mask;
    private volatile long written;

    AudioHistory(final int capacityPow2)
    {
        if (Integer.bitCount(capacityPow2) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacityPow2);
        }
        data = new float[capacityPow2];
        mask = capacityPow2 - 1;
    }

    /** Writer thread. */
    void append(final float[] src, final int off, final int len)
    {
        final long w = written;
        for (int i = 0; i < len; i++)
        {
            data[(int)(w + i) & mask] = src[off + i];
        }
        written = w + len;
    }

    /**
     * @return samples written so far (any thread).
     */
    long written()
    {
        return written;
    }

    /**
     * Reader thread: copies samples {@code [from, from + len)}; samples not yet written or already overwritten are
     * returned as silence.
     *
     * @return how many of the samples were real (not filled with silence).
     */
    int read(final long from, final float[] dst, final int len)
    {
        final long w = written;
        final long oldest = w - data.length;
        int real = 0;
        for (int i = 0; i < len; i++)
        {
            final long s = from + i;
            if (s >= oldest && s < w && s >= 0)
            {
                dst[i] = data[(int)s & mask];
                real++;
            }
            else
            {
                dst[i] = 0f;
            }
        }
        // Re-check: anything the writer overwrote while we copied is stale.
        final long oldestAfter = written - data.length;
        for (int i = 0; i < len && from + i < oldestAfter; i++)
        {
            dst[i] = 0f;
        }
        return real;
    }
}
