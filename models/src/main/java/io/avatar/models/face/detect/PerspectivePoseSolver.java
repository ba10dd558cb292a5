package io.avatar.models.face.detect;

/**
 * Head pose from the landmarks' image positions under a known pinhole camera (perspective-n-point): the rotation R
 * and camera-space translation T (reference units, normally cm) that minimise the weighted squared reprojection error
 * {@code sum w_i |pi(R v_i + T) - p_i|^2}, with {@code pi(X) = (cx + f X.x / -X.z, cy - f X.y / -X.z)} (camera frame x
 * right, y up, looking down -z; image y down). The reference keeps its own size: the distance follows from it.
 * <p>
 * Why: {@link PoseSolver} fits a similarity (scaled orthographic). A head turned about a neck pivot also moves off
 * the optical axis and nearer or farther, and the near parts of the face grow more than the far ones; a scaled
 * orthographic fit reads those perspective effects as extra rotation (on the renderer's own exact vertices, a
 * driven pitch of +-15 deg read +17.1/-23.1 deg, docs/PORTRAIT_FIT.md). With the focal length known (the renderer's
 * camera, or an assumed webcam focal length for video) the perspective model has no such bias.
 * <p>
 * Method: Levenberg-Marquardt on 6 parameters (a rotation increment applied on the left, {@code R <- exp([d]) R},
 * and T), initialised from the scaled-orthographic {@link PoseSolver#solveImagePlane} fit (its scale gives the
 * distance {@code f / scale}). The landmarks' z is ignored. Preallocated: {@link #solve} allocates nothing. Not
 * thread-safe: one instance per thread.
 */
public final class PerspectivePoseSolver
{
    private static final int MAX_ITERATIONS = 100;
    private static final double STEP_TOLERANCE = 1e-10;
    private static final double MIN_DEPTH = 1e-3;

    private final int n;
    private final PoseSolver seed;
    private final double[] w;
    private final double[] rot = new double[9];
    private final double[] trial = new double[9];
    private final double[] t = new double[3];
    private final double[] tTrial = new double[3];
    private final double[] jtj = new double[36];
    private final double[] jtr = new double[6];
    private final double[] a = new double[36];
    private final double[] step = new double[6];
    private final double[] dr = new double[9];
    private final double[] row = new double[6];

    /**
     * @param points number of landmarks (468 for the face mesh).
     */
    public PerspectivePoseSolver(final int points)
    {
        seed = new PoseSolver(points);
        n = points;
        w = new double[points];
    }

