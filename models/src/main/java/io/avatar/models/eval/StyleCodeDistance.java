package io.avatar.models.eval;

import io.avatar.models.style.StyleCode;

/**
 * Style-code distance (seed 000 Eq. 2 on our rig, docs/STYLE_CODE.md): the Euclidean distance between the style codes
 * of two clips, both resampled to 25 fps first as the code's definition requires, and the same distance relative to
 * the reference code's norm. Pure functions; any thread.
 */
public final class StyleCodeDistance
{
    /** Frame rate the style code is defined at. */
    public static final double CODE_FPS = 25;

    /**
     * @param absolute Euclidean distance between the codes.
     * @param relative absolute / |reference code| (NaN for an all-zero reference).
     */
    public record Result(double absolute, double relative)
    {
    }

    private StyleCodeDistance()
    {
    }

    /**
     * @param m motion (any fps).
     * @return its style code (at 25 fps).
     */
    public static StyleCode codeOf(final MotionSeries m)
    {
        final MotionSeries r = m.resample(CODE_FPS);
        return StyleCode.compute(r.weights(), r.pose(), r.frames());
    }

    /**
     * @param reference reference motion.
     * @param generated generated motion.
     * @return the distance.
     */
    public static Result between(final MotionSeries reference, final MotionSeries generated)
    {
        final StyleCode a = codeOf(reference);
        final double d = a.distance(codeOf(generated));
        final double norm = a.distance(StyleCode.zero());
        return new Result(d, norm > 0 ? d / norm : Double.NaN);
    }
}
