package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;

import java.util.ArrayList;
import java.util.List;

/**
 * Phone-conditioned articulation metrics on motion, pooled over any number of clips with {@link #add}:
 * <ul>
 * <li>p/b/m closure AUC: the probability that the mouth opening ({@link LipSync#mouthOpening}) of a frame inside a
 * non-bilabial speech phone exceeds that of a frame inside p/b/m (ties count 1/2; Mann-Whitney U / (n m)). 1 = the
 * opening separates perfectly, 0.5 = chance. Reported against all other speech phones, and against other consonants
 * only (NaN when the clips have none; e.g. "Papa, mama, baba" has only vowels besides p/b/m).</li>
 * <li>closure rate: the fraction of p/b/m segments whose smallest opening is at most {@value #CLOSED} (lips
 * meet).</li>
 * <li>rounding AUC: the same AUC for the rounding score {@code mouthFunnel + mouthPucker} of frames in rounded vowels
 * (uw uh ow ao oy w) against unrounded vowels ({@link PhoneAlignment#UNROUNDED}).</li>
 * </ul>
 * Frame k of a motion is at time {@code k / fps - lag}: lag compensates a system's known sound-to-mouth delay (0 for a
 * model with look-ahead; {@code HeadAudioVisemeBaseline.NOMINAL_LAG_MS} for the causal baseline). Frames in silence
 * or outside the alignment are ignored. Not thread-safe while adding (one thread builds it).
 */
public final class ArticulationMetrics
{
    /** Opening at or below which lips count as closed. */
    public static final double CLOSED = 0.05;

    private final List<Double> bilabial = new ArrayList<>();
    private final List<Double> otherSpeech = new ArrayList<>();
    private final List<Double> otherConsonant = new ArrayList<>();
    private final List<Double> rounded = new ArrayList<>();
    private final List<Double> unrounded = new ArrayList<>();
    private int bilabialSegments;
    private int closedSegments;

    /**
     * Summary.
     *
     * @param closureAuc          AUC of opening, other speech phones vs p/b/m.
     * @param closureAucConsonant AUC of opening, other consonants vs p/b/m (NaN without such consonants).
     * @param closureRate         fraction of p/b/m segments reaching opening <= {@value #CLOSED}.
     * @param roundingAuc         AUC of funnel + pucker, rounded vs unrounded vowels (NaN without both).
     * @param bilabialFrames      frames in p/b/m.
     * @param otherFrames         frames in other speech phones.
     * @param roundedFrames       frames in rounded vowels.
     * @param unroundedFrames     frames in unrounded vowels.
     */
    public record Result(double closureAuc, double closureAucConsonant, double closureRate, double roundingAuc,
        int bilabialFrames, int otherFrames, int roundedFrames, int unroundedFrames)
    {
    }

    /**
     * Adds one clip. Builder thread only.
     *
     * @param motion     the motion.
     * @param phones     its phone alignment.
     * @param lagSeconds the system's sound-to-mouth delay, subtracted from frame times.
     * @return this.
     */
    public ArticulationMetrics add(final MotionSeries motion, final PhoneAlignment phones, final double lagSeconds)
    {
        final double[] open = LipSync.mouthOpening(motion);
        for (int k = 0; k < motion.frames(); k++)
        {
            final String ph = phones.phoneAt(k / motion.fps() - lagSeconds);
            if (ph == null || PhoneAlignment.isSilence(ph))
            {
                continue;
            }
            final double round = motion.weight(k, ArkitBlendshape.mouthFunnel)
                + motion.weight(k, ArkitBlendshape.mouthPucker);
            if (PhoneAlignment.BILABIAL.contains(ph))
            {
                bilabial.add(open[k]);
            }
            else
            {
                otherSpeech.add(open[k]);
                if (!PhoneAlignment.isVowel(ph))
                {
                    otherConsonant.add(open[k]);
                }
            }
            if (PhoneAlignment.ROUNDED.contains(ph))
            {
                rounded.add(round);
            }
            else if (PhoneAlignment.UNROUNDED.contains(ph))
            {
                unrounded.add(round);
            }
        }
        for (final PhoneAlignment.Segment s : phones.segments())
        {
            if (PhoneAlignment.BILABIAL.contains(s.phone()))
            {
                double min = Double.POSITIVE_INFINITY;
                for (int k = 0; k < motion.frames(); k++)
                {
                    final double t = k / motion.fps() - lagSeconds;
                    if (t >= s.start() && t < s.end())
                    {
                        min = Math.min(min, open[k]);
                    }
                }
                if (min != Double.POSITIVE_INFINITY)
                {
                    bilabialSegments++;
                    if (min <= CLOSED)
                    {
                        closedSegments++;
                    }
                }
            }
        }
        return this;
    }

    /**
     * @return the pooled metrics over every clip added. Builder thread.
     */
    public Result result()
    {
        return new Result(auc(otherSpeech, bilabial), auc(otherConsonant, bilabial),
            bilabialSegments == 0 ? Double.NaN : (double)closedSegments / bilabialSegments,
            auc(rounded, unrounded), bilabial.size(), otherSpeech.size(), rounded.size(), unrounded.size());
    }

    /**
     * Area under the ROC curve of a score separating positives from negatives: {@code P(pos > neg) + P(pos = neg) / 2}
     * over all pairs (Mann-Whitney U divided by the number of pairs).
     *
     * @param positives scores that should be high.
     * @param negatives scores that should be low.
     * @return the AUC in [0, 1], NaN when a class is empty.
     */
    public static double auc(final List<Double> positives, final List<Double> negatives)
    {
        if (positives.isEmpty() || negatives.isEmpty())
        {
            return Double.NaN;
        }
        double u = 0;
        for (final double p : positives)
        {
            for (final double n : negatives)
            {
                u += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return u / ((double)positives.size() * negatives.size());
    }

    /**
     * Mean absolute error of the jaw and mouth weights ({@link StyleWindowMetrics#mouthIndices()}) over the common
     * frames (the generated motion is resampled to the reference's fps; extra frames of the longer one are ignored).
     *
     * @param reference ground truth.
     * @param generated output.
     * @return the MAE in weight units.
     */
    public static double mouthWeightMae(final MotionSeries reference, final MotionSeries generated)
    {
        final MotionSeries g = generated.resample(reference.fps());
        final int n = Math.min(reference.frames(), g.frames());
        final int[] idx = StyleWindowMetrics.mouthIndices();
        double s = 0;
        for (int k = 0; k < n; k++)
        {
            for (final int d : idx)
            {
                s += Math.abs(reference.weight(k, ArkitBlendshape.at(d)) - g.weight(k, ArkitBlendshape.at(d)));
            }
        }
        return s / ((double)n * idx.length);
    }
}
