package io.avatar.engine.core.clock;

/**
 * Exact integer arithmetic between the session audio clock (16 kHz samples) and presentation time in nanoseconds
 * and video frame indices. Every value is computed from an index, never accumulated, so nothing drifts: at 16 kHz a
 * sample lasts exactly 62 500 ns, and frame {@code k} at {@code fps} starts at the exact rational
 * {@code k * 10^9 / fps} ns (floored to the nanosecond, an error below 1 ns that does not grow with {@code k}).
 * <p>
 * Sample {@code n} belongs to frame {@code k} when {@code framePts(k) <= samplePts(n) < framePts(k + 1)}, i.e.
 * {@code k * 16000 <= n * fps < (k + 1) * 16000}: frame {@code k} covers samples
 * {@code [firstSampleOfFrame(k), firstSampleOfFrame(k + 1))}.
 * <p>
 * Threading: stateless; any thread. Overflow (after about 9 years of 30 fps video) throws
 * {@link ArithmeticException} rather than wrapping.
 */
public final class MediaTime
{
    /** The audio clock's rate: samples per second. */
    public static final int SAMPLE_RATE = 16_000;
    /** Nanoseconds per second. */
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Nanoseconds per audio sample at 16 kHz: exactly 62 500. */
    public static final long NANOS_PER_SAMPLE = NANOS_PER_SECOND / SAMPLE_RATE;

    private MediaTime()
    {
    }

    /**
     * @param sampleIndex audio-clock sample index {@code n >= 0}.
     * @return its pts: exactly {@code n * 10^9 / 16000} ns.
     */
    public static long samplePtsNs(final long sampleIndex)
    {
        return Math.multiplyExact(sampleIndex, NANOS_PER_SAMPLE);
    }

    /**
     * @param ptsNs a presentation time in ns, at least 0.
     * @return the index of the sample playing at that time (floor).
     */
    public static long sampleAtPtsNs(final long ptsNs)
    {
        return Math.floorDiv(ptsNs, NANOS_PER_SAMPLE);
    }

    /**
     * @param frameIndex video frame index {@code k >= 0}.
     * @param fps        frames per second, positive.
     * @return {@code floor(k * 10^9 / fps)} ns.
     */
    public static long framePtsNs(final long frameIndex, final int fps)
    {
        return Math.multiplyExact(frameIndex, NANOS_PER_SECOND) / fps;
    }

    /**
     * @param frameIndex video frame index {@code k >= 0}.
     * @param fps        frames per second, positive.
     * @return the first audio sample of frame {@code k}: {@code ceil(k * 16000 / fps)}.
     */
    public static long firstSampleOfFrame(final long frameIndex, final int fps)
    {
        return Math.ceilDiv(Math.multiplyExact(frameIndex, (long)SAMPLE_RATE), fps);
    }

    /**
     * @param sampleIndex audio-clock sample index {@code n >= 0}.
     * @param fps         frames per second, positive.
     * @return the frame the sample belongs to: {@code floor(n * fps / 16000)}.
     */
    public static long frameOfSample(final long sampleIndex, final int fps)
    {
        return Math.multiplyExact(sampleIndex, (long)fps) / SAMPLE_RATE;
    }

    /**
     * @param samples number of audio samples received so far.
     * @param fps     frames per second, positive.
     * @return number of frames whose samples have all arrived (frames {@code [0, result)} are complete).
     */
    public static long framesComplete(final long samples, final int fps)
    {
        return frameOfSample(samples, fps);
    }

    /**
     * Video-minus-audio offset of a frame: its pts minus the pts of its first audio sample. Always in
     * {@code (-62500, 0]} ns (less than one sample), and exactly 0 whenever {@code k * 16000} is a multiple of
     * {@code fps}.
     *
     * @param frameIndex video frame index.
     * @param fps        frames per second.
     * @return the offset in ns.
     */
    public static long avOffsetNs(final long frameIndex, final int fps)
    {
        return framePtsNs(frameIndex, fps) - samplePtsNs(firstSampleOfFrame(frameIndex, fps));
    }
}
