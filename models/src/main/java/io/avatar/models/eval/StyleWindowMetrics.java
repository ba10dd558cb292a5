package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

/**
 * The style-aware windowed metrics of seed 002, section 7.2.1: SLD (Eq. 14), SLV (Eq. 15) and SMD (Eq. 16).
 * <p>
 * The reference clip (N_s frames) is cut into windows of F frames at stride v, {@code w_s^(iv : F+iv)} for
 * {@code i = 0 .. floor((N_s - F) / v)}; the generated clip likewise (with its own length N_a). For each reference
 * window the best-matching generated window (minimum distance) is found, and the minima are averaged:
 * {@code X = 1/|W_s| sum_{w_s} min_{w_a} D(w_s, w_a)}. The final value is the mean of X over the grid
 * {@code F = 1..100, v = 1..20} (the paper's grid); grid cells with {@code F > min(N_s, N_a)} have no window and are
 * skipped (their count is reported in {@link Result#cells()}).
 * <p>
 * Window distance D: the mean over the window's frames of a per-frame distance, which is the mean over points of the
 * Euclidean distance between corresponding points (D-L of the paper's ref. [10]); points are 3-D for landmarks and
 * scalars (|a - b|) for rig features. SLD uses the whole-face features, SLV their frame-to-frame differences (D-V),
 * SMD the mouth features (LMD). On our rig ({@link #fromMotion}): whole face = 52 ARKit weights + pitch, yaw, roll in
 * radians (55 scalars), mouth = the weights whose names start with "jaw" or "mouth" (27 scalars). On landmarks
 * ({@link LandmarkMetrics}): the 468 points / the 40 lip points, normalised by inter-ocular distance.
 * <p>
 * Cost: one frame-distance matrix (N_s x N_a) and its diagonal prefix sums make every window distance O(1); the whole
 * grid is about {@code 160 N_s N_a} operations. Pure functions; any thread.
 */
public final class StyleWindowMetrics
{
    /** Largest window size of the paper's grid. */
    public static final int PAPER_MAX_WINDOW = 100;
    /** Largest stride of the paper's grid. */
    public static final int PAPER_MAX_STRIDE = 20;

    /**
     * A grid-averaged metric.
     *
     * @param value mean over the valid grid cells (NaN when none is valid).
     * @param cells number of (F, v) cells averaged.
     */
    public record Result(double value, int cells)
    {
    }

    /**
     * SLD, SLV and SMD of one comparison.
     *
     * @param sld Eq. 14.
     * @param slv Eq. 15.
     * @param smd Eq. 16.
     */
    public record Triple(Result sld, Result slv, Result smd)
    {
    }

    private StyleWindowMetrics()
    {
    }

    /**
     * SLD/SLV/SMD between two motion clips on rig features (the generated clip is resampled to the reference's fps).
     *
     * @param reference the style reference.
     * @param generated the generated motion.
     * @param maxWindow largest F of the grid ({@link #PAPER_MAX_WINDOW}).
     * @param maxStride largest v of the grid ({@link #PAPER_MAX_STRIDE}).
     * @return the three metrics.
     */
    public static Triple fromMotion(final MotionSeries reference, final MotionSeries generated, final int maxWindow,
        final int maxStride)
    {
        final MotionSeries g = generated.resample(reference.fps());
        final double[][] rf = faceFeatures(reference);
        final double[][] gf = faceFeatures(g);
        final double[][] rm = mouthFeatures(reference);
        final double[][] gm = mouthFeatures(g);
        return new Triple(grid(rf, gf, 1, maxWindow, maxStride), grid(velocity(rf), velocity(gf), 1, maxWindow,
            maxStride), grid(rm, gm, 1, maxWindow, maxStride));
    }

    /**
     * @param m motion.
     * @return per frame: 52 weights then pitch, yaw, roll (radians).
     */
    public static double[][] faceFeatures(final MotionSeries m)
    {
        final double[][] out = new double[m.frames()][ArkitBlendshape.COUNT + 3];
        for (int k = 0; k < m.frames(); k++)
        {
            for (int d = 0; d < ArkitBlendshape.COUNT; d++)
            {
                out[k][d] = m.weight(k, ArkitBlendshape.at(d));
            }
            out[k][ArkitBlendshape.COUNT] = m.pose(k, HeadPose.PITCH);
            out[k][ArkitBlendshape.COUNT + 1] = m.pose(k, HeadPose.YAW);
            out[k][ArkitBlendshape.COUNT + 2] = m.pose(k, HeadPose.ROLL);
        }
        return out;
    }

    /** @return indices of the weights whose names start with "jaw" or "mouth". */
    public static int[] mouthIndices()
    {
        int n = 0;
        final int[] tmp = new int[ArkitBlendshape.COUNT];
        for (int d = 0; d < ArkitBlendshape.COUNT; d++)
        {
            final String name = ArkitBlendshape.at(d).name();
            if (name.startsWith("jaw") || name.startsWith("mouth"))
            {
                tmp[n++] = d;
            }
        }
        return java.util.Arrays.copyOf(tmp, n);
    }

