package io.avatar.models.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LandmarkMetricsTest
{
    /** Random face whose outer eye corners are 2.0 apart. */
    private static float[][] face(final int frames, final long seed)
    {
        final Random rnd = new Random(seed);
        final float[][] f = new float[frames][3 * LandmarkMetrics.POINTS];
        for (final float[] fr : f)
        {
            for (int i = 0; i < fr.length; i++)
            {
                fr[i] = (float)rnd.nextGaussian();
            }
            fr[3 * 33] = -1;
            fr[3 * 33 + 1] = 0;
            fr[3 * 33 + 2] = 0;
            fr[3 * 263] = 1;
            fr[3 * 263 + 1] = 0;
            fr[3 * 263 + 2] = 0;
        }
        return f;
    }

    @Test
    void shouldGiveTheShiftOverInterOcularDistance()
    {
        final float[][] ref = face(5, 1);
        final float[][] gen = new float[5][];
        for (int t = 0; t < 5; t++)
        {
            gen[t] = ref[t].clone();
            for (int i = 0; i < LandmarkMetrics.POINTS; i++)
            {
                gen[t][3 * i] += 0.3f;   // translate by (0.3, 0.4, 0): distance 0.5
                gen[t][3 * i + 1] += 0.4f;
            }
        }
        assertEquals(0.25, LandmarkMetrics.fLmd(ref, gen), 1e-6);
        assertEquals(0.25, LandmarkMetrics.mLmd(ref, gen), 1e-6);
        assertEquals(0.0, LandmarkMetrics.fLmd(ref, ref));
    }

    @Test
    void shouldSeparateMouthFromWholeFace()
    {
        final float[][] ref = face(3, 2);
        final float[][] gen = new float[3][];
        for (int t = 0; t < 3; t++)
        {
            gen[t] = ref[t].clone();
            for (final int i : LandmarkMetrics.lips())
            {
                gen[t][3 * i + 2] += 1.0f;   // lips only, 1.0 = half the iod
            }
        }
        assertEquals(0.5, LandmarkMetrics.mLmd(ref, gen), 1e-6);
        assertEquals(0.5 * 40 / 468, LandmarkMetrics.fLmd(ref, gen), 1e-6);
        final StyleWindowMetrics.Triple t = LandmarkMetrics.styleMetrics(ref, gen, 3, 1);
        assertEquals(0.5, t.smd().value(), 1e-6);
        assertEquals(0.0, t.slv().value(), 1e-6);
    }

    @Test
    void shouldRejectWrongShapes()
    {
        assertThrows(IllegalArgumentException.class, () -> LandmarkMetrics.fLmd(face(2, 1), face(3, 1)));
        assertThrows(IllegalArgumentException.class,
            () -> LandmarkMetrics.fLmd(new float[][] {new float[9]}, new float[][] {new float[9]}));
    }
}
