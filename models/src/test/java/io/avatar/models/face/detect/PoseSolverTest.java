package io.avatar.models.face.detect;

import io.avatar.models.rig.HeadPose;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoseSolverTest
{
    private static ProcrustesReference reference;

    @BeforeAll
    static void load() throws Exception
    {
        reference = ProcrustesReference.openDefault();
    }

    /** R = Ry(yaw) Rx(pitch) Rz(roll), the HeadPose convention (positive roll tilts the head to its own right). */
    private static double[] rotation(final double pitch, final double yaw, final double roll)
    {
        final double c = roll;
        final double[] rz = {Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c), 0, 0, 0, 1};
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
     * Landmarks as the face mesh would report a face with the canonical shape at a known pose: image x right and y
     * down, depth negated and multiplied by {@code depthFactor} (the mesh's depth reads shallower than it is).
     */
    private static float[] synthesize(final double[] r, final double scale, final double tx, final double ty,
        final double depthFactor, final double noisePx, final long seed)
    {
        return synthesize(reference.vertices(), r, scale, tx, ty, depthFactor, noisePx, seed);
    }

    private static float[] synthesize(final float[] v, final double[] r, final double scale, final double tx,
        final double ty, final double depthFactor, final double noisePx, final long seed)
    {
        final float[] out = new float[v.length];
        final Random rnd = new Random(seed);
        for (int i = 0; i < v.length / 3; i++)
        {
            final double x = v[3 * i];
            final double y = v[3 * i + 1];
            final double z = v[3 * i + 2];
            final double px = scale * (r[0] * x + r[1] * y + r[2] * z) + tx;
            final double py = scale * (r[3] * x + r[4] * y + r[5] * z) + ty;
            final double pz = scale * (r[6] * x + r[7] * y + r[8] * z);
            out[3 * i] = (float)(px + noisePx * rnd.nextGaussian());
            out[3 * i + 1] = (float)(-py + noisePx * rnd.nextGaussian());
            out[3 * i + 2] = (float)(-pz * depthFactor + 40 + noisePx * rnd.nextGaussian());
        }
        return out;
    }

    @Test
    void shouldRecoverKnownPoseAndDepthScale()
    {
        final PoseSolver solver = new PoseSolver(468);
        final FacePose pose = new FacePose();
        final double[][] cases = {{0, 0, 0}, {10, 0, 0}, {0, 25, 0}, {0, 0, -15}, {-12, -30, 8}, {20, 15, 25}};
        for (final double[] c : cases)
        {
            final double[] r = rotation(Math.toRadians(c[0]), Math.toRadians(c[1]), Math.toRadians(c[2]));
            final float[] lm = synthesize(r, 6.5, 260, -240, 0.7, 0.0, 1);
            solver.solve(lm, reference.vertices(), reference.weights(), pose);
            assertEquals(c[0], Math.toDegrees(pose.pitch()), 0.05, "pitch " + pose);
            assertEquals(c[1], Math.toDegrees(pose.yaw()), 0.05, "yaw " + pose);
            assertEquals(c[2], Math.toDegrees(pose.roll()), 0.05, "roll " + pose);
            assertEquals(6.5, pose.scale(), 1e-3);
            assertEquals(1 / 0.7, pose.depthScale(), 1e-3);
            assertTrue(pose.rmsError() < 1e-3, pose.toString());
            // the quaternion rotates like the matrix
            final double[] q = new double[4];
            pose.quaternion(q, 0);
            final double[] m = pose.rotation();
            final double[] e = {0.3, -0.5, 0.8};
            final double[] viaQ = rotateByQuaternion(q, e);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(m[3 * i] * e[0] + m[3 * i + 1] * e[1] + m[3 * i + 2] * e[2], viaQ[i], 1e-9);
            }
        }
    }

    private static double[] rotateByQuaternion(final double[] q, final double[] v)
    {
        final double x = q[0];
        final double y = q[1];
        final double z = q[2];
        final double w = q[3];
        // v' = v + 2w (q x v) + 2 q x (q x v)
        final double cx = y * v[2] - z * v[1];
        final double cy = z * v[0] - x * v[2];
        final double cz = x * v[1] - y * v[0];
        return new double[] {
            v[0] + 2 * w * cx + 2 * (y * cz - z * cy),
            v[1] + 2 * w * cy + 2 * (z * cx - x * cz),
            v[2] + 2 * w * cz + 2 * (x * cy - y * cx)};
    }

    @Test
    void shouldUnderReadYawWhenDepthIsCompressedAndNotScaled()
    {
        // why the depth scale matters: with the depth taken as it comes, yaw reads low
        final double[] r = rotation(0, Math.toRadians(30), 0);
        final float[] lm = synthesize(r, 6.5, 260, -240, 0.6, 0.0, 1);
        final FacePose fixed = new PoseSolver(468).solve(lm, reference.vertices(), reference.weights(), 1.0,
            new FacePose());
        final FacePose estimated = new PoseSolver(468).solve(lm, reference.vertices(), reference.weights(),
            new FacePose());
        assertTrue(Math.toDegrees(fixed.yaw()) < 27, "unscaled depth under-reads yaw: " + fixed);
        assertEquals(30, Math.toDegrees(estimated.yaw()), 0.05);
        assertEquals(1.0, fixed.depthScale());
    }

    @Test
    void shouldFitTheImagePlaneAloneWhenDepthIsUnreliable()
    {
        final double[] r = rotation(Math.toRadians(10), Math.toRadians(-20), Math.toRadians(4));
        final float[] lm = synthesize(r, 6.5, 260, -240, 1.0, 0.0, 1);
        // depth that does not follow the head: a frontal face's depth pasted on a turned one
        final float[] frontal = synthesize(rotation(0, 0, 0), 6.5, 260, -240, 1.0, 0.0, 1);
        for (int i = 0; i < 468; i++)
        {
            lm[3 * i + 2] = frontal[3 * i + 2];
        }
        final PoseSolver solver = new PoseSolver(468);
        final FacePose full = solver.solve(lm, reference.vertices(), reference.weights(), new FacePose());
        final FacePose plane = solver.solveImagePlane(lm, reference.vertices(), reference.weights(), new FacePose());
        assertTrue(Math.abs(Math.toDegrees(full.yaw()) + 20) > 2, "the 3D fit is pulled by the wrong depth: " + full);
        assertEquals(-20, Math.toDegrees(plane.yaw()), 0.1, plane.toString());
        assertEquals(10, Math.toDegrees(plane.pitch()), 0.1, plane.toString());
        assertEquals(4, Math.toDegrees(plane.roll()), 0.1, plane.toString());
    }

    @Test
    void shouldStayAccurateWithLandmarkNoise()
    {
        final PoseSolver solver = new PoseSolver(468);
        final double[] r = rotation(Math.toRadians(-8), Math.toRadians(18), Math.toRadians(5));
        // 1.5 px noise at 6.5 px/cm (inter-ocular distance ~58 px), like a mesh on a small face
        final float[] lm = synthesize(r, 6.5, 300, -200, 0.8, 1.5, 9);
        final FacePose pose = solver.solve(lm, reference.vertices(), reference.weights(), new FacePose());
        assertEquals(-8, Math.toDegrees(pose.pitch()), 1.5);
        assertEquals(18, Math.toDegrees(pose.yaw()), 1.5);
        assertEquals(5, Math.toDegrees(pose.roll()), 1.0);
    }

    @Test
    void shouldRecoverIdentityOffsetsInTheReferenceFrame()
    {
        // a face 10% wider than canonical and with a 0.4 cm longer nose, seen at a pose
        final float[] v = reference.vertices();
        final float[] face = v.clone();
        for (int i = 0; i < 468; i++)
        {
            face[3 * i] *= 1.1f;
        }
        face[3 * 1 + 2] += 0.4f;
        final double[] r = rotation(Math.toRadians(6), Math.toRadians(-14), Math.toRadians(4));
        final float[] lm = synthesize(face, r, 7.0, 300, -250, 0.8, 0, 1);
        final FacePose pose = new PoseSolver(468).solve(lm, v, reference.weights(), new FacePose());
        final float[] offsets = new float[3 * 468];
        pose.identityOffsets(lm, v, offsets);
        // the wider face shows up as x offsets growing with |x| (the fit absorbs part of it into scale)
        final float outerEye = offsets[3 * 263];
        assertTrue(outerEye > 0.1f && -offsets[3 * 33] > 0.1f, "eye corners pushed outwards: " + outerEye);
        // the nose tip stands out from its neighbours by the added 0.4 cm
        assertEquals(0.4, offsets[3 * 1 + 2] - offsets[3 * 4 + 2], 0.1);
        // landmarks mapped into the reference frame and back reproduce the input
        final float[] canon = new float[3 * 468];
        pose.toReferenceFrame(lm, canon);
        final double[] rr = pose.rotation();
        final double[] t = pose.translation();
        for (final int i : new int[] {1, 33, 152, 263})
        {
            final double x = pose.scale() * (rr[0] * canon[3 * i] + rr[1] * canon[3 * i + 1] + rr[2] * canon[3 * i + 2])
                + t[0];
            assertEquals(lm[3 * i], x, 1e-3);
        }
    }

    @Test
    void shouldWriteHeadPoseLayout()
    {
        final double[] r = rotation(Math.toRadians(5), Math.toRadians(-10), Math.toRadians(3));
        // face origin 2 cm right of and 1 cm above the centre of a 640x480 image at 6.5 px/cm
        final float[] lm = synthesize(r, 6.5, 320 + 13, -240 + 6.5, 1.0, 0, 1);
        final FacePose pose = new PoseSolver(468).solve(lm, reference.vertices(), reference.weights(),
            new FacePose());
        final float[] hp = new float[HeadPose.SIZE];
        pose.toHeadPose(hp, 0, 640, 480);
        assertEquals(Math.toRadians(5), hp[HeadPose.PITCH], 1e-3);
        assertEquals(Math.toRadians(-10), hp[HeadPose.YAW], 1e-3);
        assertEquals(Math.toRadians(3), hp[HeadPose.ROLL], 1e-3);
        assertEquals(2.0, hp[HeadPose.TX], 1e-3);
        assertEquals(1.0, hp[HeadPose.TY], 1e-3);
    }

    @Test
    void shouldRejectBadWeightsAndSizes()
    {
        final PoseSolver solver = new PoseSolver(468);
        final float[] lm = new float[3 * 468];
        final float[] w = new float[468];
        w[1] = 1;
        w[2] = 1;
        assertThrows(IllegalArgumentException.class, () -> solver.solve(lm, reference.vertices(), w, new FacePose()));
        w[3] = -1;
        assertThrows(IllegalArgumentException.class, () -> solver.solve(lm, reference.vertices(), w, new FacePose()));
        assertThrows(IllegalArgumentException.class,
            () -> solver.solve(new float[10], reference.vertices(), reference.weights(), new FacePose()));
    }

    @Test
    void shouldReadTheCanonicalReference()
    {
        final float[] v = reference.vertices();
        // nose tip forward, eyes mirrored left/right, the subject's left eye (263) at +x
        assertEquals(7.48, v[3 * 1 + 2], 0.05);
        assertEquals(-v[3 * 33], v[3 * 263], 1e-4);
        assertTrue(v[3 * 263] > 4);
        int weighted = 0;
        for (final float x : reference.weights())
        {
            weighted += x > 0 ? 1 : 0;
        }
        assertTrue(weighted >= 30, "Procrustes basis size " + weighted);
    }
}
