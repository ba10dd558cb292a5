package io.avatar.bench.e2e;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.session.FrameOutput;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A session output that measures, for every frame, how long after its audio interval ended (in the feeder's real-time
 * schedule) the frame was delivered: the mouth-to-screen lag a viewer sees, which the published audio shares.
 * Output stage thread; read after the run.
 */
final class LatencyProbe implements FrameOutput
{
    final Histogram e2e = new Histogram(60_000_000_000L, 3);
    private final long feedStartNs;
    private final int fps;
    volatile long frames;

    LatencyProbe(final long feedStartNs, final int fps)
    {
        this.feedStartNs = feedStartNs;
        this.fps = fps;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        final long audioEnd = feedStartNs + MediaTime.framePtsNs(frameIndex + 1, fps);
        final long lag = System.nanoTime() - audioEnd;
        e2e.recordValue(Math.max(0, Math.min(lag, e2e.getHighestTrackableValue())));
        frames++;
    }
}
