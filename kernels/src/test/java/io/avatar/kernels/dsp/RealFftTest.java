package io.avatar.kernels.dsp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RealFftTest
{
    @Test
    void shouldMatchNaiveDftForSeveralSizes()
    {
        final Random random = new Random(7);
        for (final int n : new int[] {4, 8, 64, 512, 1024})
        {
            final RealFft fft = new RealFft(n);
            final double[] x = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = random.nextGaussian();
            }
            final double[] re = new double[n / 2 + 1];
            final double[] im = new double[n / 2 + 1];
            fft.forward(x, 0, re, im, 0);
            final double[] power = new double[n / 2 + 1];
            fft.power(x, 0, power, 0);
            final double[] expected = ReferenceFeatures.naiveDftPower(x, n);
            for (int k = 0; k <= n / 2; k++)
            {
                double r = 0;
                double m = 0;
                for (int t = 0; t < n; t++)
                {
                    r += x[t] * Math.cos(-2 * Math.PI * ((long)k * t % n) / n);
                    m += x[t] * Math.sin(-2 * Math.PI * ((long)k * t % n) / n);
                }
                assertEquals(r, re[k], 1e-9 * n, "re n=" + n + " k=" + k);
                assertEquals(m, im[k], 1e-9 * n, "im n=" + n + " k=" + k);
                assertEquals(expected[k], power[k], 1e-9 * n * n, "power n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void shouldRejectLengthsThatAreNotPowersOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new RealFft(400));
        assertThrows(IllegalArgumentException.class, () -> new RealFft(2));
    }
}
