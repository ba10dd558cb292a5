package io.avatar.engine.output;

import io.avatar.engine.session.FrameOutput;
import io.avatar.models.eval.MotionSeries;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A session output that records the motion shown with each frame (weights and pose), for {@code avatar motion} and
 * for evaluation. Output stage thread; read the result after the session closed ({@link #isClosed()}).
 */
public final class MotionRecorder implements FrameOutput
{
    private final int fps;
    private float[] weights = new float[ArkitBlendshape.COUNT * 1024];
    private float[] pose = new float[HeadPose.SIZE * 1024];
    private int frames;
    private volatile boolean closed;

    /**
     * @param fps frame rate of the session.
     */
    public MotionRecorder(final int fps)
    {
        this.fps = fps;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] w, final float[] p)
    {
        if ((frames + 1) * ArkitBlendshape.COUNT > weights.length)
        {
            weights = Arrays.copyOf(weights, weights.length * 2);
            pose = Arrays.copyOf(pose, pose.length * 2);
        }
        System.arraycopy(w, 0, weights, frames * ArkitBlendshape.COUNT, ArkitBlendshape.COUNT);
        System.arraycopy(p, 0, pose, frames * HeadPose.SIZE, HeadPose.SIZE);
        frames++;
    }

    @Override
    public void onClose()
    {
        closed = true;
    }

    /**
     * @return whether the session closed. Any thread.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return the recorded motion. Call after {@link #isClosed()}.
     */
    public MotionSeries series()
    {
        return new MotionSeries(fps, Arrays.copyOf(weights, frames * ArkitBlendshape.COUNT),
            Arrays.copyOf(pose, frames * HeadPose.SIZE));
    }
}
