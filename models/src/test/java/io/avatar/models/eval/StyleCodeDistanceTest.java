package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StyleCodeDistanceTest
{
    @Test
    void shouldBeZeroForTheSameClipAndTheCodeNormAgainstAStillFace()
    {
        final int jaw = ArkitBlendshape.jawOpen.ordinal();
        // jawOpen alternates 0, 1 over 100 frames: std 0.5; the 99 differences are 50 x (+1) and 49 x (-1): mean 1/99,
        // variance 1 - 1/99^2. The code norm is sqrt(0.25 + 1 - 1/99^2).
        final MotionSeries a = Motions.of(25, 100, (k, d) -> d == jaw ? k % 2 : 0);
        final MotionSeries still = Motions.of(25, 100, (k, d) -> 0);
        assertEquals(0.0, StyleCodeDistance.between(a, a).absolute());
        final StyleCodeDistance.Result r = StyleCodeDistance.between(a, still);
        assertEquals(Math.sqrt(0.25 + 1 - 1.0 / (99 * 99)), r.absolute(), 1e-6);
        assertEquals(1.0, r.relative(), 1e-9);
    }
}
