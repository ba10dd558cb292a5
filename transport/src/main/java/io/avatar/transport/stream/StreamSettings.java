package io.avatar.transport.stream;

/**
 * How a stream is encoded and buffered. Immutable; any thread.
 *
 * @param width           frame width (even; the session's frames must have this size).
 * @param height          frame height (even).
 * @param fps             frame rate of the session.
 * @param keyframeSeconds seconds between H.264 key frames: a viewer that joins mid-stream waits up to this long for
 *                        a picture, and RTMP servers/players commonly expect 2 s (YouTube, Twitch ask for at most 2-4).
 * @param queueFrames     frames the hand-off queue holds between the engine and the writer thread; when the network
 *                        stalls longer than this, new frames are dropped (counted), never waited for.
 * @param ioTimeoutMs     a network read/write/connect that makes no progress for this long fails the stream.
 */
public record StreamSettings(int width, int height, int fps, double keyframeSeconds, int queueFrames,
    int ioTimeoutMs)
{
    /** Default key frame interval in seconds. */
    public static final double DEFAULT_KEYFRAME_SECONDS = 2.0;
    /** Default queue length: about half a second at 25 fps. */
    public static final int DEFAULT_QUEUE_FRAMES = 12;
    /** Default network timeout. */
    public static final int DEFAULT_IO_TIMEOUT_MS = 5_000;

    /**
     * Validates.
     */
    public StreamSettings
    {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0)
        {
            throw new IllegalArgumentException("stream frame size must be positive and even, got " + width + "x"
                + height);
        }
        if (fps < 1 || fps > 120)
        {
            throw new IllegalArgumentException("stream frame rate must be in [1, 120], got " + fps);
        }
        if (!(keyframeSeconds > 0 && keyframeSeconds <= 60))
        {
            throw new IllegalArgumentException("key frame interval must be in (0, 60] s, got " + keyframeSeconds);
        }
        if (queueFrames < 2 || queueFrames > 1_000)
        {
            throw new IllegalArgumentException("stream queue must hold 2-1000 frames, got " + queueFrames);
        }
        if (ioTimeoutMs < 100)
        {
            throw new IllegalArgumentException("network timeout must be at least 100 ms, got " + ioTimeoutMs);
        }
    }

    /**
     * @param width  frame width.
     * @param height frame height.
     * @param fps    frame rate.
     * @return settings with the default key frame interval, queue and timeout.
     */
    public static StreamSettings of(final int width, final int height, final int fps)
    {
        return new StreamSettings(width, height, fps, DEFAULT_KEYFRAME_SECONDS, DEFAULT_QUEUE_FRAMES,
            DEFAULT_IO_TIMEOUT_MS);
    }

    /**
     * @param seconds key frame interval.
     * @return a copy with that interval.
     */
    public StreamSettings withKeyframeSeconds(final double seconds)
    {
        return new StreamSettings(width, height, fps, seconds, queueFrames, ioTimeoutMs);
    }

    /**
     * @param frames queue length.
     * @return a copy with that queue length.
     */
    public StreamSettings withQueueFrames(final int frames)
    {
        return new StreamSettings(width, height, fps, keyframeSeconds, frames, ioTimeoutMs);
    }

    /**
     * @param ms network timeout.
     * @return a copy with that timeout.
     */
    public StreamSettings withIoTimeoutMs(final int ms)
    {
        return new StreamSettings(width, height, fps, keyframeSeconds, queueFrames, ms);
    }

    /**
     * @return frames between key frames (at least 1).
     */
    public int gopFrames()
    {
        return Math.max(1, (int)Math.round(keyframeSeconds * fps));
    }
}
