package io.avatar.models.eval;

/**
 * Landmark distances of seed 001 (F-LMD on the whole face, M-LMD around the mouth) on MediaPipe face-mesh landmarks:
 * 468 points x (x, y, z) per frame, row-major {@code float[frame][1404]}.
 * <p>
 * {@code LMD = 1/T sum_t 1/|S| sum_{i in S} ||a_t,i - b_t,i|| / iod_t}, with S all 468 points (F-LMD) or the 40 lip
 * points of MediaPipe's {@code FACEMESH_LIPS} (M-LMD, {@link #LIPS}), and iod_t the inter-ocular distance of the
 * reference frame: the distance between the outer eye corners 33 and 263. Normalising by it makes the number
 * independent of image size and face distance. The style metrics (SLD/SLV/SMD) on landmarks use the same points, each
 * frame divided by its own iod ({@link #normalised}). Pure functions; any thread.
 */
public final class LandmarkMetrics
{
    /** Landmarks per frame. */
    public static final int POINTS = 468;
    /** Right-eye outer corner (subject's right). */
    public static final int EYE_OUTER_RIGHT = 33;
    /** Left-eye outer corner (subject's left). */
    public static final int EYE_OUTER_LEFT = 263;
    /** MediaPipe FACEMESH_LIPS: the 40 distinct outer and inner lip contour points. */
    private static final int[] LIPS = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 185, 40, 39, 37, 0, 267,
        269, 270, 409, 78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 191, 80, 81, 82, 13, 312, 311, 310, 415};

    private LandmarkMetrics()
    {
    }

    /** @return a copy of the 40 lip landmark indices. */
    public static int[] lips()
    {
        return LIPS.clone();
    }

    /**
     * @param reference ground-truth landmarks per frame.
     * @param generated landmarks per frame (same count).
     * @return F-LMD over all 468 points.
     */
    public static double fLmd(final float[][] reference, final float[][] generated)
    {
        final int[] all = new int[POINTS];
        for (int i = 0; i < POINTS; i++)
        {
            all[i] = i;
        }
        return lmd(reference, generated, all);
    }

    /**
     * @param reference ground-truth landmarks per frame.
     * @param generated landmarks per frame (same count).
     * @return M-LMD over the lip points.
     */
    public static double mLmd(final float[][] reference, final float[][] generated)
    {
        return lmd(reference, generated, LIPS);
    }

    /**
     * @param reference ground-truth landmarks per frame.
     * @param generated landmarks per frame.
     * @param points    indices to average over.
     * @return mean over frames and points of the point distance divided by the reference frame's iod.
     */
    public static double lmd(final float[][] reference, final float[][] generated, final int[] points)
    {
        if (reference.length != generated.length || reference.length == 0)
        {
            throw new IllegalArgumentException("landmark series must have the same non-zero frame count, got "
                + reference.length + " and " + generated.length);
        }
        double s = 0;
        for (int t = 0; t < reference.length; t++)
        {
            check(reference[t], "reference", t);
            check(generated[t], "generated", t);
            final double iod = iod(reference[t]);
            double f = 0;
            for (final int i : points)
            {
                f += dist(reference[t], i, generated[t], i);
            }
            s += f / points.length / iod;
        }
        return s / reference.length;
    }

    /**
     * @param frame 1404 numbers.
     * @return distance between landmarks 33 and 263.
     */
    public static double iod(final float[] frame)
    {
        final double d = dist(frame, EYE_OUTER_RIGHT, frame, EYE_OUTER_LEFT);
        if (!(d > 0))
        {
            throw new IllegalArgumentException("inter-ocular distance is zero: landmarks 33 and 263 coincide");
        }
        return d;
    }

    /**
     * @param frames landmarks per frame.
     * @param points indices to keep.
     * @return per frame the kept points' coordinates divided by that frame's iod (for {@link StyleWindowMetrics#grid}
     *     with pointDim 3).
     */
    public static double[][] normalised(final float[][] frames, final int[] points)
    {
        final double[][] out = new double[frames.length][3 * points.length];
        for (int t = 0; t < frames.length; t++)
        {
            check(frames[t], "landmark", t);
            final double iod = iod(frames[t]);
            for (int j = 0; j < points.length; j++)
            {
                for (int c = 0; c < 3; c++)
                {
                    out[t][3 * j + c] = frames[t][3 * points[j] + c] / iod;
                }
            }
        }
        return out;
    }

    /**
     * SLD, SLV and SMD (seed 002 Eq. 14-16) on landmark series.
     *
     * @param reference style reference landmarks.
     * @param generated generated landmarks.
     * @param maxWindow largest F.
     * @param maxStride largest v.
     * @return the metrics (SMD over the lip points).
     */
    public static StyleWindowMetrics.Triple styleMetrics(final float[][] reference, final float[][] generated,
        final int maxWindow, final int maxStride)
    {
        final int[] all = new int[POINTS];
        for (int i = 0; i < POINTS; i++)
        {
            all[i] = i;
        }
        final double[][] rf = normalised(reference, all);
        final double[][] gf = normalised(generated, all);
        return new StyleWindowMetrics.Triple(StyleWindowMetrics.grid(rf, gf, 3, maxWindow, maxStride),
            StyleWindowMetrics.grid(StyleWindowMetrics.velocity(rf), StyleWindowMetrics.velocity(gf), 3, maxWindow,
                maxStride),
            StyleWindowMetrics.grid(normalised(reference, LIPS), normalised(generated, LIPS), 3, maxWindow,
                maxStride));
    }

    private static void check(final float[] frame, final String what, final int t)
    {
        if (frame.length != 3 * POINTS)
        {
            throw new IllegalArgumentException(what + " frame " + t + " has " + frame.length + " numbers, need "
                + 3 * POINTS + " (468 x 3)");
        }
    }

    private static double dist(final float[] a, final int i, final float[] b, final int j)
    {
        final double dx = a[3 * i] - b[3 * j];
        final double dy = a[3 * i + 1] - b[3 * j + 1];
        final double dz = a[3 * i + 2] - b[3 * j + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