    /**
     * Solves the pose. Owner thread; allocation-free.
     *
     * @param landmarks {@code n * 3} image-space landmarks (x right, y down, pixels; z only seeds the initial fit).
     * @param reference {@code n * 3} reference points (x right, y up, z towards the viewer; e.g. canonical mesh cm).
     * @param weights   {@code n} non-negative weights (at least 3 points weighted).
     * @param focal     focal length, pixels.
     * @param cx        principal point x, pixels.
     * @param cy        principal point y, pixels (y down).
     * @param out       receives the pose: rotation, {@link FacePose#cameraTranslation()}, scale = pixels per
     *                  reference unit at the reference origin's depth, translation = the origin's image position
     *                  (x, -y) as {@link PoseSolver} reports it, rms = weighted RMS reprojection error (pixels).
     * @return {@code out}.
     */
    public FacePose solve(final float[] landmarks, final float[] reference, final float[] weights, final double focal,
        final double cx, final double cy, final FacePose out)
    {
        if (!(focal > 0) || !Double.isFinite(cx) || !Double.isFinite(cy))
        {
            throw new IllegalArgumentException("bad camera: focal " + focal + ", principal point " + cx + ", " + cy);
        }
        seed.solveImagePlane(landmarks, reference, weights, out);
        double wsum = 0;
        for (int i = 0; i < n; i++)
        {
            wsum += weights[i];
        }
        for (int i = 0; i < n; i++)
        {
            w[i] = weights[i] / wsum;
        }
        System.arraycopy(out.rotation, 0, rot, 0, 9);
        // the weak-perspective scale s (px per unit) puts the origin at depth f / s on the ray through its image
        final double s = out.scale;
        t[2] = -focal / s;
        t[0] = (out.translation[0] - cx) / s;
        t[1] = (cy + out.translation[1]) / s;
        double cost = cost(landmarks, reference, rot, t, focal, cx, cy);
        double lambda = 1e-3;
        for (int it = 0; it < MAX_ITERATIONS; it++)
        {
            normalEquations(landmarks, reference, focal, cx, cy);
            boolean improved = false;
            double stepNorm = 0;
            for (int tries = 0; tries < 20 && !improved; tries++)
            {
                for (int k = 0; k < 36; k++)
                {
                    a[k] = jtj[k];
                }
                for (int k = 0; k < 6; k++)
                {
                    a[7 * k] += lambda * (jtj[7 * k] + 1e-12);
                    step[k] = -jtr[k];
                }
                if (!choleskySolve(a, step))
                {
                    lambda *= 10;
                    continue;
                }
                applyStep(step);
                final double next = cost(landmarks, reference, trial, tTrial, focal, cx, cy);
                if (next <= cost)
                {
                    System.arraycopy(trial, 0, rot, 0, 9);
                    System.arraycopy(tTrial, 0, t, 0, 3);
                    cost = next;
                    lambda = Math.max(1e-9, lambda * 0.3);
                    improved = true;
                    stepNorm = Math.abs(step[0]) + Math.abs(step[1]) + Math.abs(step[2])
                        + (Math.abs(step[3]) + Math.abs(step[4]) + Math.abs(step[5])) / Math.max(1, -t[2]);
                }
                else
                {
                    lambda *= 10;
                }
            }
            if (!improved || stepNorm < STEP_TOLERANCE)
            {
                break;
            }
        }
        System.arraycopy(rot, 0, out.rotation, 0, 9);
        out.cameraTranslation[0] = t[0];
        out.cameraTranslation[1] = t[1];
        out.cameraTranslation[2] = t[2];
        final double depth = Math.max(MIN_DEPTH, -t[2]);
        out.scale = focal / depth;
        out.translation[0] = cx + focal * t[0] / depth;
        out.translation[1] = -(cy - focal * t[1] / depth);
        out.translation[2] = 0;
        out.rmsError = Math.sqrt(cost);
        return out;
    }

    /** Weighted mean squared reprojection error of pose (r, tr). */
    private double cost(final float[] lm, final float[] v, final double[] r, final double[] tr, final double f,
        final double cx, final double cy)
    {
        double c = 0;
        for (int i = 0; i < n; i++)
        {
            if (w[i] == 0)
            {
                continue;
            }
            final double x = v[3 * i];
            final double y = v[3 * i + 1];
            final double z = v[3 * i + 2];
            final double px = r[0] * x + r[1] * y + r[2] * z + tr[0];
            final double py = r[3] * x + r[4] * y + r[5] * z + tr[1];
            final double pz = Math.min(-MIN_DEPTH, r[6] * x + r[7] * y + r[8] * z + tr[2]);
            final double du = cx + f * px / -pz - lm[3 * i];
            final double dv = cy - f * py / -pz - lm[3 * i + 1];
            c += w[i] * (du * du + dv * dv);
        }
        return c;
    }

