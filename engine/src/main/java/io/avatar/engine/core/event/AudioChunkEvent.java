package io.avatar.engine.core.event;

import com.lmax.disruptor.EventFactory;

/**
 * A chunk of 16 kHz mono float PCM in [-1, 1] on the audio clock. The sample array is allocated once with a fixed
 * capacity; {@link #sampleCount()} says how much of it is valid. {@link #firstSampleIndex()} is the audio-clock
 * index of {@code samples()[0]}: consumers detect a dropped chunk as a jump in it, and derive pts from it rather
 * than from counting chunks, so a drop never shifts the clock.
 * <p>
 * Threading: as {@link StageEvent}.
 */
public final class AudioChunkEvent extends StageEvent
{
    /** Sample rate of every chunk on engine rings (the ingest stage resamples to it). */
    public static final int SAMPLE_RATE = 16_000;
    /** Default capacity: 40 ms. */
    public static final int DEFAULT_CAPACITY = 640;
    /** Largest capacity accepted (4 s), to catch unit mistakes (bytes for samples, Hz for samples). */
    public static final int MAX_CAPACITY = 65_536;

    private final float[] samples;
    private int sampleCount;
    private long firstSampleIndex;

    /**
     * Allocates a chunk slot. Build time only.
     *
     * @param capacity samples the slot holds, in {@code [1, MAX_CAPACITY]}.
     */
    public AudioChunkEvent(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "audio chunk capacity=" + capacity + " samples is outside [1, " + MAX_CAPACITY + "]");
        }
        samples = new float[capacity];
    }

    /**
     * @param capacity samples per slot, as for the constructor.
     * @return a factory that preallocates slots of that capacity; build time only.
     */
    public static EventFactory<AudioChunkEvent> factory(final int capacity)
    {
        new AudioChunkEvent(capacity); // validate now, not on the first slot.
        return () -> new AudioChunkEvent(capacity);
    }

    /**
     * @return the backing array; valid data is {@code [0, sampleCount())}. The slot owner may write into it.
     */
    public float[] samples()
    {
        return samples;
    }

    /**
     * @return the fixed number of samples the slot can hold.
     */
    public int capacity()
    {
        return samples.length;
    }

    /**
     * @return number of valid samples.
     */
    public int sampleCount()
    {
        return sampleCount;
    }

    /**
     * @param sampleCount number of valid samples, in {@code [0, capacity()]}.
     */
    public void sampleCount(final int sampleCount)
    {
        if (sampleCount < 0 || sampleCount > samples.length)
        {
            throw new IllegalArgumentException(
                "sampleCount=" + sampleCount + " is outside [0, " + samples.length + "]");
        }
        this.sampleCount = sampleCount;
    }

    /**
     * @return audio-clock index of the first sample (samples since the session's audio started).
     */
    public long firstSampleIndex()
    {
        return firstSampleIndex;
    }

    /**
     * @param firstSampleIndex audio-clock index of the first sample.
     */
    public void firstSampleIndex(final long firstSampleIndex)
    {
        this.firstSampleIndex = firstSampleIndex;
    }

    /**
     * Copies samples in and sets count and first index. Allocation-free.
     *
     * @param source           samples to copy.
     * @param offset           first sample in {@code source}.
     * @param length           number of samples, at most {@link #capacity()}.
     * @param firstSampleIndex audio-clock index of {@code source[offset]}.
     */
    public void put(final float[] source, final int offset, final int length, final long firstSampleIndex)
    {
        sampleCount(length);
        System.arraycopy(source, offset, samples, 0, length);
        this.firstSampleIndex = firstSampleIndex;
    }
}
