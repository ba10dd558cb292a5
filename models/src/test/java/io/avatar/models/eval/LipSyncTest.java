package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipSyncTest
{
    private static final int JAW = ArkitBlendshape.jawOpen.ordinal();
    private static final int CLOSE = ArkitBlendshape.mouthClose.ordinal();

    @Test
    void shouldDefineOpeningAsJawMinusLipClosure()
    {
        final MotionSeries m = Motions.of(25, 3, (k, d) -> d == JAW ? 0.6 : d == CLOSE ? 0.2 * k : 0);
        final double[] o = LipSync.mouthOpening(m);
        assertEquals(0.6, o[0], 1e-6);
        assertEquals(0.4, o[1], 1e-6);
        assertEquals(0.2, o[2], 1e-6);
        final MotionSeries closed = Motions.of(25, 1, (k, d) -> d == CLOSE ? 0.3 : 0);
        assertEquals(0.0, LipSync.mouthOpening(closed)[0]);
    }

    private static double[] smoothNoise(final int n, final long seed)
    {
        final Random rnd = new Random(seed);
        final double[] x = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s = 0.7 * s + rnd.nextGaussian();
            x[i] = s;
        }
        return x;
    }

    @Test
    void shouldFindAKnownDelayAndPerfectCorrelationThere()
    {
        final double[] ref = smoothNoise(400, 3);
        final double[] late = new double[ref.length];
        for (int t = 0; t < ref.length; t++)
        {
            late[t] = t >= 3 ? 2 * ref[t - 3] + 1 : 0;   // mouth follows the reference 3 frames (120 ms) late
        }
        final LipSync.Result r = LipSync.crossCorrelate(late, ref, 25, 200);
        assertEquals(1.0, r.rBest(), 1e-9);
        assertEquals(120, r.bestLagMs(), 10, "sub-frame refinement stays within a quarter frame of the true lag");
        assertTrue(r.r0() < 0.9, "r at lag 0 is lower: " + r.r0());
        final LipSync.Result early = LipSync.crossCorrelate(ref, late, 25, 200);
        assertEquals(-120, early.bestLagMs(), 10);
        assertEquals(LipSync.pearsonAtLag(late, ref, 0), r.r0(), 1e-12);
    }

    @Test
    void shouldMeasureTheRmsLevelOfEachFramePeriodInDb()
    {
        // 1 s: a 0.5-amplitude 400 Hz sine for the first half, digital silence after.
        final float[] pcm = new float[16_000];
        for (int i = 0; i < 8000; i++)
        {
            pcm[i] = (float)(0.5 * Math.sin(2 * Math.PI * 400 * i / 16_000.0));
        }
        final double[] e = LipSync.envelopeDb(pcm, 25, 25);
        final double sineDb = 20 * Math.log10(0.5 / Math.sqrt(2));
        assertEquals(sineDb, e[5], 0.01);
        assertEquals(sineDb - LipSync.FLOOR_DB, e[20], 1e-6);
    }
}
