package io.avatar.models.style.extract;

/**
 * The one-euro filter (Casiez et al., CHI 2012) over a vector of values sampled at irregular times: a first-order
 * low-pass whose cutoff rises with the speed of the signal, so slow jitter is smoothed while fast motion keeps little
 * lag. One filter per tracked face; allocation-free after construction; owner thread only.
 */
final class OneEuroFilter
{
    private final float[] value;
    private final float[] derivative;
    private final double minCutoff;
    private final double beta;
    private final double derivativeCutoff;
    private double lastTime = Double.NaN;

    /**
     * @param size             values per sample.
     * @param minCutoff        cutoff at rest, Hz.
     * @param beta             cutoff increase per unit of speed (value units per second).
     * @param derivativeCutoff cutoff of the speed estimate, Hz.
     */
    OneEuroFilter(final int size, final double minCutoff, final double beta, final double derivativeCutoff)
    {
        value = new float[size];
        derivative = new float[size];
        this.minCutoff = minCutoff;
        this.beta = beta;
        this.derivativeCutoff = derivativeCutoff;
    }

    /** Forgets the history: the next sample passes unchanged (after a cut or a lost face). */
    void reset()
    {
        lastTime = Double.NaN;
    }

    /**
     * Filters one sample in place.
     *
     * @param x    the sample, replaced by the filtered values.
     * @param time seconds, increasing.
     */
    void filter(final float[] x, final double time)
    {
        if (Double.isNaN(lastTime) || time <= lastTime)
        {
            System.arraycopy(x, 0, value, 0, value.length);
            java.util.Arrays.fill(derivative, 0f);
            lastTime = time;
            return;
        }
        final double dt = time - lastTime;
        lastTime = time;
        final double ad = alpha(dt, derivativeCutoff);
        for (int i = 0; i < value.length; i++)
        {
            final double dx = (x[i] - value[i]) / dt;
            final double d = derivative[i] + ad * (dx - derivative[i]);
            derivative[i] = (float)d;
            final double a = alpha(dt, minCutoff + beta * Math.abs(d));
            final double v = value[i] + a * (x[i] - value[i]);
            value[i] = (float)v;
            x[i] = (float)v;
        }
    }

    private static double alpha(final double dt, final double cutoff)
    {
        final double tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / dt);
    }
}
