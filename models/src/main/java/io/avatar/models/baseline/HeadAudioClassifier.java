package io.avatar.models.baseline;

/**
 * HeadAudio's Gaussian-prototype classifier, ported from {@code modules/classifier.mjs} of
 * {@code @met4citizen/headaudio@0.1.0} (MIT; see {@code HEADAUDIO-LICENSE.txt}): the squared Mahalanobis distance
 * of the feature vector to every prototype (silence prototypes divided by {@code silSensitivity}), the nearest
 * prototype's viseme (ties go to the later prototype), then a majority vote over the last 6 nearest visemes (the
 * ring starts full of silence; ties go to the higher viseme id, so silence wins ties), and HeadAudio's rule that a
 * repeated silence vote is reported as "no change" ({@link #NONE}).
 * <p>
 * Not ported: manual silence calibration (a UI-triggered {@code calibrate} message that adds an extra silence
 * prototype; HeadAudio never starts it by itself) and adding/removing prototype groups at run time.
 * <p>
 * Allocation-free after construction. Not thread-safe: one thread at a time.
 */
public final class HeadAudioClassifier
{
    /** Returned by {@link #predict(float[])} where the JS returns {@code null}. */
    public static final int NONE = -1;
    /** HeadAudio's silence viseme id (MODEL_VISEME_SIL). */
    public static final int SIL = 14;
    /** Length of the majority-vote ring. */
    public static final int VOTES = 6;

    private static final int DIM = HeadAudioModel.DIM;
    private static final int TRI = HeadAudioModel.TRI;

    private final int prototypes;
    private final float[] mu;
    private final float[] inv;
    private final int[] visemes;
    private final double[] distances;
    private final float[] diff = new float[DIM];
    private final int[] ring = new int[VOTES];
    private final int[] counts = new int[OculusViseme.COUNT];
    private final double silSensitivity;

    private int ringTail;
    private int predictionLast;
    private int nearest;

    /**
     * Creates a classifier over a model. Any thread.
     *
     * @param model          the prototypes.
     * @param silSensitivity divisor of silence prototypes' distances (HeadAudio default 1.2; larger favours
     *                       silence).
     */
    public HeadAudioClassifier(final HeadAudioModel model, final double silSensitivity)
    {
        if (!(silSensitivity > 0) || !Double.isFinite(silSensitivity))
        {
            throw new IllegalArgumentException("silSensitivity must be a positive finite number, got "
                + silSensitivity);
        }
        prototypes = model.size();
        mu = model.muCopy();
        inv = model.sigmaInvLowerCopy();
        visemes = new int[prototypes];
        for (int p = 0; p < prototypes; p++)
        {
            visemes[p] = model.viseme(p);
        }
        distances = new double[prototypes];
        this.silSensitivity = silSensitivity;
        reset();
    }

    /**
     * Restores the initial vote state (ring full of silence, last prediction silence). One thread at a time.
     */
    public void reset()
    {
        java.util.Arrays.fill(ring, SIL);
        ringTail = 0;
        predictionLast = SIL;
        nearest = 0;
        java.util.Arrays.fill(distances, Double.POSITIVE_INFINITY);
    }

    /**
     * Squared Mahalanobis distance {@code (v - mu)^T Sigma^-1 (v - mu)} with the JS's accumulation order
     * ({@code distanceMahalanobis}). One thread at a time.
     *
     * @param v feature vector (12).
     * @param p prototype index.
     * @return the distance.
     */
    public double distance(final float[] v, final int p)
    {
        final float[] m = mu;
        final float[] s = inv;
        final float[] df = diff;
        final int mb = p * DIM;
        final int sb = p * TRI;
        for (int i = 0; i < DIM; i++)
        {
            df[i] = v[i] - m[mb + i];
        }
        double d = 0;
        for (int i = 0; i < DIM; i++)
        {
            final int row = sb + i * (i + 1) / 2;
            final float di = df[i];
            double sum = (double)s[row + i] * di * di;
            for (int j = 0; j < i; j++)
            {
                sum += 2.0 * s[row + j] * di * df[j];
            }
            d += sum;
        }
        return d;
    }

    /**
     * Classifies one feature vector and votes ({@code predict}). One thread at a time.
     *
     * @param v feature vector (12, tanh-compressed MFCC).
     * @return the voted HeadAudio viseme id, or {@link #NONE} when the vote is silence again.
     */
    public int predict(final float[] v)
    {
        final int n = prototypes;
        double minD = Double.POSITIVE_INFINITY;
        int minP = 0;
        for (int p = 0; p < n; p++)
        {
            double d = distance(v, p);
            if (visemes[p] == SIL)
            {
                d /= silSensitivity;
            }
            distances[p] = d;
            if (d <= minD)
            {
                minD = d;
                minP = p;
            }
        }
        nearest = minP;
        ring[ringTail] = visemes[minP];
        ringTail = ringTail + 1 == VOTES ? 0 : ringTail + 1;
        final int[] c = counts;
        java.util.Arrays.fill(c, 0);
        for (int i = 0; i < VOTES; i++)
        {
            c[ring[i]]++;
        }
        int viseme = 0;
        int maxCount = 0;
        for (int i = 0; i < OculusViseme.COUNT; i++)
        {
            if (c[i] >= maxCount)
            {
                viseme = i;
                maxCount = c[i];
            }
        }
        if (viseme == predictionLast && viseme == SIL)
        {
            return NONE;
        }
        predictionLast = viseme;
        return viseme;
    }

    /**
     * @return the prototype nearest to the last classified vector.
     */
    public int nearestPrototype()
    {
        return nearest;
    }

    /**
     * @param p prototype index.
     * @return its distance in the last {@link #predict(float[])} (silence already divided by the sensitivity).
     */
    public double lastDistance(final int p)
    {
        return distances[p];
    }
}
