package io.avatar.engine.core.clock;

/**
 * One session's clock: the count of 16 kHz audio samples received. Audio pts and video frame timing are derived from
 * that count through {@link MediaTime}, so the video can never drift from the audio however long the session runs.
 * <p>
 * The clock also hands out video frames in order: {@link #hasFrameDue()} is true once all samples of the next frame
 * have arrived, and {@link #takeFrame()} returns its index.
 * <p>
 * Threading: single writer. One stage thread (the one that ingests the session's audio) owns an instance; other
 * threads learn times from the pts carried on events, never by reading this object.
 */
public final class SessionClock
{
    private final int fps;
    private long samples;
    private long nextFrame;

    /**
     * @param fps video frames per second, in {@code [1, 1000]} (the engine uses 25 or 30).
     */
    public SessionClock(final int fps)
    {
        if (fps < 1 || fps > 1000)
        {
            throw new IllegalArgumentException("fps=" + fps + " is outside [1, 1000]");
        }
        this.fps = fps;
    }

    /**
     * @return video frames per second.
     */
    public int fps()
    {
        return fps;
    }

    /**
     * @return audio samples received so far; also the index of the next sample.
     */
    public long samples()
    {
        return samples;
    }

    /**
     * @return pts of the next sample (the audio time reached so far), in ns.
     */
    public long audioTimeNs()
    {
        return MediaTime.samplePtsNs(samples);
    }

    /**
     * Counts samples received. Allocation-free.
     *
     * @param sampleCount samples just received, at least 0.
     * @return the audio-clock index of the first of them.
     */
    public long advance(final int sampleCount)
    {
        if (sampleCount < 0)
        {
            throw new IllegalArgumentException("sampleCount=" + sampleCount + " must be >= 0");
        }
        final long first = samples;
        samples = first + sampleCount;
        return first;
    }

    /**
     * @return index of the next frame {@link #takeFrame()} will return.
     */
    public long nextFrame()
    {
        return nextFrame;
    }

    /**
     * @return true when every sample of frame {@link #nextFrame()} has been received.
     */
    public boolean hasFrameDue()
    {
        return nextFrame < MediaTime.framesComplete(samples, fps);
    }

    /**
     * Takes the next frame. Call only when {@link #hasFrameDue()}.
     *
     * @return its index {@code k}; its pts is {@link #framePtsNs(long)}.
     */
    public long takeFrame()
    {
        if (!hasFrameDue())
        {
            throw new IllegalStateException(
                "frame " + nextFrame + " is not complete: " + samples + " samples received, it needs " +
                MediaTime.firstSampleOfFrame(nextFrame + 1, fps));
        }
        return nextFrame++;
    }

    /**
     * @param frameIndex video frame index.
     * @return its pts in ns, from the exact rational {@code k * 10^9 / fps}.
     */
    public long framePtsNs(final long frameIndex)
    {
        return MediaTime.framePtsNs(frameIndex, fps);
    }

    /**
     * @return video time minus audio time in ns: the end of the frames taken so far against the samples received.
     *     Negative while audio runs ahead of the next frame boundary; 0 whenever they coincide.
     */
    public long avOffsetNs()
    {
        return MediaTime.framePtsNs(nextFrame, fps) - MediaTime.samplePtsNs(samples);
    }
}
