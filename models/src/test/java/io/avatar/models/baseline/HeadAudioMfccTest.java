package io.avatar.models.baseline;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MFCC and the streaming front end against a naive double-precision computation of the same definition. */
class HeadAudioMfccTest
{
    private static final int N = 512;

    /** Naive MFCC: O(N^2) DFT, triangular filters from the mel formula, DCT-II, lifter; all in double. */
    private static double naiveMfcc(final float[] x, final int off, final double[] out)
    {
        final double[] power = new double[N / 2];
        double total = 0;
        for (int k = 0; k < N / 2; k++)
        {
            double re = 0;
            double im = 0;
            for (int n = 0; n < N; n++)
            {
                final double w = 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (N - 1));
                re += x[off + n] * w * Math.cos(2 * Math.PI * k * n / N);
                im -= x[off + n] * w * Math.sin(2 * Math.PI * k * n / N);
            }
            power[k] = (re * re + im * im) / N;
            total += power[k];
        }
        final double melLow = 2595 * Math.log10(1 + 30 / 700.0);
        final double melHigh = 2595 * Math.log10(1 + 7800 / 700.0);
        final int[] bin = new int[42];
        for (int i = 0; i < 42; i++)
        {
            final double m = melLow + (melHigh - melLow) * i / 41;
            bin[i] = (int)Math.floor(700 * (Math.pow(10, m / 2595) - 1) / 16000 * N);
        }
        final double[] logMel = new double[40];
        for (int b = 0; b < 40; b++)
        {
            double e = 0;
            for (int k = bin[b]; k < bin[b + 2]; k++)
            {
                final double tri = k < bin[b + 1] ? (k - bin[b]) / (double)(bin[b + 1] - bin[b])
                    : (bin[b + 2] - k) / (double)(bin[b + 2] - bin[b + 1]);
                e += power[k] * tri;
            }
            logMel[b] = Math.log10(e + 1e-10);
        }
        for (int c = 1; c <= 12; c++)
        {
            double s = 0;
            for (int j = 0; j < 40; j++)
            {
                s += Math.sqrt(2.0 / 40) * Math.cos(Math.PI * c * (j + 0.5) / 40) * logMel[j];
            }
            out[c - 1] = s * (1 + 11 * Math.sin(Math.PI * c / 22));
        }
        return Math.log10(total + 1e-10);
    }

    private static float[] speechLike(final int n, final long seed)
    {
        // A buzzy vowel-like source (120 Hz harmonics through two resonances) plus a little noise.
        final Random r = new Random(seed);
        final float[] x = new float[n];
        double y1 = 0;
        double y2 = 0;
        double z1 = 0;
        double z2 = 0;
        for (int i = 0; i < n; i++)
        {
            final double src = (i % 133 == 0 ? 1.0 : 0.0) + 0.01 * r.nextGaussian();
            final double y = src + 1.8 * Math.cos(2 * Math.PI * 700 / 16000) * 0.97 * y1 - 0.97 * 0.97 * y2;
            y2 = y1;
            y1 = y;
            final double z = y + 1.8 * Math.cos(2 * Math.PI * 1200 / 16000) * 0.95 * z1 - 0.95 * 0.95 * z2;
            z2 = z1;
            z1 = z;
            x[i] = (float)(0.02 * z);
        }
        return x;
    }

    @Test
    void shouldMatchANaiveComputationOfTheSameDefinition()
    {
        final HeadAudioMfcc mfcc = new HeadAudioMfcc();
        final float[] x = speechLike(4096, 7);
        double peak = 0;
        for (final float v : x)
        {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 0.05 && peak < 1, "test signal level " + peak);
        final float[] got = new float[12];
        final double[] want = new double[12];
        for (final int off : new int[] {0, 1000, 3000})
        {
            final double le = mfcc.compute(x, off, got, 0);
            final double leWant = naiveMfcc(x, off, want);
            assertEquals(leWant, le, 1e-5, "log energy at " + off);
            for (int c = 0; c < 12; c++)
            {
                assertEquals(want[c], got[c], 2e-4 * Math.max(1, Math.abs(want[c])), "c" + (c + 1) + " at " + off);
            }
        }
    }

    @Test
    void shouldFloorTheLogOfSilenceAt1eMinus10()
    {
        final float[] out = new float[12];
        assertEquals(-10.0, new HeadAudioMfcc().compute(new float[N], 0, out, 0), 1e-12);
        for (final float c : out)
        {
            assertEquals(0f, c, 1e-5f);
        }
    }

    @Test
    void shouldBuildUnitPeakTrianglesBetween30And7800Hz()
    {
        final HeadAudioMfcc mfcc = new HeadAudioMfcc();
        for (int b = 0; b < HeadAudioMfcc.MEL_BANDS; b++)
        {
            float max = 0;
            for (int k = 0; k < N / 2; k++)
            {
                max = Math.max(max, mfcc.melFilter(b, k));
            }
            assertEquals(1f, max, 0f, "band " + b + " peaks at 1 (unnormalised triangles, as the JS)");
        }
        assertEquals(0f, mfcc.melFilter(0, 0), 0f, "30 Hz is bin 0, the first triangle's foot");
        assertEquals(0f, mfcc.melFilter(39, 255), 0f, "7800 Hz is bin 249, the last triangle's foot");
        assertEquals(0.08f, mfcc.window(0), 1e-7f);
        assertEquals(0.08f, mfcc.window(N - 1), 1e-7f);
    }

    @Test
    void shouldStreamBlocksOf512EveryHopOf256WithPreEmphasisLowPassAndTanh()
    {
        final float[] x = speechLike(3000, 11);
        final HeadAudioFeatures f = new HeadAudioFeatures();
        // Reference: pre-emphasis and the 32-tap windowed-sinc low-pass in double on the whole signal.
        final double[] pre = new double[x.length];
        for (int i = 0; i < x.length; i++)
        {
            pre[i] = x[i] - 0.97 * (i > 0 ? x[i - 1] : 0);
        }
        final double[] h = new double[32];
        for (int i = 0; i < 32; i++)
        {
            final double t = i - 15.5;
            h[i] = Math.sin(2 * Math.PI * 0.45 * t) / (Math.PI * t) * (0.54 - 0.46 * Math.cos(2 * Math.PI * i / 31));
        }
        final float[] low = new float[x.length];
        for (int n = 0; n < x.length; n++)
        {
            double s = 0;
            for (int j = 0; j < 32; j++)
            {
                final int idx = n - 31 + j;
                s += (idx >= 0 ? pre[idx] : 0) * h[j];
            }
            low[n] = (float)s;
        }
        final HeadAudioMfcc ref = new HeadAudioMfcc();
        final float[] want = new float[12];
        int vectors = 0;
        for (int n = 0; n < x.length; n++)
        {
            final boolean ready = f.push(x[n]);
            final boolean due = n + 1 >= 512 && (n + 1 - 512) % 256 == 0;
            assertEquals(due, ready, "vector readiness after sample " + (n + 1));
            if (ready)
            {
                vectors++;
                final double le = ref.compute(low, n + 1 - 512, want, 0);
                assertEquals(le, f.logEnergy(), 1e-4);
                for (int c = 0; c < 12; c++)
                {
                    assertEquals(Math.tanh(want[c]), f.vector(c), 1e-4, "c" + (c + 1) + " after " + (n + 1));
                    assertTrue(Math.abs(f.vector(c)) <= 1f);
                }
            }
        }
        assertEquals(1 + (3000 - 512) / 256, vectors);
        assertEquals(3000, f.sampleCount());
        f.reset();
        assertEquals(0, f.sampleCount());
        for (int n = 0; n < 511; n++)
        {
            assertFalse(f.push(0.1f));
        }
        assertTrue(f.push(0.1f));
    }
}
