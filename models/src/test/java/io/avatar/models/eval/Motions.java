package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;

/** Builders of constructed motion for the metric tests. */
final class Motions
{
    private Motions()
    {
    }

    /** A motion whose every weight and pose number is given by f(frame, index) (pose indices offset by 52). */
    static MotionSeries of(final double fps, final int frames, final Fn f)
    {
        final float[] w = new float[frames * ArkitBlendshape.COUNT];
        final float[] p = new float[frames * 6];
        for (int k = 0; k < frames; k++)
        {
            for (int d = 0; d < ArkitBlendshape.COUNT; d++)
            {
                w[k * ArkitBlendshape.COUNT + d] = (float)f.at(k, d);
            }
            for (int d = 0; d < 6; d++)
            {
                p[k * 6 + d] = (float)f.at(k, ArkitBlendshape.COUNT + d);
            }
        }
        return new MotionSeries(fps, w, p);
    }

    /** Value of column {@code index} (0..51 weights, 52..57 pose) at frame {@code k}. */
    @FunctionalInterface
    interface Fn
    {
        double at(int k, int index);
    }
}
