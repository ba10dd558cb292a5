package io.avatar.engine.session;

import io.avatar.models.decoder.MotionModel;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

/**
 * A deterministic stand-in for the trained decoder in pipeline tests: jawOpen follows the loudness of the window's
 * centre frames and yaw follows the style code's first pose-velocity value. It checks the plumbing (windows, batching,
 * alignment, styles), not lip-sync quality.
 */
final class LoudnessTestModel implements MotionModel
{
    int calls;
    int largestBatch;
    /** Style value 104 (first pose-velocity std) of every window, in the order the decoder stage fed them. */
    final java.util.List<Float> styleSeen = new java.util.ArrayList<>();

    @Override
    public int pastFeatureFrames()
    {
        return 20;
    }

    @Override
    public int futureFeatureFrames()
    {
        return 4;
    }

    @Override
    public int maxBatch()
    {
        return 8;
    }

    @Override
    public void padFrame(final float[] dst, final int off)
    {
        java.util.Arrays.fill(dst, off, off + 80, (float)Math.log(1e-10));
    }

    @Override
    public FrontEnd newFrontEnd()
    {
        return (in, off, out, outOff) -> System.arraycopy(in, off, out, outOff, 80);
    }

    @Override
    public String describe()
    {
        return "loudness test model";
    }

    @Override
    public void run(final float[] windows, final float[] styles, final int batch, final float[] weights,
        final float[] pose)
    {
        calls++;
        largestBatch = Math.max(largestBatch, batch);
        final int w = windowFrames() * 80;
        for (int b = 0; b < batch; b++)
        {
            styleSeen.add(styles[b * 110 + 104]);
            double e = 0;
            for (int j = pastFeatureFrames() - 1; j <= pastFeatureFrames() + 1; j++)
            {
                for (int m = 0; m < 80; m++)
                {
                    e += windows[b * w + j * 80 + m];
                }
            }
            e /= 240;
            java.util.Arrays.fill(weights, b * ArkitBlendshape.COUNT, (b + 1) * ArkitBlendshape.COUNT, 0f);
            weights[b * ArkitBlendshape.COUNT + ArkitBlendshape.jawOpen.ordinal()] =
                (float)(1 / (1 + Math.exp(-(e + 6))));
            java.util.Arrays.fill(pose, b * HeadPose.SIZE, (b + 1) * HeadPose.SIZE, 0f);
            pose[b * HeadPose.SIZE + HeadPose.YAW] = styles[b * 110 + 104];
        }
    }

    @Override
    public void close()
    {
    }
}
