package io.avatar.bench.e2e;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.session.FrameOutput;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A session output that measures, for every frame after the warm-up, how long after its audio interval ended (on the
 * session's real-time audio clock) the frame was delivered: the lag a viewer sees, which the published audio shares.
 * Output stage thread; read after the run.
 */
final class LatencyProbe implements FrameOutput
{
    final Histogram e2e = new Histogram(60_000_000_000L, 3);
    private final int fps;
    private final long warmupFrames;
    volatile long clockStartNs = Long.MIN_VALUE;
    volatile long frames;
    volatile long gaps;
    private long last = -1;

    /**
     * @param fps          frame rate.
     * @param warmupFrames frames at the start that are not measured (JIT warm-up, session start-up).
     */
    LatencyProbe(final int fps, final long warmupFrames)
    {
        this.fps = fps;
        this.warmupFrames = warmupFrames;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        final long start = clockStartNs;
        if (frameIndex < warmupFrames || start == Long.MIN_VALUE)
        {
            last = frameIndex;
            return;
        }
        if (last >= 0 && frameIndex > last + 1)
        {
            gaps += frameIndex - last - 1;
        }
        last = frameIndex;
        // The session's audio clock releases sample n at clockStart + n / 16 kHz: the frame's audio interval ended at
        // clockStart + pts(k + 1), and the lag is how long after that the frame (and its audio) went out.
        final long audioEnd = start + MediaTime.framePtsNs(frameIndex + 1, fps);
        final long lag = System.nanoTime() - audioEnd;
        e2e.recordValue(Math.max(0, Math.min(lag, e2e.getHighestTrackableValue())));
        frames++;
    }
}
