package io.avatar.models.eval;

import io.avatar.models.rig.HeadPose;

/**
 * Head-pose similarity HS of seed 003, section 4.4, Eq. 6: {@code HS = 1 - W1(P_real, P_gen)}, where P are histograms
 * of an Euler angle over a clip and W1 is the Wasserstein-1 distance normalised to [0, 1].
 * <p>
 * Our specification (the paper gives none): angles in degrees, histogram range [{@value #LOW_DEG}, {@value #HIGH_DEG}]
 * with {@value #BINS} bins of 1 degree, values outside the range counted in the end bins; each histogram normalised to
 * sum 1. For 1-D histograms on a common grid W1 is {@code sum_b |CDF_P(b) - CDF_Q(b)| * binWidth}; dividing by the
 * range width (60 degrees) gives W1 in [0, 1], so HS is in [0, 1] (1 = identical distributions). Computed for pitch,
 * yaw and roll separately; the headline HS is their mean. Pure functions; any thread.
 */
public final class PoseSimilarity
{
    /** Lower end of the histogram range, degrees. */
    public static final double LOW_DEG = -30;
    /** Upper end of the histogram range, degrees. */
    public static final double HIGH_DEG = 30;
    /** Number of bins (1 degree each). */
    public static final int BINS = 60;

    /**
     * HS per axis and their mean.
     *
     * @param pitch HS of pitch.
     * @param yaw   HS of yaw.
     * @param roll  HS of roll.
     */
    public record Result(double pitch, double yaw, double roll)
    {
        /** @return the mean of the three axes (the headline HS). */
        public double mean()
        {
            return (pitch + yaw + roll) / 3;
        }
    }

    private PoseSimilarity()
    {
    }

    /**
     * @param real      the real (reference) motion.
     * @param generated the generated motion.
     * @return HS per Euler angle.
     */
    public static Result hs(final MotionSeries real, final MotionSeries generated)
    {
        return new Result(hs(real, generated, HeadPose.PITCH), hs(real, generated, HeadPose.YAW),
            hs(real, generated, HeadPose.ROLL));
    }

    private static double hs(final MotionSeries a, final MotionSeries b, final int axis)
    {
        return 1 - normalisedW1(histogram(a, axis), histogram(b, axis));
    }

    /**
     * @param m    motion.
     * @param axis {@link HeadPose#PITCH}, {@link HeadPose#YAW} or {@link HeadPose#ROLL}.
     * @return the normalised histogram (sums to 1) of that angle in degrees.
     */
    public static double[] histogram(final MotionSeries m, final int axis)
    {
        final double[] h = new double[BINS];
        final double width = (HIGH_DEG - LOW_DEG) / BINS;
        for (int k = 0; k < m.frames(); k++)
        {
            final double deg = Math.toDegrees(m.pose(k, axis));
            final int b = (int)Math.floor((deg - LOW_DEG) / width);
            h[Math.max(0, Math.min(BINS - 1, b))] += 1.0 / m.frames();
        }
        return h;
    }

    /**
     * @param p normalised histogram.
     * @param q normalised histogram on the same grid.
     * @return {@code sum_b |CDF_p(b) - CDF_q(b)| / bins}: W1 in degrees divided by the range width, in [0, 1].
     */
    public static double normalisedW1(final double[] p, final double[] q)
    {
        double cp = 0;
        double cq = 0;
        double w = 0;
        for (int b = 0; b < p.length - 1; b++)
        {
            cp += p[b];
            cq += q[b];
            w += Math.abs(cp - cq);
        }
        // Each term is one bin width apart; the sum times the width is W1 in degrees, over the range width is [0, 1].
        return w / p.length;
    }
}