    /** J^T W J and J^T W r at the current pose; parameters (d rotation on the left, T). */
    private void normalEquations(final float[] lm, final float[] v, final double f, final double cx, final double cy)
    {
        java.util.Arrays.fill(jtj, 0);
        java.util.Arrays.fill(jtr, 0);
        final double[] r = rot;
        final double[] ju = row;
        for (int i = 0; i < n; i++)
        {
            final double wi = w[i];
            if (wi == 0)
            {
                continue;
            }
            final double x = v[3 * i];
            final double y = v[3 * i + 1];
            final double z = v[3 * i + 2];
            // q = R v (rotated, before translation); X = q + T
            final double qx = r[0] * x + r[1] * y + r[2] * z;
            final double qy = r[3] * x + r[4] * y + r[5] * z;
            final double qz = r[6] * x + r[7] * y + r[8] * z;
            final double px = qx + t[0];
            final double py = qy + t[1];
            final double pz = Math.min(-MIN_DEPTH, qz + t[2]);
            final double iz = 1.0 / pz;
            // u = cx - f px / pz, v = cy + f py / pz
            final double ru = cx - f * px * iz - lm[3 * i];
            final double rv = cy + f * py * iz - lm[3 * i + 1];
            final double ux = -f * iz;
            final double uz = f * px * iz * iz;
            final double vy = f * iz;
            final double vz = -f * py * iz * iz;
            // dX/dd = -[q]x : columns for d = (dx, dy, dz): d(q)/dd_k = e_k x q
            // e_x x q = (0, -qz, qy), e_y x q = (qz, 0, -qx), e_z x q = (-qy, qx, 0)
            final double ju0 = uz * qy;
            final double ju1 = ux * qz - uz * qx;
            final double ju2 = -ux * qy;
            final double jv0 = -vy * qz + vz * qy;
            final double jv1 = -vz * qx;
            final double jv2 = vy * qx;
            ju[0] = ju0;
            ju[1] = ju1;
            ju[2] = ju2;
            ju[3] = ux;
            ju[4] = 0;
            ju[5] = uz;
            accumulate(wi, ju, ru);
            ju[0] = jv0;
            ju[1] = jv1;
            ju[2] = jv2;
            ju[3] = 0;
            ju[4] = vy;
            ju[5] = vz;
            accumulate(wi, ju, rv);
        }
    }

    private void accumulate(final double wi, final double[] j, final double res)
    {
        for (int p = 0; p < 6; p++)
        {
            final double wj = wi * j[p];
            jtr[p] += wj * res;
            for (int q = 0; q < 6; q++)
            {
                jtj[6 * p + q] += wj * j[q];
            }
        }
    }

    /** trial = exp([d]) rot, tTrial = t + dT. */
    private void applyStep(final double[] d)
    {
        final double ax = d[0];
        final double ay = d[1];
        final double az = d[2];
        final double th = Math.sqrt(ax * ax + ay * ay + az * az);
        final double sa;
        final double ca;
        if (th < 1e-12)
        {
            sa = 1;
            ca = 0.5;
        }
        else
        {
            sa = Math.sin(th) / th;
            ca = (1 - Math.cos(th)) / (th * th);
        }
        // Rodrigues: I + sa K + ca K^2, K = [d]x
        dr[0] = 1 - ca * (ay * ay + az * az);
        dr[1] = -sa * az + ca * ax * ay;
        dr[2] = sa * ay + ca * ax * az;
        dr[3] = sa * az + ca * ax * ay;
        dr[4] = 1 - ca * (ax * ax + az * az);
        dr[5] = -sa * ax + ca * ay * az;
        dr[6] = -sa * ay + ca * ax * az;
        dr[7] = sa * ax + ca * ay * az;
        dr[8] = 1 - ca * (ax * ax + ay * ay);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                trial[3 * i + j] = dr[3 * i] * rot[j] + dr[3 * i + 1] * rot[3 + j] + dr[3 * i + 2] * rot[6 + j];
            }
        }
        tTrial[0] = t[0] + d[3];
        tTrial[1] = t[1] + d[4];
        tTrial[2] = t[2] + d[5];
    }

    /** Solves the symmetric positive definite 6x6 system m x = b in place (b becomes x); false when not SPD. */
    private static boolean choleskySolve(final double[] m, final double[] b)
    {
        for (int j = 0; j < 6; j++)
        {
            double d = m[7 * j];
            for (int k = 0; k < j; k++)
            {
                d -= m[6 * j + k] * m[6 * j + k];
            }
            if (!(d > 0))
            {
                return false;
            }
            final double l = Math.sqrt(d);
            m[7 * j] = l;
            for (int i = j + 1; i < 6; i++)
            {
                double s = m[6 * i + j];
                for (int k = 0; k < j; k++)
                {
                    s -= m[6 * i + k] * m[6 * j + k];
                }
                m[6 * i + j] = s / l;
            }
        }
        for (int i = 0; i < 6; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= m[6 * i + k] * b[k];
            }
            b[i] = s / m[7 * i];
        }
        for (int i = 5; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < 6; k++)
            {
                s -= m[6 * k + i] * b[k];
            }
            b[i] = s / m[7 * i];
        }
        return true;
    }
}
