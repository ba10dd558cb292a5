package io.avatar.models.face.detect;

/**
 * Eigen-decomposition of a symmetric 4x4 matrix by cyclic Jacobi rotations, for Horn's quaternion Procrustes.
 * Stateless, allocation-free, any thread.
 */
final class Jacobi4
{
    private static final int SWEEPS = 50;

    private Jacobi4()
    {
    }

    /**
     * Finds the unit eigenvector of the largest eigenvalue.
     *
     * @param m   the symmetric matrix, row-major 16 numbers (destroyed).
     * @param v   scratch, 16 numbers (receives the eigenvectors as columns).
     * @param out the eigenvector, 4 numbers.
     */
    static void largestEigenvector(final double[] m, final double[] v, final double[] out)
    {
        for (int i = 0; i < 16; i++)
        {
            v[i] = i % 5 == 0 ? 1 : 0;
        }
        for (int sweep = 0; sweep < SWEEPS; sweep++)
        {
            double off = 0;
            for (int p = 0; p < 4; p++)
            {
                for (int r = p + 1; r < 4; r++)
                {
                    off += m[4 * p + r] * m[4 * p + r];
                }
            }
            if (off < 1e-30)
            {
                break;
            }
            for (int p = 0; p < 3; p++)
            {
                for (int r = p + 1; r < 4; r++)
                {
                    final double apq = m[4 * p + r];
                    if (Math.abs(apq) < 1e-300)
                    {
                        continue;
                    }
                    final double theta = (m[4 * r + r] - m[4 * p + p]) / (2 * apq);
                    final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta)
                        + Math.sqrt(theta * theta + 1));
                    final double c = 1 / Math.sqrt(t * t + 1);
                    final double s = t * c;
                    for (int k = 0; k < 4; k++)
                    {
                        // rotate columns p and r
                        final double mkp = m[4 * k + p];
                        final double mkr = m[4 * k + r];
                        m[4 * k + p] = c * mkp - s * mkr;
                        m[4 * k + r] = s * mkp + c * mkr;
                    }
                    for (int k = 0; k < 4; k++)
                    {
                        // rotate rows p and r
                        final double mpk = m[4 * p + k];
                        final double mrk = m[4 * r + k];
                        m[4 * p + k] = c * mpk - s * mrk;
                        m[4 * r + k] = s * mpk + c * mrk;
                    }
                    for (int k = 0; k < 4; k++)
                    {
                        final double vkp = v[4 * k + p];
                        final double vkr = v[4 * k + r];
                        v[4 * k + p] = c * vkp - s * vkr;
                        v[4 * k + r] = s * vkp + c * vkr;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++)
        {
            if (m[5 * i] > m[5 * best])
            {
                best = i;
            }
        }
        double norm = 0;
        for (int k = 0; k < 4; k++)
        {
            out[k] = v[4 * k + best];
            norm += out[k] * out[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < 4; k++)
        {
            out[k] /= norm;
        }
    }
}
