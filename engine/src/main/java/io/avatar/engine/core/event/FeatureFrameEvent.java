package io.avatar.engine.core.event;

import com.lmax.disruptor.EventFactory;

/**
 * One audio feature frame at 100 frames/s (docs/FEATURES.md): 80 log-mel values and a voice-activity probability.
 * <p>
 * Threading: as {@link StageEvent}.
 */
public final class FeatureFrameEvent extends StageEvent
{
    /** Log-mel bands per frame (docs/FEATURES.md). */
    public static final int MEL_BANDS = 80;
    /** Preallocating factory; build time only. */
    public static final EventFactory<FeatureFrameEvent> FACTORY = FeatureFrameEvent::new;

    private final float[] logMel = new float[MEL_BANDS];
    private float vadProbability;
    private long frameIndex;

    /**
     * Allocates a slot. Build time only (through {@link #FACTORY}).
     */
    public FeatureFrameEvent()
    {
    }

    /**
     * @return the {@value #MEL_BANDS} log-mel values; the slot owner writes into it.
     */
    public float[] logMel()
    {
        return logMel;
    }

    /**
     * @return probability in [0, 1] that the frame holds speech.
     */
    public float vadProbability()
    {
        return vadProbability;
    }

    /**
     * @param vadProbability probability in [0, 1] that the frame holds speech.
     */
    public void vadProbability(final float vadProbability)
    {
        this.vadProbability = vadProbability;
    }

    /**
     * @return feature frame index since the session's audio started (frame {@code i} covers samples
     *     {@code [160 i, 160 i + 400)}).
     */
    public long frameIndex()
    {
        return frameIndex;
    }

    /**
     * @param frameIndex feature frame index since the session's audio started.
     */
    public void frameIndex(final long frameIndex)
    {
        this.frameIndex = frameIndex;
    }
}
