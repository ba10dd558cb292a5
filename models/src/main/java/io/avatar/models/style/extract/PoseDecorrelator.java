package io.avatar.models.style.extract;

import io.avatar.models.rig.HeadPose;

/**
 * Takes out of the per-frame expression signal what the head's angles explain over a segment: for each of the 52
 * projected numbers {@code B^T W l} (see {@link RigSolver#project}), the least-squares fit on pitch, yaw, roll and the
 * squares of pitch and yaw (all centred on the segment) is subtracted. Because the projection is linear, this is the
 * same as letting the subject's neutral move with the head: {@code n(pose) = n + A f(pose)}.
 * <p>
 * Why: even after a perspective canonicalisation the landmark detector does not see a turned face as a rotated
 * neutral one (on a neutral face turning +-10 deg its brow and mouth-corner landmarks drift by a pose-dependent
 * amount), and that drift read as browDownRight / mouthRight motion (docs/STYLE_EXTRACT.md). The price: expression
 * that follows the head angle in lockstep over the whole segment (brows up on every nod) is taken out with it;
 * speech's expression is at most partly correlated with the head and keeps the rest. A ridge ({@link #RIDGE_RAD}
 * of angle) keeps a still head (angle variance at the jitter floor) from fitting noise.
 * <p>
 * Stateless; any thread on its own arrays.
 */
final class PoseDecorrelator
{
    /** Ridge on the regressors' covariance, as an angle std in radians (2 deg; its square for squared angles). */
    static final double RIDGE_RAD = Math.toRadians(2);
    private static final int A = 5;

    private PoseDecorrelator()
    {
    }

    private static void features(final float[] poses, final int off, final double[] f)
    {
        final double pitch = poses[off + HeadPose.PITCH];
        final double yaw = poses[off + HeadPose.YAW];
        f[0] = pitch;
        f[1] = yaw;
        f[2] = poses[off + HeadPose.ROLL];
        f[3] = pitch * pitch;
        f[4] = yaw * yaw;
    }

    /**
     * @param projected the projected numbers, {@code frames * n} from offset {@code pOff}, modified in place.
     * @param pOff      offset of the segment's first frame in projected.
     * @param n         numbers per frame (52).
     * @param poses     head poses, {@link HeadPose#SIZE} per frame from offset {@code poseOff}.
     * @param poseOff   offset of the segment's first pose.
     * @param frames    frames in the segment.
     */
    static void apply(final float[] projected, final int pOff, final int n, final float[] poses, final int poseOff,
        final int frames)
    {
        if (frames < 2)
        {
            return;
        }
        final double[] f = new double[A];
        final double[] mean = new double[A];
        final double[] meanP = new double[n];
        for (int t = 0; t < frames; t++)
        {
            features(poses, poseOff + t * HeadPose.SIZE, f);
            for (int a = 0; a < A; a++)
            {
                mean[a] += f[a] / frames;
            }
            for (int k = 0; k < n; k++)
            {
                meanP[k] += projected[pOff + t * n + k] / (double)frames;
            }
        }
        final double[] c = new double[A * A];
        final double[] xy = new double[n * A];
        for (int t = 0; t < frames; t++)
        {
            features(poses, poseOff + t * HeadPose.SIZE, f);
            for (int a = 0; a < A; a++)
            {
                f[a] -= mean[a];
            }
            for (int a = 0; a < A; a++)
            {
                for (int b = 0; b < A; b++)
                {
                    c[a * A + b] += f[a] * f[b];
                }
            }
            for (int k = 0; k < n; k++)
            {
                final double y = projected[pOff + t * n + k] - meanP[k];
                for (int a = 0; a < A; a++)
                {
                    xy[k * A + a] += f[a] * y;
                }
            }
        }
        final double r2 = RIDGE_RAD * RIDGE_RAD;
        for (int a = 0; a < A; a++)
        {
            c[a * A + a] += frames * (a < 3 ? r2 : r2 * r2);
        }
        final double[] coef = new double[A];
        for (int k = 0; k < n; k++)
        {
            System.arraycopy(xy, k * A, coef, 0, A);
            solve(c.clone(), coef);
            for (int t = 0; t < frames; t++)
            {
                features(poses, poseOff + t * HeadPose.SIZE, f);
                double fit = 0;
                for (int a = 0; a < A; a++)
                {
                    fit += coef[a] * (f[a] - mean[a]);
                }
                projected[pOff + t * n + k] -= (float)fit;
            }
        }
    }

    /** Solves the symmetric positive-definite system m x = b in place (Gaussian elimination; the ridge keeps it SPD). */
    private static void solve(final double[] m, final double[] b)
    {
        for (int i = 0; i < A; i++)
        {
            for (int j = i + 1; j < A; j++)
            {
                final double g = m[j * A + i] / m[i * A + i];
                for (int k = i; k < A; k++)
                {
                    m[j * A + k] -= g * m[i * A + k];
                }
                b[j] -= g * b[i];
            }
        }
        for (int i = A - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < A; k++)
            {
                s -= m[i * A + k] * b[k];
            }
            b[i] = s / m[i * A + i];
        }
    }
}
