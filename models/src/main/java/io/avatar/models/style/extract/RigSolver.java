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
 * the whole clip was seen. Immutable after construction except for the caller-owned arrays; {@link #solve} is
 * allocation-free; any thread on its own arrays.
 */
final class RigSolver
{
    /** Weight of the landmarks' depth against x and y: the mesh's z is its least reliable coordinate. */
    static final float DEPTH_WEIGHT = 0.3f;
    private static final int N = ArkitBlendshape.COUNT;
    private static final int SWEEPS = 60;
    private static final double RIDGE = 0.05;
    /** Upper and lower inner-lip midpoints (MediaPipe 13, 14). */
    static final int UPPER_LIP = 13;
    /** Lower inner-lip midpoint. */
    static final int LOWER_LIP = 14;

    private final int coords = 3 * FaceMesh.LANDMARKS;
    private final float[] basis = new float[N * coords];
    private final double[] gram = new double[N * N];
    private final boolean[] modelled = new boolean[N];
    private final int jaw = ArkitBlendshape.jawOpen.ordinal();
    private final double gapPerJaw;

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
        // inner-lip gap (landmark 13 over 14, canonical y) that one unit of jawOpen adds
        gapPerJaw = basis[jaw * coords + 3 * UPPER_LIP + 1] - basis[jaw * coords + 3 * LOWER_LIP + 1];
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
     * Solves one frame by projected Gauss-Seidel (cyclic coordinate descent with clamping), which converges to the
     * bounded minimiser for a positive-definite Gram matrix; {@code w} is used as the warm start.
     *
     * @param projected    {@code B^T W l} of the frame.
     * @param off          offset of the frame's 52 numbers in projected.
     * @param neutralProj  {@code B^T W n} of the neutral.
     * @param w            in: a start (e.g. the previous frame's weights); out: the weights in [0, 1].
     * @param gap          the frame's inner-lip gap (canonical y of landmark 13 minus 14, cm).
     * @param neutralGap   the neutral's gap.
     * @param woff         offset of the weights.
     */
    void solve(final float[] projected, final int off, final float[] neutralProj, final float gap,
        final float neutralGap, final float[] w, final int woff)
    {
        // jawOpen and the lower-lip shapes overlap on the lips; the detected chin follows a rendered jaw less than the
        // lips do, so a joint solve hands most of the opening to mouthLowerDown (0.64x jawOpen std measured). jawOpen
        // is fixed first by a 1-D fit along its own field (0.77x); the lip gap alone over-reads (1.35x). The other
        // shapes are solved on what it leaves.
        w[woff + jaw] = (float)Math.max(0, Math.min(1, ((double)projected[off + jaw] - neutralProj[jaw])
            / gram[jaw * N + jaw]));
        for (int sweep = 0; sweep < SWEEPS; sweep++)
        {
            for (int k = 0; k < N; k++)
            {
                if (!modelled[k] || k == jaw)
                {
                    w[woff + k] = modelled[k] ? w[woff + k] : 0f;
                    continue;
                }
                double r = (double)projected[off + k] - neutralProj[k];
                for (int j = 0; j < N; j++)
                {
                    if (j != k)
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
     * @param canonical landmarks in the canonical frame.
     * @return the inner-lip gap the jaw is solved from (cm, positive when open).
     */
    static float lipGap(final float[] canonical)
    {
        return canonical[3 * UPPER_LIP + 1] - canonical[3 * LOWER_LIP + 1];
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
