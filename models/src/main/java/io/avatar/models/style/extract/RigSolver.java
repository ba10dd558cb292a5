package io.avatar.models.style.extract;

import io.avatar.models.face.detect.FaceMesh;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;

/**
 * Rig weights from pose-normalised landmarks by bounded least squares: minimise
 * {@code |W^(1/2) (B w - (l - n))|^2} over {@code 0 <= w <= 1}, where the columns of B are the rig's blendshape
 * displacement fields at the 468 face-mesh landmarks (the rig's first 468 vertices), l the frame's landmarks in the
 * canonical frame and n the subject's own neutral. The problem only needs {@code B^T W l} per frame (52 numbers, see
 * {@link #project}), so a long video keeps 52 numbers per frame instead of 1404 and the neutral can be chosen after
 * the whole clip was seen.
 * <p>
 * jawOpen is fitted first, alone along its own field; the other shapes are then solved on what it leaves.
 * Immutable after construction except for the caller-owned arrays; {@link #solve} is allocation-free; any thread on
 * its own arrays.
 */
final class RigSolver
{
    /** Weight of the landmarks' depth against x and y: the mesh's z is its least reliable coordinate. */
    static final float DEPTH_WEIGHT = 0.3f;
    private static final int N = ArkitBlendshape.COUNT;
    private static final int SWEEPS = 60;
    private static final double RIDGE = 0.05;

    private final int coords = 3 * FaceMesh.LANDMARKS;
    private final float[] basis = new float[N * coords];
    private final double[] gram = new double[N * N];
    private final boolean[] modelled = new boolean[N];
    private final int jaw = ArkitBlendshape.jawOpen.ordinal();
    /** {@code B_jaw^T W B_jaw} without the ridge: the 1-D jaw fit is plain least squares. */
    private final double jawNorm;

    /**
     * @param rig the rig whose fields define the weights.
     */
    RigSolver(final FaceRig rig)
    {
        final float[] oneHot = new float[N];
        final float[] zero = new float[3 * rig.vertexCount()];
        final float[] out = new float[3 * rig.vertexCount()];
        for (int k = 0; k < N; k++)
        {
            modelled[k] = rig.isModelled(ArkitBlendshape.at(k));
            if (!modelled[k])
            {
                continue;
            }
            oneHot[k] = 1f;
            rig.apply(oneHot, zero, out);
            oneHot[k] = 0f;
            System.arraycopy(out, 0, basis, k * coords, coords);
        }
        double trace = 0;
        for (int a = 0; a < N; a++)
        {
            for (int b = a; b < N; b++)
            {
                double s = 0;
                for (int i = 0; i < coords; i++)
                {
                    s += (double)weight(i) * basis[a * coords + i] * basis[b * coords + i];
                }
                gram[a * N + b] = s;
                gram[b * N + a] = s;
            }
            trace += gram[a * N + a];
        }
        jawNorm = gram[jaw * N + jaw];
        // a small ridge keeps nearly collinear fields (jaw and lip shapes share vertices) from trading off noise
        final double ridge = RIDGE * trace / N;
        for (int a = 0; a < N; a++)
        {
            if (modelled[a])
            {
                gram[a * N + a] += ridge;
            }
        }
    }

    private static float weight(final int coord)
    {
        return coord % 3 == 2 ? DEPTH_WEIGHT : 1f;
    }

    /**
     * Writes {@code B^T W l}.
     *
     * @param landmarks 1404 floats, canonical frame (cm).
     * @param out       52 numbers.
     * @param off       offset in out.
     */
    void project(final float[] landmarks, final float[] out, final int off)
    {
        for (int k = 0; k < N; k++)
        {
            if (!modelled[k])
            {
                out[off + k] = 0f;
                continue;
            }
            double s = 0;
            final int base = k * coords;
            for (int i = 0; i < coords; i++)
            {
                s += (double)weight(i) * basis[base + i] * landmarks[i];
            }
            out[off + k] = (float)s;
        }
    }

    /**
     * Solves one frame: jawOpen by a 1-D fit along its own field, then the other shapes by projected Gauss-Seidel
     * (cyclic coordinate descent with clamping, which converges to the bounded minimiser for a positive-definite Gram
     * matrix) on the residual the jaw leaves; {@code w} is used as the warm start.
     *
     * @param projected   {@code B^T W l} of the frame.
     * @param off         offset of the frame's 52 numbers in projected.
     * @param neutralProj {@code B^T W n} of the neutral.
     * @param w           in: a start (e.g. the previous frame's weights); out: the weights in [0, 1].
     * @param woff        offset of the weights.
     */
    void solve(final float[] projected, final int off, final float[] neutralProj, final float[] w, final int woff)
    {
        // a joint solve hands most of a jaw opening to mouthLowerDown (the fields overlap on the lips and the detector
        // over-reads the lips against the chin): the jaw is fixed first along its own field
        final double wj = Math.max(0, Math.min(1, ((double)projected[off + jaw] - neutralProj[jaw]) / jawNorm));
        w[woff + jaw] = (float)wj;
        for (int sweep = 0; sweep < SWEEPS; sweep++)
        {
            for (int k = 0; k < N; k++)
            {
                if (!modelled[k] || k == jaw)
                {
                    w[woff + k] = modelled[k] ? w[woff + k] : 0f;
                    continue;
                }
                double r = (double)projected[off + k] - neutralProj[k] - gram[k * N + jaw] * wj;
                for (int j = 0; j < N; j++)
                {
                    if (j != k && j != jaw)
                    {
                        r -= gram[k * N + j] * w[woff + j];
                    }
                }
                final double v = r / gram[k * N + k];
                w[woff + k] = (float)Math.max(0, Math.min(1, v));
            }
        }
    }

    /**
     * @param k a blendshape index.
     * @return whether the rig models it (others always solve to 0).
     */
    boolean isModelled(final int k)
    {
        return modelled[k];
    }
}
