package io.avatar.models.style;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

import java.util.Arrays;

/**
 * A style code: 110 numbers, the population standard deviations over time of the 52 rig weights, of their
 * frame-to-frame differences, and of the frame-to-frame differences of the 6 pose numbers (docs/STYLE_CODE.md).
 * Immutable value; the static methods are pure and thread-safe.
 */
public final class StyleCode
{
    /** Length of a style code. */
    public static final int SIZE = 2 * ArkitBlendshape.COUNT + HeadPose.SIZE;
    /** Offset of the weight stds. */
    public static final int WEIGHT_STD = 0;
    /** Offset of the weight-velocity stds. */
    public static final int WEIGHT_VELOCITY_STD = ArkitBlendshape.COUNT;
    /** Offset of the pose-velocity stds. */
    public static final int POSE_VELOCITY_STD = 2 * ArkitBlendshape.COUNT;
    /** Frames needed to compute a code (two frames give one difference; fewer than this is too noisy to mean much). */
    public static final int MIN_FRAMES = 2;

    private final float[] values;

    private StyleCode(final float[] values)
    {
        this.values = values;
    }

    /**
     * @param values 110 numbers; copied.
     * @return the code.
     * @throws IllegalArgumentException when the length is wrong or a value is negative or not finite.
     */
    public static StyleCode of(final float[] values)
    {
        if (values.length != SIZE)
        {
            throw new IllegalArgumentException("a style code has " + SIZE + " values, got " + values.length);
        }
        for (int i = 0; i < SIZE; i++)
        {
            if (!Float.isFinite(values[i]) || values[i] < 0f)
            {
                throw new IllegalArgumentException("style code value " + i + " must be a finite std >= 0, got "
                    + values[i]);
            }
        }
        return new StyleCode(values.clone());
    }

    /**
     * @return the all-zero code (a face that never moves; the shipped "neutral" preset is a calm real code instead).
     */
    public static StyleCode zero()
    {
        return new StyleCode(new float[SIZE]);
    }

    /**
     * Computes the code of a motion clip at 25 fps.
     *
     * @param weights frames x 52 rig weights, row-major.
     * @param pose    frames x 6 pose numbers, row-major.
     * @param frames  number of frames.
     * @return the code.
     * @throws IllegalArgumentException when the arrays are too short or the clip has fewer than 2 frames.
     */
    public static StyleCode compute(final float[] weights, final float[] pose, final int frames)
    {
        final int nw = ArkitBlendshape.COUNT;
        final int np = HeadPose.SIZE;
        if (frames < MIN_FRAMES)
        {
            throw new IllegalArgumentException("a style code needs at least " + MIN_FRAMES + " frames, got "
                + frames);
        }
        if (weights.length < frames * nw || pose.length < frames * np)
        {
            throw new IllegalArgumentException("motion arrays too short for " + frames + " frames: weights "
                + weights.length + ", pose " + pose.length);
        }
        final float[] out = new float[SIZE];
        for (int d = 0; d < nw; d++)
        {
            out[WEIGHT_STD + d] = (float)std(weights, d, nw, frames, false);
            out[WEIGHT_VELOCITY_STD + d] = (float)std(weights, d, nw, frames, true);
        }
        for (int d = 0; d < np; d++)
        {
            out[POSE_VELOCITY_STD + d] = (float)std(pose, d, np, frames, true);
        }
        return new StyleCode(out);
    }

    /** Population std of column {@code d} (or of its first difference), two-pass in double for accuracy. */
    private static double std(final float[] m, final int d, final int stride, final int frames, final boolean diff)
    {
        final int n = diff ? frames - 1 : frames;
        double mean = 0;
        for (int t = 0; t < n; t++)
        {
            mean += value(m, d, stride, t, diff);
        }
        mean /= n;
        double var = 0;
        for (int t = 0; t < n; t++)
        {
            final double x = value(m, d, stride, t, diff) - mean;
            var += x * x;
        }
        return Math.sqrt(var / n);
    }

    private static double value(final float[] m, final int d, final int stride, final int t, final boolean diff)
    {
        return diff ? (double)m[(t + 1) * stride + d] - m[t * stride + d] : m[t * stride + d];
    }

    /**
     * Linear interpolation {@code a + t (b - a)}; t outside [0, 1] extrapolates, and results are clamped at 0
     * because a standard deviation cannot be negative.
     *
     * @param a first style.
     * @param b second style.
     * @param t weight of b.
     * @return the mixed style.
     */
    public static StyleCode lerp(final StyleCode a, final StyleCode b, final double t)
    {
        if (!Double.isFinite(t))
        {
            throw new IllegalArgumentException("interpolation weight must be finite, got " + t);
        }
        final float[] out = new float[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            out[i] = (float)Math.max(0.0, a.values[i] + t * (b.values[i] - a.values[i]));
        }
        return new StyleCode(out);
    }

    /**
     * Intensity: {@code neutral + k (this - neutral)}, with k in [0, 1.5]; k > 1 extrapolates and each value is
     * clamped to {@code [lower, upper]} (the range seen in training, from the decoder manifest) when given.
     *
     * @param neutral the neutral style.
     * @param k       intensity in [0, 1.5].
     * @param lower   per-value lower bound, or null.
     * @param upper   per-value upper bound, or null.
     * @return the scaled style.
     */
    public StyleCode scale(final StyleCode neutral, final double k, final float[] lower, final float[] upper)
    {
        if (!(k >= 0.0 && k <= 1.5))
        {
            throw new IllegalArgumentException("intensity k must be in [0, 1.5], got " + k);
        }
        final StyleCode s = lerp(neutral, this, k);
        if (lower != null || upper != null)
        {
            for (int i = 0; i < SIZE; i++)
            {
                float v = s.values[i];
                if (lower != null)
                {
                    v = Math.max(v, lower[i]);
                }
                if (upper != null)
                {
                    v = Math.min(v, upper[i]);
                }
                s.values[i] = v;
            }
        }
        return s;
    }

    /**
     * @param i index.
     * @return the value at i.
     */
    public float get(final int i)
    {
        return values[i];
    }

    /**
     * @return a copy of the 110 values.
     */
    public float[] toArray()
    {
        return values.clone();
    }

    /**
     * Copies the values into a caller's buffer (allocation-free, for the decoder's input tensor).
     *
     * @param dst destination.
     * @param off offset in the destination.
     */
    public void copyTo(final float[] dst, final int off)
    {
        System.arraycopy(values, 0, dst, off, SIZE);
    }

    /**
     * @param other another code.
     * @return the Euclidean distance between the two codes.
     */
    public double distance(final StyleCode other)
    {
        double s = 0;
        for (int i = 0; i < SIZE; i++)
        {
            final double d = values[i] - other.values[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof StyleCode other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString()
    {
        return "StyleCode" + Arrays.toString(values);
    }
}
