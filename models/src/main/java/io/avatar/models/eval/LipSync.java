package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;

/**
 * Lip-sync by cross-correlation of the mouth opening against a reference curve (the speech loudness envelope, or a
 * ground-truth mouth-opening curve).
 * <p>
 * Mouth opening from rig weights: {@code clamp(jawOpen - mouthClose, 0, 1)}. ARKit's {@code mouthClose} closes the
 * lips while the jaw is open (it is authored relative to jawOpen), so the lip gap is the jaw opening minus it; a
 * bilabial with {@code jawOpen = mouthClose} (or jaw shut) has opening 0.
 * <p>
 * Speech envelope: for video frame k (time {@code k / fps}) the RMS of the 16 kHz samples in a window of one frame
 * period centred on that time, in dB ({@code 20 log10(rms)}), floored at {@value #FLOOR_DB} dB below the clip's
 * maximum so that digital silence does not dominate.
 * <p>
 * Cross-correlation: Pearson r between {@code mouth[t + L]} and {@code reference[t]} over the overlapping frames, for
 * integer lags L within +-maxLag; positive lag = the mouth follows the reference (late). The best integer lag is refined
 * by a parabola through its neighbours (sub-frame lag in ms). Pure functions; any thread.
 */
public final class LipSync
{
    /** Dynamic range of the envelope below its maximum, dB. */
    public static final double FLOOR_DB = 50;
    /** Default lag search half-range, ms. */
    public static final double DEFAULT_MAX_LAG_MS = 200;

    /**
     * @param r0        Pearson r at lag 0.
     * @param bestLagMs lag of the maximum r, refined to sub-frame resolution, ms (positive = mouth late).
     * @param rBest     Pearson r at the best integer lag.
     */
    public record Result(double r0, double bestLagMs, double rBest)
    {
    }

    private LipSync()
    {
    }

    /**
     * @param m motion.
     * @return per frame {@code clamp(jawOpen - mouthClose, 0, 1)}.
     */
    public static double[] mouthOpening(final MotionSeries m)
    {
        final double[] o = new double[m.frames()];
        for (int k = 0; k < o.length; k++)
        {
            o[k] = Math.max(0, Math.min(1,
                m.weight(k, ArkitBlendshape.jawOpen) - m.weight(k, ArkitBlendshape.mouthClose)));
        }
        return o;
    }

    /**
     * @param pcm16k     16 kHz mono samples.
     * @param fps        video frame rate.
     * @param frames     number of frames wanted.
     * @return per frame the RMS level in dB of the frame-period window centred on {@code k / fps}, floored at
     *     {@value #FLOOR_DB} dB below the maximum.
     */
    public static double[] envelopeDb(final float[] pcm16k, final double fps, final int frames)
    {
        final double[] e = new double[frames];
        final double half = 16_000 / fps / 2;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < frames; k++)
        {
            final double c = k * 16_000 / fps;
            final int a = (int)Math.max(0, Math.round(c - half));
            final int b = (int)Math.min(pcm16k.length, Math.round(c + half));
            double s = 0;
            for (int i = a; i < b; i++)
            {
                s += (double)pcm16k[i] * pcm16k[i];
            }
            final double rms = b > a ? Math.sqrt(s / (b - a)) : 0;
            e[k] = 20 * Math.log10(Math.max(rms, 1e-10));
            max = Math.max(max, e[k]);
        }
        for (int k = 0; k < frames; k++)
        {
            e[k] = Math.max(e[k], max - FLOOR_DB);
        }
        return e;
    }

    /**
     * @param mouth     mouth opening per frame.
     * @param reference reference curve per frame (same fps; lengths may differ, the overlap is used).
     * @param fps       frame rate.
     * @param maxLagMs  lag search half-range in ms.
     * @return r at lag 0, best lag and r there.
     */
    public static Result crossCorrelate(final double[] mouth, final double[] reference, final double fps,
        final double maxLagMs)
    {
        final int maxLag = (int)Math.floor(maxLagMs * fps / 1000 + 1e-9);
        final double[] r = new double[2 * maxLag + 1];
        int best = maxLag;
        for (int l = -maxLag; l <= maxLag; l++)
        {
            r[l + maxLag] = pearsonAtLag(mouth, reference, l);
            if (r[l + maxLag] > r[best] || Double.isNaN(r[best]))
            {
                best = l + maxLag;
            }
        }
        double delta = 0;
        if (best > 0 && best < r.length - 1)
        {
            final double den = r[best - 1] - 2 * r[best] + r[best + 1];
            if (den < 0)
            {
                delta = 0.5 * (r[best - 1] - r[best + 1]) / den;
            }
        }
        return new Result(r[maxLag], (best - maxLag + delta) * 1000 / fps, r[best]);
    }

    /**
     * @param x   series.
     * @param y   series.
     * @param lag L.
     * @return Pearson r of {@code x[t + L]} and {@code y[t]} over the valid t; NaN if fewer than 3 pairs or a series
     *     is constant there.
     */
    public static double pearsonAtLag(final double[] x, final double[] y, final int lag)
    {
        final int t0 = Math.max(0, -lag);
        final int t1 = Math.min(y.length, x.length - lag);
        final int n = t1 - t0;
        if (n < 3)
        {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int t = t0; t < t1; t++)
        {
            mx += x[t + lag];
            my += y[t];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int t = t0; t < t1; t++)
        {
            final double a = x[t + lag] - mx;
            final double b = y[t] - my;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
