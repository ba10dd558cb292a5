package io.avatar.kernels.dsp;

/**
 * A deliberately straightforward implementation of docs/FEATURES.md in double precision: naive O(n^2) DFT, dense
 * mel filters written from the formula, naive DCT. Slow and allocating; used only to check the kernels.
 */
final class ReferenceFeatures
{
    private ReferenceFeatures()
    {
    }

    static double[] naiveDftPower(final double[] x, final int n)
    {
        final double[] p = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0;
            double im = 0;
            for (int t = 0; t < n; t++)
            {
                final double a = -2.0 * Math.PI * ((long)k * t % n) / n;
                re += x[t] * Math.cos(a);
                im += x[t] * Math.sin(a);
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    static double[][] melFilters()
    {
        final int bands = 80;
        final double melMax = 2595.0 * Math.log10(1.0 + 8000.0 / 700.0);
        final double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++)
        {
            final double mel = melMax * i / (bands + 1);
            edges[i] = 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        final double[][] fb = new double[bands][257];
        for (int m = 0; m < bands; m++)
        {
            for (int k = 0; k < 257; k++)
            {
                final double f = k * 16000.0 / 512;
                final double lo = edges[m];
                final double c = edges[m + 1];
                final double hi = edges[m + 2];
                if (f > lo && f < hi)
                {
                    fb[m][k] = f <= c ? (f - lo) / (c - lo) : (hi - f) / (hi - c);
                }
            }
        }
        return fb;
    }

    static double[][] logMel(final float[] signal)
    {
        final int frames = signal.length < 400 ? 0 : (signal.length - 400) / 160 + 1;
        final double[][] fb = melFilters();
        final double[][] out = new double[frames][80];
        for (int i = 0; i < frames; i++)
        {
            final double[] x = new double[512];
            for (int n = 0; n < 400; n++)
            {
                x[n] = signal[i * 160 + n] * (0.5 - 0.5 * Math.cos(2 * Math.PI * n / 400));
            }
            final double[] p = naiveDftPower(x, 512);
            for (int m = 0; m < 80; m++)
            {
                double e = 0;
                for (int k = 0; k < 257; k++)
                {
                    e += fb[m][k] * p[k];
                }
                out[i][m] = Math.log(Math.max(e, 1e-10));
            }
        }
        return out;
    }

    static double[] mfcc(final double[] logMel)
    {
        final double[] c = new double[13];
        for (int k = 0; k < 13; k++)
        {
            double s = 0;
            for (int n = 0; n < 80; n++)
            {
                s += logMel[n] * Math.cos(Math.PI * k * (n + 0.5) / 80);
            }
            c[k] = s * Math.sqrt((k == 0 ? 1.0 : 2.0) / 80);
        }
        return c;
    }
}
