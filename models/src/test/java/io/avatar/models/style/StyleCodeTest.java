package io.avatar.models.style;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StyleCodeTest
{
    private static final int W = ArkitBlendshape.COUNT;

    @Test
    void shouldComputeStdOfWeightsOfTheirVelocityAndOfPoseVelocity()
    {
        // jawOpen alternates 0,1,0,1: std 0.5; velocity +1,-1,+1 has mean 1/3, std sqrt(8/9); yaw ramps: velocity std 0.
        final int frames = 4;
        final float[] w = new float[frames * W];
        final float[] p = new float[frames * HeadPose.SIZE];
        for (int t = 0; t < frames; t++)
        {
            w[t * W + ArkitBlendshape.jawOpen.ordinal()] = t % 2;
            p[t * HeadPose.SIZE + HeadPose.YAW] = 0.1f * t;
            p[t * HeadPose.SIZE + HeadPose.PITCH] = t == 3 ? 0.3f : 0f;
        }
        final StyleCode c = StyleCode.compute(w, p, frames);
        assertEquals(0.5f, c.get(StyleCode.WEIGHT_STD + ArkitBlendshape.jawOpen.ordinal()), 1e-6);
        assertEquals((float)Math.sqrt(8.0 / 9.0), c.get(StyleCode.WEIGHT_VELOCITY_STD + ArkitBlendshape.jawOpen.ordinal()),
            1e-6);
        assertEquals(0.0f, c.get(StyleCode.POSE_VELOCITY_STD + HeadPose.YAW), 1e-6);
        // pitch differences 0, 0, 0.3: mean 0.1, std sqrt((0.01+0.01+0.04)/3)
        assertEquals((float)Math.sqrt(0.02), c.get(StyleCode.POSE_VELOCITY_STD + HeadPose.PITCH), 1e-6);
        assertEquals(0f, c.get(StyleCode.WEIGHT_STD + ArkitBlendshape.eyeBlinkLeft.ordinal()));
    }

    @Test
    void shouldInterpolateAndScaleTowardNeutral()
    {
        final float[] a = new float[StyleCode.SIZE];
        final float[] b = new float[StyleCode.SIZE];
        a[0] = 1f;
        b[0] = 3f;
        final StyleCode mid = StyleCode.lerp(StyleCode.of(a), StyleCode.of(b), 0.25);
        assertEquals(1.5f, mid.get(0), 1e-6);
        final StyleCode strong = StyleCode.of(b).scale(StyleCode.of(a), 1.5, null, null);
        assertEquals(4f, strong.get(0), 1e-6);
        final float[] upper = new float[StyleCode.SIZE];
        java.util.Arrays.fill(upper, 3.5f);
        assertEquals(3.5f, StyleCode.of(b).scale(StyleCode.of(a), 1.5, null, upper).get(0), 1e-6);
        assertEquals(1f, StyleCode.of(b).scale(StyleCode.of(a), 0, null, null).get(0), 1e-6);
    }

    @Test
    void shouldRejectBadInputNamingTheProblem()
    {
        assertThrows(IllegalArgumentException.class, () -> StyleCode.of(new float[3]));
        final float[] nan = new float[StyleCode.SIZE];
        nan[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> StyleCode.of(nan));
        assertThrows(IllegalArgumentException.class,
            () -> StyleCode.compute(new float[W], new float[HeadPose.SIZE], 1));
        assertThrows(IllegalArgumentException.class,
            () -> StyleCode.zero().scale(StyleCode.zero(), 2.0, null, null));
    }
}
