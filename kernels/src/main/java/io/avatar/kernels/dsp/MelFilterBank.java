package io.avatar.kernels.dsp;

/**
 * Triangular mel filters on the HTK scale ({@code mel(f) = 2595 log10(1 + f / 700)}), as fixed by
 * {@code docs/FEATURES.md}: {@code bands} filters whose edges are equally spaced in mel between {@code fMin} and
 * {@code fMax} ({@code bands + 2} edge points), weights evaluated at bin frequency {@code k * sampleRate / fftSize},
 * peak 1, no area normalisation. Stored sparsely (first bin and weights per band), built once; applying it
 * allocates nothing. Immutable after construction, so any thread may call {@link #apply}.
 */
public final class MelFilterBank
{
    private final int bands;
    private final int bins;
    private final int[] firstBin;
    private final double[][] weights;

    /**
     * Builds the filters. Any thread.
     *
     * @param bands      number of filters.
     * @param fftSize    FFT length; the power spectrum has {@code fftSize / 2 + 1} bins.
     * @param sampleRate sample rate in Hz.
     * @param fMin       lowest edge in Hz.
     * @param fMax       highest edge in Hz (at most {@code sampleRate / 2}).
     */
    public MelFilterBank(final int bands, final int fftSize, final double sampleRate, final double fMin,
        final double fMax)
    {
        if (bands < 1 || fftSize < 4 || !(fMin >= 0 && fMin < fMax && fMax <= sampleRate / 2))
        {
            throw new IllegalArgumentException("bad mel filter bank: bands=" + bands + " fftSize=" + fftSize
                + " sampleRate=" + sampleRate + " fMin=" + fMin + " fMax=" + fMax);
        }
        this.bands = bands;
        this.bins = fftSize / 2 + 1;
        final double melMin = hzToMel(fMin);
        final double melMax = hzToMel(fMax);
        final double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++)
        {
            edges[i] = melToHz(melMin + (melMax - melMin) * i / (bands + 1));
        }
        firstBin = new int[bands];
        weights = new double[bands][];
        final double binHz = sampleRate / fftSize;
        for (int m = 0; m < bands; m++)
        {
            final double lo = edges[m];
            final double centre = edges[m + 1];
            final double hi = edges[m + 2];
            int first = -1;
            int last = -1;
            for (int k = 0; k < bins; k++)
            {
                final double w = weight(k * binHz, lo, centre, hi);
                if (w > 0)
                {
                    if (first < 0)
                    {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0)
            {
                // A filter narrower than one bin gets no weight at all: keep it empty (energy 0, log floor),
                // exactly what the dense definition gives.
                firstBin[m] = 0;
                weights[m] = new double[0];
                continue;
            }
            firstBin[m] = first;
            weights[m] = new double[last - first + 1];
            for (int k = first; k <= last; k++)
            {
                weights[m][k - first] = weight(k * binHz, lo, centre, hi);
            }
        }
    }

    /**
     * @param hz frequency in Hz.
     * @return HTK mel.
     */
    public static double hzToMel(final double hz)
    {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    /**
     * @param mel HTK mel.
     * @return frequency in Hz.
     */
    public static double melToHz(final double mel)
    {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    private static double weight(final double f, final double lo, final double centre, final double hi)
    {
        if (f <= lo || f >= hi)
        {
            return 0.0;
        }
        return f <= centre ? (f - lo) / (centre - lo) : (hi - f) / (hi - centre);
    }

    /**
     * @return number of filters.
     */
    public int bands()
    {
        return bands;
    }

    /**
     * @return number of power-spectrum bins the filters expect.
     */
    public int bins()
    {
        return bins;
    }

    /**
     * Dense weight of filter {@code band} at bin {@code bin} (for tests and exports). Any thread.
     *
     * @param band filter index.
     * @param bin  FFT bin index.
     * @return the weight in [0, 1].
     */
    public double weightAt(final int band, final int bin)
    {
        final int k = bin - firstBin[band];
        return k >= 0 && k < weights[band].length ? weights[band][k] : 0.0;
    }

    /**
     * Band energies {@code E_m = sum_k w_mk P_k}. Any thread (the bank is immutable).
     *
     * @param power  power spectrum, {@link #bins()} values from {@code inOff}.
     * @param inOff  offset in {@code power}.
     * @param energy receives {@link #bands()} values from {@code outOff}.
     * @param outOff offset in {@code energy}.
     */
    public void apply(final double[] power, final int inOff, final double[] energy, final int outOff)
    {
        for (int m = 0; m < bands; m++)
        {
            final double[] w = weights[m];
            final int base = inOff + firstBin[m];
            double sum = 0.0;
            for (int k = 0; k < w.length; k++)
            {
                sum += w[k] * power[base + k];
            }
            energy[outOff + m] = sum;
        }
    }
}
