package io.avatar.models.face.detect;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerspectivePoseSolverTest
{
    private static final double F = 600;
    private static final double CX = 256;
    private static final double CY = 256;
    private static final double[] PIVOT = {0, -6, -4};
    private static ProcrustesReference reference;

    @BeforeAll
    static void load() throws Exception
    {
        reference = ProcrustesReference.openDefault();
    }

    /** R = Ry(yaw) Rx(pitch) Rz(roll). */
    private static double[] rotation(final double pitch, final double yaw, final double roll)
    {
        final double[] rz = {Math.cos(roll), -Math.sin(roll), 0, Math.sin(roll), Math.cos(roll), 0, 0, 0, 1};
        final double[] rx = {1, 0, 0, 0, Math.cos(pitch), -Math.sin(pitch), 0, Math.sin(pitch), Math.cos(pitch)};
        final double[] ry = {Math.cos(yaw), 0, Math.sin(yaw), 0, 1, 0, -Math.sin(yaw), 0, Math.cos(yaw)};
        return mul(ry, mul(rx, rz));
    }

    private static double[] mul(final double[] a, final double[] b)
    {
        final double[] r = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
                }
            }
        }
        return r;
    }

    /**
     * The canonical mesh turned by {@code turn} about the neck pivot on top of a rest pose, placed 65 cm in front of
     * a pinhole camera (the renderer's model, RenderCamera), projected to pixels; z = 0 (no depth given).
     */
    private static float[] project(final double[] rest, final double[] turn, final double noisePx, final long seed)
    {
        final float[] v = reference.vertices();
        final Random rnd = new Random(seed);
        final float[] out = new float[v.length];
        for (int i = 0; i < v.length / 3; i++)
        {
            final double[] p = new double[3];
            for (int a = 0; a < 3; a++)
            {
                p[a] = v[3 * i + a] - PIVOT[a];
            }
            final double[] q = new double[3];
            for (int a = 0; a < 3; a++)
            {
                q[a] = turn[3 * a] * p[0] + turn[3 * a + 1] * p[1] + turn[3 * a + 2] * p[2] + PIVOT[a];
            }
            final double x = rest[0] * q[0] + rest[1] * q[1] + rest[2] * q[2] + 1.0;
            final double y = rest[3] * q[0] + rest[4] * q[1] + rest[5] * q[2] + 2.0;
            final double z = rest[6] * q[0] + rest[7] * q[1] + rest[8] * q[2] - 65.0;
            out[3 * i] = (float)(CX + F * x / -z + noisePx * rnd.nextGaussian());
            out[3 * i + 1] = (float)(CY - F * y / -z + noisePx * rnd.nextGaussian());
        }
        return out;
    }

    private static double[] relativeAngles(final double[] a, final double[] b)
    {
        final double[] r = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int m = 0; m < 3; m++)
                {
                    r[3 * i + j] += a[3 * m + i] * b[3 * m + j];
                }
            }
        }
        return new double[]{Math.toDegrees(Math.asin(-r[5])), Math.toDegrees(Math.atan2(r[2], r[8])),
            Math.toDegrees(Math.atan2(r[3], r[4]))};
    }

    @Test
    void shouldReadAPivotedTurnExactlyWhereTheScaledOrthographicFitIsBiased()
    {
        final PerspectivePoseSolver pnp = new PerspectivePoseSolver(468);
        final PoseSolver weak = new PoseSolver(468);
        final double[] rest = rotation(Math.toRadians(8), Math.toRadians(-3), Math.toRadians(-4));
        final float[] n = project(rest, rotation(0, 0, 0), 0, 1);
        final FacePose neutral = pnp.solve(n, reference.vertices(), reference.weights(), F, CX, CY, new FacePose());
        final double[] rn = neutral.rotation().clone();
        final double[] wn = weak.solveImagePlane(n, reference.vertices(), reference.weights(), new FacePose())
            .rotation().clone();
        assertEquals(-65, neutral.cameraTranslation()[2], 1e-3, "distance " + neutral);
        assertEquals(0, neutral.rmsError(), 1e-3);
        final double[][] turns = {{15, 0}, {-15, 0}, {0, 15}, {0, -15}};
        double weakWorst = 0;
        for (final double[] t : turns)
        {
            final float[] lm = project(rest, rotation(Math.toRadians(t[0]), Math.toRadians(t[1]), 0), 0, 2);
            final double[] a = relativeAngles(rn, pnp.solve(lm, reference.vertices(), reference.weights(), F, CX, CY,
                new FacePose()).rotation());
            assertEquals(t[0], a[0], 0.1, "pitch of " + t[0] + "/" + t[1]);
            assertEquals(t[1], a[1], 0.1, "yaw of " + t[0] + "/" + t[1]);
            assertEquals(0, a[2], 0.1, "roll");
            final double[] b = relativeAngles(wn, weak.solveImagePlane(lm, reference.vertices(), reference.weights(),
                new FacePose()).rotation());
            weakWorst = Math.max(weakWorst, Math.max(Math.abs(b[0] - t[0]), Math.abs(b[1] - t[1])));
        }
        System.out.println("scaled-orthographic worst error on the same turns: " + weakWorst + " deg");
        assertTrue(weakWorst > 1.0, "the scaled-orthographic fit is biased by the pivot and perspective: " + weakWorst);
    }

    @Test
    void shouldStayWithinAFractionOfADegreeUnderPixelNoise()
    {
        final PerspectivePoseSolver pnp = new PerspectivePoseSolver(468);
        final double[] rest = rotation(0, 0, 0);
        final float[] lm = project(rest, rotation(Math.toRadians(-15), Math.toRadians(10), Math.toRadians(5)), 0.5, 3);
        final FacePose p = pnp.solve(lm, reference.vertices(), reference.weights(), F, CX, CY, new FacePose());
        final double[] a = relativeAngles(rest, p.rotation());
        assertEquals(-15, a[0], 0.5);
        assertEquals(10, a[1], 0.5);
        assertEquals(5, a[2], 0.5);
        assertTrue(p.rmsError() < 1.0, "rms " + p.rmsError());
    }

    @Test
    void shouldRejectABadCamera()
    {
        final PerspectivePoseSolver pnp = new PerspectivePoseSolver(468);
        final float[] lm = project(rotation(0, 0, 0), rotation(0, 0, 0), 0, 1);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> pnp.solve(lm, reference.vertices(), reference.weights(), 0, CX, CY, new FacePose()));
        assertTrue(ex.getMessage().contains("focal"), ex.getMessage());
    }
}
