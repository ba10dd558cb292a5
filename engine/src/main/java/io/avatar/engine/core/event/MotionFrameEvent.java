package io.avatar.engine.core.event;

import com.lmax.disruptor.EventFactory;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

/**
 * One video-rate motion frame: the 52 ARKit blendshape weights ({@link ArkitBlendshape} order) and the 6-number head
 * pose ({@link HeadPose} layout), plus flags.
 * <p>
 * Threading: as {@link StageEvent}.
 */
public final class MotionFrameEvent extends StageEvent
{
    /** Flag: the frame was driven by speech. */
    public static final int FLAG_SPEAKING = 1;
    /** Flag: idle motion (silence: breathing, blinks, small head motion). */
    public static final int FLAG_IDLE = 1 << 1;
    /** Flag: first frame after an interruption (barge-in); smoothing state must restart here. */
    public static final int FLAG_INTERRUPTED = 1 << 2;
    /** Preallocating factory; build time only. */
    public static final EventFactory<MotionFrameEvent> FACTORY = MotionFrameEvent::new;

    private final float[] weights = new float[ArkitBlendshape.COUNT];
    private final float[] pose = new float[HeadPose.SIZE];
    private int flags;
    private long frameIndex;
    private float speechProbability;

    /**
     * Allocates a slot. Build time only (through {@link #FACTORY}).
     */
    public MotionFrameEvent()
    {
    }

    /**
     * @return the 52 rig weights in [0, 1]; the slot owner writes into it.
     */
    public float[] weights()
    {
        return weights;
    }

    /**
     * @return the 6 head-pose numbers; the slot owner writes into it.
     */
    public float[] pose()
    {
        return pose;
    }

    /**
     * @return bit set of {@code FLAG_*} values.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @param flags bit set of {@code FLAG_*} values.
     */
    public void flags(final int flags)
    {
        this.flags = flags;
    }

    /**
     * @param flag one {@code FLAG_*} value.
     * @return true when it is set.
     */
    public boolean hasFlag(final int flag)
    {
        return (flags & flag) != 0;
    }

    /**
     * @return video frame index {@code k}; its pts is {@code MediaTime.framePtsNs(k, fps)}.
     */
    public long frameIndex()
    {
        return frameIndex;
    }

    /**
     * @param frameIndex video frame index.
     */
    public void frameIndex(final long frameIndex)
    {
        this.frameIndex = frameIndex;
    }

    /**
     * @return voice-activity probability aligned with this frame (the motion stage gates the mouth with it).
     */
    public float speechProbability()
    {
        return speechProbability;
    }

    /**
     * @param speechProbability voice-activity probability aligned with this frame.
     */
    public void speechProbability(final float speechProbability)
    {
        this.speechProbability = speechProbability;
    }
}
