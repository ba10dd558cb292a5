package io.avatar.transport.framesocket;

/**
 * Sizing of a {@link FrameSocketServer}, checked when built.
 *
 * @param maxPayloadBytes largest frame payload accepted (e.g. 1920 x 1080 x 4 for 1080p RGBA).
 * @param queueFrames     frames queued per client before the oldest is dropped, 1..64 (rounded up to a power of
 *                        two, at least 2); each client holds that many + 2 preallocated frame buffers.
 * @param maxClients      clients served at once, 1..64; more are accepted and closed at once, and counted.
 */
public record FrameSocketConfig(int maxPayloadBytes, int queueFrames, int maxClients)
{
    /** Default queue depth per client. */
    public static final int QUEUE_FRAMES_DEFAULT = 2;
    /** Default client limit. */
    public static final int MAX_CLIENTS_DEFAULT = 8;

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the bad value and its range.
     */
    public FrameSocketConfig
    {
        if (maxPayloadBytes < 1 || maxPayloadBytes > (1 << 30))
        {
            throw new IllegalArgumentException("frame socket maxPayloadBytes " + maxPayloadBytes +
                " is outside 1..2^30");
        }
        if (queueFrames < 1 || queueFrames > 64)
        {
            throw new IllegalArgumentException("frame socket queueFrames " + queueFrames + " is outside 1..64");
        }
        if (maxClients < 1 || maxClients > 64)
        {
            throw new IllegalArgumentException("frame socket maxClients " + maxClients + " is outside 1..64");
        }
    }

    /**
     * @param width  largest frame width.
     * @param height largest frame height.
     * @return a config for RGBA frames up to that size with the default queue and client limit.
     */
    public static FrameSocketConfig forRgba(final int width, final int height)
    {
        return new FrameSocketConfig(FrameHeader.payloadLength(FrameHeader.FORMAT_RGBA, width, height),
            QUEUE_FRAMES_DEFAULT, MAX_CLIENTS_DEFAULT);
    }
}
