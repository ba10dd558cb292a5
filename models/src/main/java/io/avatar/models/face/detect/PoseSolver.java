package io.avatar.models.face.detect;

/**
 * Head pose from 468 landmarks by weighted Procrustes against a reference shape (normally the canonical face mesh
 * with its Procrustes landmark weights): the rotation, uniform scale and translation that best map the reference
 * onto the landmarks (Horn's closed-form quaternion solution), see {@link FacePose}.
 * <p>
 * The face mesh's z is not in the same scale as x and y (it reads shallower than the face is), which biases yaw and
 * pitch towards zero when the landmarks are rotated as they are. The solver therefore also estimates a depth scale
 * k (observed point = {@code (x, -y, -k z)}): it alternates the similarity fit with the least-squares k for that fit,
 * which converges in a few rounds. A video pipeline can instead estimate k once on the subject's neutral frames and
 * pass it fixed, so per-frame noise in k does not reach the angles.
 * <p>
 * Preallocated; {@link #solve} allocates nothing. Not thread-safe: one instance per thread.
 */
public final class PoseSolver
{
    /** Bounds of the estimated depth scale (a fit outside them means the landmarks are not a face). */
    public static final double MIN_DEPTH_SCALE = 0.25;
    /** Upper bound of the estimated depth scale. */
    public static final double MAX_DEPTH_SCALE = 4.0;
    private static final int MAX_ROUNDS = 100;
    private static final double K_TOLERANCE = 1e-5;
    private static final int MAX_PLANE_ROUNDS = 2000;
    private static final double PLANE_TOLERANCE = 1e-9;

    private final double[] obs;
    private final double[] ref;
    private final double[] w;
    private final int n;
    private final double[] nm = new double[16];
    private final double[] ev = new double[16];
    private final double[] q = new double[4];

    /**
     * @param points number of landmarks (468 for the face mesh).
     */
    public PoseSolver(final int points)
    {
        if (points < 3)
        {
            throw new IllegalArgumentException("need at least 3 points, got " + points);
        }
        n = points;
        obs = new double[3 * points];
        ref = new double[3 * points];
        w = new double[points];
    }

    /**
     * Solves the pose, estimating the depth scale. Owner thread.
     *
     * @param landmarks {@code n * 3} image-space landmarks (x right, y down, z MediaPipe depth, pixels).
     * @param reference {@code n * 3} reference points (x right, y up, z towards the viewer; e.g. canonical mesh cm).
     * @param weights   {@code n} non-negative weights (zero excludes a point); at least 3 points must be weighted.
     * @param out       receives the pose.
     * @return {@code out}.
     */
    public FacePose solve(final float[] landmarks, final float[] reference, final float[] weights, final FacePose out)
    {
        return solve(landmarks, reference, weights, Double.NaN, out);
    }