    /**
     * @param m motion.
     * @return per frame: the jaw and mouth weights ({@link #mouthIndices()}).
     */
    public static double[][] mouthFeatures(final MotionSeries m)
    {
        final int[] idx = mouthIndices();
        final double[][] out = new double[m.frames()][idx.length];
        for (int k = 0; k < m.frames(); k++)
        {
            for (int j = 0; j < idx.length; j++)
            {
                out[k][j] = m.weight(k, ArkitBlendshape.at(idx[j]));
            }
        }
        return out;
    }

    /**
     * @param x frames x features.
     * @return (frames - 1) x features: {@code x[t+1] - x[t]} (per frame, not multiplied by fps).
     */
    public static double[][] velocity(final double[][] x)
    {
        final double[][] out = new double[Math.max(0, x.length - 1)][];
        for (int t = 0; t < out.length; t++)
        {
            out[t] = new double[x[t].length];
            for (int d = 0; d < x[t].length; d++)
            {
                out[t][d] = x[t + 1][d] - x[t][d];
            }
        }
        return out;
    }

    /**
     * Eq. 14-16 core: the windowed min-mean distance averaged over the grid {@code F = 1..maxWindow},
     * {@code v = 1..maxStride}.
     *
     * @param reference frames x (points * pointDim) of the style reference.
     * @param generated frames x (points * pointDim) of the generated clip.
     * @param pointDim  numbers per point (1 for scalar rig features, 3 for landmarks).
     * @param maxWindow largest window size F.
     * @param maxStride largest stride v.
     * @return the grid mean and the number of valid cells.
     */
    public static Result grid(final double[][] reference, final double[][] generated, final int pointDim,
        final int maxWindow, final int maxStride)
    {
        if (maxWindow < 1 || maxStride < 1)
        {
            throw new IllegalArgumentException("window and stride grids need maxima >= 1, got " + maxWindow + ", "
                + maxStride);
        }
        final int ns = reference.length;
        final int na = generated.length;
        if (ns == 0 || na == 0)
        {
            return new Result(Double.NaN, 0);
        }
        final double[][] c = diagonalPrefix(frameDistances(reference, generated, pointDim));
        double sum = 0;
        int cells = 0;
        for (int f = 1; f <= Math.min(maxWindow, Math.min(ns, na)); f++)
        {
            for (int v = 1; v <= maxStride; v++)
            {
                sum += cell(c, ns, na, f, v);
                cells++;
            }
        }
        return new Result(cells == 0 ? Double.NaN : sum / cells, cells);
    }

    /**
     * One grid cell: {@code 1/|W_s| sum_{w_s} min_{w_a} D(w_s, w_a)} for window size f and stride v.
     *
     * @param c  diagonal prefix sums of the frame distances ({@link #diagonalPrefix}).
     * @param ns reference frames.
     * @param na generated frames.
     * @param f  window size, {@code <= min(ns, na)}.
     * @param v  stride.
     * @return the value.
     */
    static double cell(final double[][] c, final int ns, final int na, final int f, final int v)
    {
        final int ks = (ns - f) / v;
        final int ka = (na - f) / v;
        double sum = 0;
        for (int i = 0; i <= ks; i++)
        {
            final int si = i * v;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j <= ka; j++)
            {
                final int aj = j * v;
                final double d = c[si + f][aj + f] - c[si][aj];
                if (d < best)
                {
                    best = d;
                }
            }
            sum += best / f;
        }
        return sum / (ks + 1);
    }

    /**
     * @param a        frames x (points * pointDim).
     * @param b        frames x (points * pointDim).
     * @param pointDim numbers per point.
     * @return {@code d[i][j]} = mean over points of the Euclidean distance between frame i of a and frame j of b.
     */
    static double[][] frameDistances(final double[][] a, final double[][] b, final int pointDim)
    {
        final int dim = a[0].length;
        if (dim != b[0].length || dim % pointDim != 0)
        {
            throw new IllegalArgumentException("feature sizes differ or are not a multiple of " + pointDim + ": "
                + dim + " vs " + b[0].length);
        }
        final int points = dim / pointDim;
        final double[][] d = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++)
        {
            for (int j = 0; j < b.length; j++)
            {
                d[i][j] = pointDistance(a[i], b[j], pointDim) / points;
            }
        }
        return d;
    }

    /**
     * @param x        one frame.
     * @param y        another frame.
     * @param pointDim numbers per point.
     * @return the sum over points of the Euclidean distance between corresponding points.
     */
    static double pointDistance(final double[] x, final double[] y, final int pointDim)
    {
        double total = 0;
        for (int p = 0; p < x.length; p += pointDim)
        {
            double s = 0;
            for (int k = 0; k < pointDim; k++)
            {
                final double e = x[p + k] - y[p + k];
                s += e * e;
            }
            total += Math.sqrt(s);
        }
        return total;
    }

    /**
     * @param d n x m matrix.
     * @return (n+1) x (m+1) sums along diagonals: {@code c[i+1][j+1] = c[i][j] + d[i][j]}, so the sum of
     *     {@code d[i+k][j+k]} for {@code k < f} is {@code c[i+f][j+f] - c[i][j]}.
     */
    static double[][] diagonalPrefix(final double[][] d)
    {
        final int n = d.length;
        final int m = d[0].length;
        final double[][] c = new double[n + 1][m + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                c[i + 1][j + 1] = c[i][j] + d[i][j];
            }
        }
        return c;
    }
}
