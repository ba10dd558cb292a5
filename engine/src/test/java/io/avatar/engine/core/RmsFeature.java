package io.avatar.engine.core;

import java.util.List;

import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.FeatureFrameEvent;

/**
 * Test stage with real computation: per-chunk RMS energy (a baseline stand-in for the log-mel kernel, which lives in
 * io.avatar.kernels.dsp). Writes RMS to band 0 and natural-log mean energy to band 1 of the feature frame.
 * Accepts {@link #SET_GAIN} commands and can be told to throw on one sequence number.
 */
final class RmsFeature implements StageLogic<AudioChunkEvent, FeatureFrameEvent>
{
    static final int SET_GAIN = 1;
    static final float VAD_RMS_THRESHOLD = 0.01f;

    private final List<String> lifecycle;
    private final long failOnSeq;
    private float gain = 1.0f;
    private long lastFirstSample = -1;
    private int gapsSeen;

    RmsFeature(final long failOnSeq, final List<String> lifecycle)
    {
        this.failOnSeq = failOnSeq;
        this.lifecycle = lifecycle;
    }

    int gapsSeen()
    {
        return gapsSeen;
    }

    @Override
    public void onStart()
    {
        lifecycle.add("start rms");
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<FeatureFrameEvent> out)
    {
        if (command.type() == SET_GAIN)
        {
            gain = Float.intBitsToFloat((int)command.value());
        }
        else
        {
            throw new IllegalArgumentException("unknown command type " + command.type());
        }
    }

    @Override
    public void onEvent(final AudioChunkEvent in, final long nowNs, final Emitter<FeatureFrameEvent> out)
    {
        if (lastFirstSample >= 0 && in.firstSampleIndex() != lastFirstSample)
        {
            gapsSeen++;
        }
        lastFirstSample = in.firstSampleIndex() + in.sampleCount();

        final FeatureFrameEvent frame = out.tryClaim();
        if (null == frame)
        {
            return;
        }
        frame.copyHeaderFrom(in);
        if (in.seq() == failOnSeq)
        {
            throw new IllegalStateException("injected failure on seq " + failOnSeq);
        }
        final float[] samples = in.samples();
        final float gain = this.gain;
        double sum = 0;
        for (int i = 0, n = in.sampleCount(); i < n; i++)
        {
            final double x = gain * samples[i];
            sum += x * x;
        }
        final double meanSquare = in.sampleCount() == 0 ? 0 : sum / in.sampleCount();
        final float rms = (float)Math.sqrt(meanSquare);
        frame.logMel()[0] = rms;
        frame.logMel()[1] = (float)Math.log(Math.max(meanSquare, 1e-10));
        frame.vadProbability(rms > VAD_RMS_THRESHOLD ? 1.0f : 0.0f);
        frame.frameIndex(in.seq());
        out.publish();
    }

    @Override
    public void onClose()
    {
        lifecycle.add("close rms");
    }
}
