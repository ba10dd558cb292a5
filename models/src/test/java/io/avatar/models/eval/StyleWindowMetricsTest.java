package io.avatar.models.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StyleWindowMetricsTest
{
    @Test
    void shouldBeZeroForIdenticalClipsOnThePaperGrid()
    {
        final MotionSeries m = Motions.of(25, 120, (k, d) -> 0.5 + 0.4 * Math.sin(0.1 * k + d));
        final StyleWindowMetrics.Triple t = StyleWindowMetrics.fromMotion(m, m, 100, 20);
        assertEquals(0, t.sld().value(), 1e-12);
        assertEquals(0, t.slv().value(), 1e-12);
        assertEquals(0, t.smd().value(), 1e-12);
        assertEquals(100 * 20, t.sld().cells());
    }

    @Test
    void shouldEqualAConstantOffsetAndIgnoreItInVelocity()
    {
        // A still face (each scalar constant in time) against the same face offset by 0.1 everywhere: every window
        // pair is 0.1 apart, so the minimum is 0.1 whatever the grid; velocities are all zero.
        final MotionSeries a = Motions.of(25, 60, (k, d) -> 0.3 + 0.01 * d);
        final MotionSeries b = Motions.of(25, 60, (k, d) -> 0.4 + 0.01 * d);
        final StyleWindowMetrics.Triple t = StyleWindowMetrics.fromMotion(a, b, 10, 5);
        assertEquals(0.1, t.sld().value(), 1e-6);
        assertEquals(0.1, t.smd().value(), 1e-6);
        assertEquals(0.0, t.slv().value(), 1e-6);
        // Every F <= 10 fits in the 59 velocity frames, so every cell of the 10 x 5 grid is valid.
        assertEquals(10 * 5, t.slv().cells());
    }

    @Test
    void shouldPickTheBestMatchingWindow()
    {
        // Reference constant 0; generated frames alternate between 1 and 3. F = 1, v = 1: each reference frame's best
        // match is a frame at distance 1, so SLD = 1. F = 2, v = 1: every window holds one 1 and one 3 -> 2.
        final double[][] ref = new double[4][1];
        final double[][] gen = {{1}, {3}, {1}, {3}};
        assertEquals(1.0, StyleWindowMetrics.grid(ref, gen, 1, 1, 1).value(), 1e-12);
        assertEquals(1.5, StyleWindowMetrics.grid(ref, gen, 1, 2, 1).value(), 1e-12);
        // v = 2, F = 2: generated windows start at 0 and 2 -> both mean 2.
        assertEquals((1.0 + 1.0 + 2.0 + 2.0) / 4, StyleWindowMetrics.grid(ref, gen, 1, 2, 2).value(), 1e-12);
    }

    @Test
    void shouldMatchABruteForceEvaluationOfEq14()
    {
        final Random rnd = new Random(7);
        final double[][] ref = new double[23][6];
        final double[][] gen = new double[31][6];
        for (final double[][] x : new double[][][] {ref, gen})
        {
            for (final double[] row : x)
            {
                for (int d = 0; d < row.length; d++)
                {
                    row[d] = rnd.nextGaussian();
                }
            }
        }
        double sum = 0;
        int cells = 0;
        for (int f = 1; f <= 12; f++)
        {
            for (int v = 1; v <= 4; v++)
            {
                double cell = 0;
                int ws = 0;
                for (int i = 0; i + f <= ref.length; i += v)
                {
                    double best = Double.MAX_VALUE;
                    for (int j = 0; j + f <= gen.length; j += v)
                    {
                        double d = 0;
                        for (int k = 0; k < f; k++)
                        {
                            // points of 3 numbers: two points per frame
                            for (int p = 0; p < 6; p += 3)
                            {
                                final double dx = ref[i + k][p] - gen[j + k][p];
                                final double dy = ref[i + k][p + 1] - gen[j + k][p + 1];
                                final double dz = ref[i + k][p + 2] - gen[j + k][p + 2];
                                d += Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
                            }
                        }
                        best = Math.min(best, d / f);
                    }
                    cell += best;
                    ws++;
                }
                sum += cell / ws;
                cells++;
            }
        }
        final StyleWindowMetrics.Result r = StyleWindowMetrics.grid(ref, gen, 3, 12, 4);
        assertEquals(cells, r.cells());
        assertEquals(sum / cells, r.value(), 1e-9);
    }
}