    /**
     * Solves the pose with a given depth scale (or estimates it when {@code depthScale} is NaN). Owner thread.
     *
     * @param landmarks  {@code n * 3} image-space landmarks.
     * @param reference  {@code n * 3} reference points.
     * @param weights    {@code n} non-negative weights.
     * @param depthScale factor for the landmarks' z, or NaN to estimate it.
     * @param out        receives the pose.
     * @return {@code out}.
     */
    public FacePose solve(final float[] landmarks, final float[] reference, final float[] weights,
        final double depthScale, final FacePose out)
    {
        if (landmarks.length < 3 * n || reference.length < 3 * n || weights.length < n)
        {
            throw new IllegalArgumentException("pose solver for " + n + " points needs " + 3 * n
                + " landmark and reference floats and " + n + " weights, got " + landmarks.length + ", "
                + reference.length + ", " + weights.length);
        }
        int weighted = 0;
        double wsum = 0;
        for (int i = 0; i < n; i++)
        {
            final float wi = weights[i];
            if (!(wi >= 0) || Float.isInfinite(wi))
            {
                throw new IllegalArgumentException("weight " + i + " is " + wi + ": weights must be finite and >= 0");
            }
            w[i] = wi;
            wsum += wi;
            if (wi > 0)
            {
                weighted++;
            }
            ref[3 * i] = reference[3 * i];
            ref[3 * i + 1] = reference[3 * i + 1];
            ref[3 * i + 2] = reference[3 * i + 2];
        }
        if (weighted < 3)
        {
            throw new IllegalArgumentException("only " + weighted + " points have weight > 0: need 3");
        }
        for (int i = 0; i < n; i++)
        {
            w[i] /= wsum;
        }
        final boolean estimate = Double.isNaN(depthScale);
        double k = estimate ? 1.0 : depthScale;
        for (int round = 0; round < MAX_ROUNDS; round++)
        {
            for (int i = 0; i < n; i++)
            {
                obs[3 * i] = landmarks[3 * i];
                obs[3 * i + 1] = -landmarks[3 * i + 1];
                obs[3 * i + 2] = -k * landmarks[3 * i + 2];
            }
            similarity(out);
            if (!estimate)
            {
                break;
            }
            // least-squares k: minimise sum w (-k (z - zbar) - (zhat - zhatbar))^2, zhat the fitted depth of each
            // point; centred because MediaPipe's depth origin is arbitrary
            final double[] r = out.rotation;
            double zbar = 0;
            double zhatbar = 0;
            for (int i = 0; i < n; i++)
            {
                zbar += w[i] * landmarks[3 * i + 2];
                zhatbar += w[i] * (r[6] * ref[3 * i] + r[7] * ref[3 * i + 1] + r[8] * ref[3 * i + 2]);
            }
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++)
            {
                final double z = landmarks[3 * i + 2] - zbar;
                final double zhat = out.scale * (r[6] * ref[3 * i] + r[7] * ref[3 * i + 1] + r[8] * ref[3 * i + 2]
                    - zhatbar);
                num += w[i] * z * zhat;
                den += w[i] * z * z;
            }
            final double next = den > 0 ? Math.max(MIN_DEPTH_SCALE, Math.min(MAX_DEPTH_SCALE, -num / den)) : k;
            final boolean done = Math.abs(next - k) < K_TOLERANCE * k;
            k = next;
            if (done)
            {
                for (int i = 0; i < n; i++)
                {
                    obs[3 * i + 2] = -k * landmarks[3 * i + 2];
                }
                similarity(out);
                break;
            }
        }
        out.depthScale = k;
        return out;
    }

    /**
     * Solves the pose from the landmarks' image positions alone (weak perspective), ignoring the face mesh's depth:
     * starting from {@link #solve}, the depth of every point is replaced by the depth the current fit gives it and
     * the similarity is fitted again, until the rotation settles. Each round cannot increase the image-plane
     * residual, and at the fixed point the depth residual is zero, so the result is the best rigid fit of the
     * reference to the 2D landmarks. Use it when the mesh's depth does not follow the head (it reads turned faces
     * as flatter than they are). Owner thread; allocation-free.
     *
     * @param landmarks {@code n * 3} image-space landmarks (z only seeds the first fit).
     * @param reference {@code n * 3} reference points.
     * @param weights   {@code n} non-negative weights.
     * @param out       receives the pose; its depth scale is that of the seeding fit.
     * @return {@code out}.
     */
    public FacePose solveImagePlane(final float[] landmarks, final float[] reference, final float[] weights,
        final FacePose out)
    {
        solve(landmarks, reference, weights, out);
        final double[] r = out.rotation;
        for (int round = 0; round < MAX_PLANE_ROUNDS; round++)
        {
            for (int i = 0; i < n; i++)
            {
                obs[3 * i + 2] = out.scale * (r[6] * ref[3 * i] + r[7] * ref[3 * i + 1] + r[8] * ref[3 * i + 2])
                    + out.translation[2];
            }
            final double r2 = r[2];
            final double r5 = r[5];
            final double r3 = r[3];
            similarity(out);
            if (Math.abs(r[2] - r2) + Math.abs(r[5] - r5) + Math.abs(r[3] - r3) < PLANE_TOLERANCE)
            {
                break;
            }
        }
        return out;
    }

    /** Weighted similarity Procrustes of ref onto obs (Horn 1987), weights normalised to sum 1. */
    private void similarity(final FacePose out)
    {
        double rx = 0;
        double ry = 0;
        double rz = 0;
        double ox = 0;
        double oy = 0;
        double oz = 0;
        for (int i = 0; i < n; i++)
        {
            rx += w[i] * ref[3 * i];
            ry += w[i] * ref[3 * i + 1];
            rz += w[i] * ref[3 * i + 2];
            ox += w[i] * obs[3 * i];
            oy += w[i] * obs[3 * i + 1];
            oz += w[i] * obs[3 * i + 2];
        }
        double sxx = 0;
        double sxy = 0;
        double sxz = 0;
        double syx = 0;
        double syy = 0;
        double syz = 0;
        double szx = 0;
        double szy = 0;
        double szz = 0;
        double refVar = 0;
        for (int i = 0; i < n; i++)
        {
            final double a = ref[3 * i] - rx;
            final double b = ref[3 * i + 1] - ry;
            final double c = ref[3 * i + 2] - rz;
            final double x = obs[3 * i] - ox;
            final double y = obs[3 * i + 1] - oy;
            final double z = obs[3 * i + 2] - oz;
            final double wi = w[i];
            sxx += wi * a * x;
            sxy += wi * a * y;
            sxz += wi * a * z;
            syx += wi * b * x;
            syy += wi * b * y;
            syz += wi * b * z;
            szx += wi * c * x;
            szy += wi * c * y;
            szz += wi * c * z;
            refVar += wi * (a * a + b * b + c * c);
        }
        final double[] m = nm;
        m[0] = sxx + syy + szz;
        m[1] = syz - szy;
        m[2] = szx - sxz;
        m[3] = sxy - syx;
        m[5] = sxx - syy - szz;
        m[6] = sxy + syx;
        m[7] = szx + sxz;
        m[10] = -sxx + syy - szz;
        m[11] = syz + szy;
        m[15] = -sxx - syy + szz;
        m[4] = m[1];
        m[8] = m[2];
        m[9] = m[6];
        m[12] = m[3];
        m[13] = m[7];
        m[14] = m[11];
        Jacobi4.largestEigenvector(m, ev, q);
        final double qw = q[0];
        final double qx = q[1];
        final double qy = q[2];
        final double qz = q[3];
        final double[] r = out.rotation;
        r[0] = 1 - 2 * (qy * qy + qz * qz);
        r[1] = 2 * (qx * qy - qw * qz);
        r[2] = 2 * (qx * qz + qw * qy);
        r[3] = 2 * (qx * qy + qw * qz);
        r[4] = 1 - 2 * (qx * qx + qz * qz);
        r[5] = 2 * (qy * qz - qw * qx);
        r[6] = 2 * (qx * qz - qw * qy);
        r[7] = 2 * (qy * qz + qw * qx);
        r[8] = 1 - 2 * (qx * qx + qy * qy);
        // scale = sum w (obs - obar) . R (ref - rbar) / sum w |ref - rbar|^2 = trace(R^T S^T) / refVar
        final double dot = r[0] * sxx + r[1] * syx + r[2] * szx + r[3] * sxy + r[4] * syy + r[5] * szy
            + r[6] * sxz + r[7] * syz + r[8] * szz;
        final double s = dot / refVar;
        out.scale = s;
        out.cameraTranslation[0] = Double.NaN;
        out.cameraTranslation[1] = Double.NaN;
        out.cameraTranslation[2] = Double.NaN;
        out.translation[0] = ox - s * (r[0] * rx + r[1] * ry + r[2] * rz);
        out.translation[1] = oy - s * (r[3] * rx + r[4] * ry + r[5] * rz);
        out.translation[2] = oz - s * (r[6] * rx + r[7] * ry + r[8] * rz);
        double err = 0;
        for (int i = 0; i < n; i++)
        {
            final double a = ref[3 * i];
            final double b = ref[3 * i + 1];
            final double c = ref[3 * i + 2];
            final double dx = s * (r[0] * a + r[1] * b + r[2] * c) + out.translation[0] - obs[3 * i];
            final double dy = s * (r[3] * a + r[4] * b + r[5] * c) + out.translation[1] - obs[3 * i + 1];
            final double dz = s * (r[6] * a + r[7] * b + r[8] * c) + out.translation[2] - obs[3 * i + 2];
            err += w[i] * (dx * dx + dy * dy + dz * dz);
        }
        out.rmsError = Math.sqrt(err);
    }
}
