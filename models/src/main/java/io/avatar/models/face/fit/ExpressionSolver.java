package io.avatar.models.face.fit;

import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;

/**
 * Solves a photo's own expression in rig weights: bounded least squares {@code min |o - B w|^2 + lambda |w|^2},
 * {@code 0 <= w <= 1}, where {@code o} are the pose-free landmark offsets from the rig's neutral and the columns of
 * {@code B} are the rig's blendshape displacement fields at the 468 landmark vertices. Only the expressive shapes
 * are solved (smile, frown, stretch, pucker, jaw, lids, brows, cheeks): shapes that mostly restate the rest shape
 * (mouthClose closes the canonical mesh's slightly open lips, which a closed-mouth photo does anyway) belong to the
 * identity. Identity and expression are not separable from one photo; the ridge term keeps weights at zero unless a
 * field explains clearly more than its own size, so a wide mouth is not read as a smile unless the corners also lift.
 * Solved by projected coordinate descent on the normal equations (a convex box QP). Setup time; any thread.
 */
final class ExpressionSolver
{
    /**
     * The shapes a portrait's expression is solved in. The lip raisers/depressors are among them because a smile that
     * shows the teeth lifts the upper lip: without them the lift stayed in the identity and the "neutral" kept a
     * toothy gap (astronaut: neutral re-detected pose error 1.01 -> 0.62 deg, the photo's own expression 0.37 -> 0.07
     * deg, yaw +-15 read +16.86/-13.53 -> +16.32/-14.84; docs/PORTRAIT_FIT.md).
     */
    static final ArkitBlendshape[] SOLVED = {ArkitBlendshape.jawOpen, ArkitBlendshape.mouthSmileLeft,
        ArkitBlendshape.mouthSmileRight, ArkitBlendshape.mouthFrownLeft, ArkitBlendshape.mouthFrownRight,
        ArkitBlendshape.mouthStretchLeft, ArkitBlendshape.mouthStretchRight, ArkitBlendshape.mouthPucker,
        ArkitBlendshape.mouthFunnel, ArkitBlendshape.eyeBlinkLeft, ArkitBlendshape.eyeBlinkRight,
        ArkitBlendshape.eyeSquintLeft, ArkitBlendshape.eyeSquintRight, ArkitBlendshape.eyeWideLeft,
        ArkitBlendshape.eyeWideRight, ArkitBlendshape.browDownLeft, ArkitBlendshape.browDownRight,
        ArkitBlendshape.browInnerUp, ArkitBlendshape.browOuterUpLeft, ArkitBlendshape.browOuterUpRight,
        ArkitBlendshape.cheekSquintLeft, ArkitBlendshape.cheekSquintRight, ArkitBlendshape.mouthUpperUpLeft,
        ArkitBlendshape.mouthUpperUpRight, ArkitBlendshape.mouthLowerDownLeft, ArkitBlendshape.mouthLowerDownRight};
    /** Ridge weight relative to the mean squared norm of the solved fields. */
    static final double RIDGE = 0.15;
    private static final int SWEEPS = 500;

    private final double[][] fields;
    private final ArkitBlendshape[] shapes;

    /**
     * @param rig the rig whose fields are sampled at the landmark vertices.
     */
    ExpressionSolver(final FaceRig rig)
    {
        final int n = CanonicalFaceMesh.VERTEX_COUNT;
        final java.util.List<ArkitBlendshape> used = new java.util.ArrayList<>();
        for (final ArkitBlendshape s : SOLVED)
        {
            if (rig.isModelled(s))
            {
                used.add(s);
            }
        }
        shapes = used.toArray(new ArkitBlendshape[0]);
        fields = new double[shapes.length][];
        for (int k = 0; k < shapes.length; k++)
        {
            fields[k] = field(rig, shapes[k], n);
        }
    }

    /**
     * @return the field of one shape at the first {@code n} vertices (unit weight on a zero base).
     */
    static double[] field(final FaceRig rig, final ArkitBlendshape shape, final int n)
    {
        final float[] w = new float[ArkitBlendshape.COUNT];
        w[shape.ordinal()] = 1f;
        final float[] out = new float[3 * rig.vertexCount()];
        rig.apply(w, new float[3 * rig.vertexCount()], out);
        final double[] f = new double[3 * n];
        for (int i = 0; i < 3 * n; i++)
        {
            f[i] = out[i];
        }
        return f;
    }

    /**
     * @param offsets 468 x 3 pose-free offsets from the rig's neutral, cm.
     * @return 52 weights, zero outside the solved shapes, each in [0, 1].
     */
    float[] solve(final float[] offsets)
    {
        final int m = shapes.length;
        final double[][] g = new double[m][m];
        final double[] h = new double[m];
        double meanNorm = 0;
        for (int a = 0; a < m; a++)
        {
            for (int b = a; b < m; b++)
            {
                double dot = 0;
                for (int i = 0; i < offsets.length; i++)
                {
                    dot += fields[a][i] * fields[b][i];
                }
                g[a][b] = dot;
                g[b][a] = dot;
            }
            for (int i = 0; i < offsets.length; i++)
            {
                h[a] += fields[a][i] * offsets[i];
            }
            meanNorm += g[a][a] / m;
        }
        for (int a = 0; a < m; a++)
        {
            g[a][a] += RIDGE * meanNorm;
        }
        final double[] w = new double[m];
        for (int sweep = 0; sweep < SWEEPS; sweep++)
        {
            double change = 0;
            for (int a = 0; a < m; a++)
            {
                double r = h[a];
                for (int b = 0; b < m; b++)
                {
                    if (b != a)
                    {
                        r -= g[a][b] * w[b];
                    }
                }
                final double next = Math.max(0, Math.min(1, r / g[a][a]));
                change = Math.max(change, Math.abs(next - w[a]));
                w[a] = next;
            }
            if (change < 1e-7)
            {
                break;
            }
        }
        final float[] out = new float[ArkitBlendshape.COUNT];
        for (int a = 0; a < m; a++)
        {
            out[shapes[a].ordinal()] = (float)w[a];
        }
        return out;
    }

    /**
     * @param rig        the rig.
     * @param offsets    468 x 3 offsets including the expression.
     * @param expression 52 weights.
     * @return the offsets minus the expression's displacement at the landmark vertices.
     */
    static float[] remove(final FaceRig rig, final float[] offsets, final float[] expression)
    {
        final float[] out = new float[3 * rig.vertexCount()];
        rig.apply(expression, new float[3 * rig.vertexCount()], out);
        final float[] identity = offsets.clone();
        for (int i = 0; i < identity.length; i++)
        {
            identity[i] -= out[i];
        }
        return identity;
    }
}
