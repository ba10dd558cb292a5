package io.avatar.engine.core.event;

import com.lmax.disruptor.EventFactory;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A rendered video frame, by reference: the pixels live in a {@link FramePool} buffer and the event carries only its
 * index, size and format (zero-copy). Every slot of a ring refers to the same pool.
 * <p>
 * Ownership: the producer leases a buffer, fills it, sets {@link #bufferIndex(int)} and publishes; the reference
 * travels with the event and the final consumer {@link FramePool#release(int)}s it. A producer that cannot publish
 * (ring full) releases the buffer itself.
 * <p>
 * Threading: as {@link StageEvent}.
 */
public final class VideoFrameEvent extends StageEvent
{
    private final float[] weights = new float[io.avatar.models.rig.ArkitBlendshape.COUNT];
    private final float[] pose = new float[io.avatar.models.rig.HeadPose.SIZE];

    private final FramePool pool;
    private int bufferIndex = FramePool.NO_FRAME;
    private int width;
    private int height;
    private PixelFormat format = PixelFormat.RGBA;
    private long frameIndex;

    /**
     * Allocates a slot referring to {@code pool}. Build time only.
     *
     * @param pool the buffers this ring's frames live in.
     */
    public VideoFrameEvent(final FramePool pool)
    {
        if (null == pool)
        {
            throw new NullPointerException("pool");
        }
        this.pool = pool;
    }

    /**
     * @param pool the buffers this ring's frames live in.
     * @return a factory for ring slots; build time only.
     */
    public static EventFactory<VideoFrameEvent> factory(final FramePool pool)
    {
        if (null == pool)
        {
            throw new NullPointerException("pool");
        }
        return () -> new VideoFrameEvent(pool);
    }

    /**
     * @return the pool this frame's buffer belongs to.
     */
    public FramePool pool()
    {
        return pool;
    }

    /**
     * @return the leased buffer index, or {@link FramePool#NO_FRAME}.
     */
    public int bufferIndex()
    {
        return bufferIndex;
    }

    /**
     * @param bufferIndex a buffer index leased from {@link #pool()}, or {@link FramePool#NO_FRAME}.
     */
    public void bufferIndex(final int bufferIndex)
    {
        this.bufferIndex = bufferIndex;
    }

    /**
     * @return the frame's pixels; only valid while the holder's reference is live.
     */
    public UnsafeBuffer buffer()
    {
        return pool.buffer(bufferIndex);
    }

    /**
     * Sets the frame's geometry. The pool was sized for it at configuration time
     * ({@link PixelFormat#frameBytes(int, int)} at most {@link FramePool#frameCapacity()}), so nothing is checked here.
     *
     * @param width  pixels.
     * @param height pixels.
     * @param format pixel layout.
     */
    public void geometry(final int width, final int height, final PixelFormat format)
    {
        this.width = width;
        this.height = height;
        this.format = format;
    }

    /**
     * @return width in pixels.
     */
    public int width()
    {
        return width;
    }

    /**
     * @return height in pixels.
     */
    public int height()
    {
        return height;
    }

    /**
     * @return pixel layout.
     */
    public PixelFormat format()
    {
        return format;
    }

    /**
     * @return video frame index {@code k}.
     */
    public long frameIndex()
    {
        return frameIndex;
    }

    /**
     * @param frameIndex video frame index {@code k}.
     */
    public void frameIndex(final long frameIndex)
    {
        this.frameIndex = frameIndex;
    }

    /**
     * @return the 52 rig weights the frame shows (for motion outputs that travel with the frame).
     */
    public float[] weights()
    {
        return weights;
    }

    /**
     * @return the 6 head-pose numbers the frame shows.
     */
    public float[] pose()
    {
        return pose;
    }
}
