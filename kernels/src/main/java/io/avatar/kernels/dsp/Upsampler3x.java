package io.avatar.kernels.dsp;

/**
 * Streaming 16 kHz to 48 kHz upsampler (factor 3) with a polyphase Kaiser-windowed sinc low-pass (cutoff 7.6 kHz,
 * 16 taps per phase): what the engine's 16 kHz speech needs to leave as the 48 kHz audio WebRTC expects, without the
 * images a linear interpolation would leave at 16 and 32 kHz. Allocation-free after construction; one stream, one
 * thread.
 */
public final class Upsampler3x
{
    /** Output samples per input sample. */
    public static final int FACTOR = 3;
    private static final int TAPS_PER_PHASE = 16;
    private static final int HALF = TAPS_PER_PHASE / 2;

    private final float[][] phases = new float[FACTOR][TAPS_PER_PHASE];
    private final float[] history = new float[TAPS_PER_PHASE];
    private int pos;

    /**
     * Builds the filter.
     */
    public Upsampler3x()
    {
        final int n = FACTOR * TAPS_PER_PHASE;
        final double cutoff = 7600.0 / 48000.0; // cycles per output sample
        final double beta = 7.0;
        final double i0Beta = besselI0(beta);
        final double centre = (n - 1) / 2.0;
        final double[] h = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            final double t = i - centre;
            final double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            final double r = t / centre;
            final double w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[i] = sinc * w;
            sum += h[i];
        }
        for (int i = 0; i < n; i++)
        {
            // Gain FACTOR: each output phase sees only every third tap of the zero-stuffed input.
            phases[i % FACTOR][i / FACTOR] = (float)(h[i] * FACTOR / sum);
        }
    }

    private static double besselI0(final double x)
    {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 30; k++)
        {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    /**
     * Upsamples a block.
     *
     * @param in     16 kHz samples.
     * @param inOff  first sample.
     * @param len    number of input samples.
     * @param out    receives {@code 3 * len} samples at 48 kHz.
     * @param outOff first output index.
     */
    public void process(final float[] in, final int inOff, final int len, final float[] out, final int outOff)
    {
        int o = outOff;
        for (int i = 0; i < len; i++)
        {
            history[pos] = in[inOff + i];
            for (int p = 0; p < FACTOR; p++)
            {
                final float[] taps = phases[p];
                double acc = 0;
                int idx = pos;
                for (int k = 0; k < TAPS_PER_PHASE; k++)
                {
                    acc += taps[k] * history[idx];
                    idx = idx == 0 ? TAPS_PER_PHASE - 1 : idx - 1;
                }
                out[o++] = (float)acc;
            }
            pos = pos == TAPS_PER_PHASE - 1 ? 0 : pos + 1;
        }
    }

    /**
     * @return the filter delay in 48 kHz samples.
     */
    public static int delaySamples()
    {
        return FACTOR * HALF;
    }
}
