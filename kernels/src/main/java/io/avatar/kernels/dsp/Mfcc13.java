package io.avatar.kernels.dsp;

/**
 * MFCC-13 as {@code docs/FEATURES.md} specifies ({@code Mfcc13}): coefficients 0..12 of the orthonormal DCT-II of
 * the 80 log-mel values, {@code c_k = s_k sum_n x_n cos(pi k (2n + 1) / 160)} with {@code s_0 = sqrt(1/80)} and
 * {@code s_k = sqrt(2/80)}. The basis is a precomputed 13x80 table; {@link #compute} allocates nothing and the
 * object is immutable, so any thread may call it.
 */
public final class Mfcc13
{
    /** Number of coefficients per frame. */
    public static final int COEFFICIENTS = 13;

    private final double[] basis = new double[COEFFICIENTS * LogMel80.BANDS];

    /**
     * Builds the DCT basis. Any thread.
     */
    public Mfcc13()
    {
        final int n = LogMel80.BANDS;
        for (int k = 0; k < COEFFICIENTS; k++)
        {
            final double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int i = 0; i < n; i++)
            {
                basis[k * n + i] = scale * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
            }
        }
    }

    /**
     * Any thread.
     *
     * @param logMel    80 log-mel values from {@code inOffset}.
     * @param inOffset  offset in {@code logMel}.
     * @param mfcc      receives 13 coefficients from {@code outOffset}.
     * @param outOffset offset in {@code mfcc}.
     */
    public void compute(final float[] logMel, final int inOffset, final float[] mfcc, final int outOffset)
    {
        final int n = LogMel80.BANDS;
        final double[] b = basis;
        for (int k = 0; k < COEFFICIENTS; k++)
        {
            double sum = 0.0;
            final int row = k * n;
            for (int i = 0; i < n; i++)
            {
                sum += b[row + i] * logMel[inOffset + i];
            }
            mfcc[outOffset + k] = (float)sum;
        }
    }
}
