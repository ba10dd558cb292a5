package io.avatar.models.face.detect;

import io.avatar.models.rig.HeadPose;

import java.util.Locale;

/**
 * A head pose solved from landmarks by {@link PoseSolver}: the similarity transform that maps the reference shape
 * onto the observed landmarks, {@code p = scale * R * v + t}, in the camera frame X right, Y up, Z towards the
 * viewer (image y and MediaPipe z are negated), with the reference in its own units (centimetres for the canonical
 * face mesh). Mutable so a video loop can reuse one instance; not thread-safe.
 */
public final class FacePose
{
    final double[] rotation = new double[9];
    final double[] translation = new double[3];
    final double[] cameraTranslation = {Double.NaN, Double.NaN, Double.NaN};
    double scale;
    double depthScale;
    double rmsError;

    /**
     * @return the rotation, row-major 3x3 (a live view: do not modify).
     */
    public double[] rotation()
    {
        return rotation;
    }

    /**
     * @return the translation in pixels, camera frame (Y up: {@code ty = -image y}); {@code tz} is relative to the
     *     landmark depth origin (MediaPipe's depth has no absolute distance).
     */
    public double[] translation()
    {
        return translation;
    }

    /**
     * @return the reference origin in camera space (reference units, x right, y up, z negative in front of the
     *     camera) from a perspective solve ({@link PerspectivePoseSolver}); NaN after a scaled-orthographic one (a
     *     live view: do not modify).
     */
    public double[] cameraTranslation()
    {
        return cameraTranslation;
    }

    /**
     * @return pixels per reference unit (pixels per centimetre for the canonical mesh).
     */
    public double scale()
    {
        return scale;
    }

    /**
     * @return the factor applied to the landmarks' z to make their depth commensurate with x and y (estimated, or
     *     the fixed value the solver was given).
     */
    public double depthScale()
    {
        return depthScale;
    }

    /**
     * @return weighted RMS distance between the transformed reference and the landmarks, in pixels.
     */
    public double rmsError()
    {
        return rmsError;
    }

    /**
     * Writes the rotation as a unit quaternion {@code [x, y, z, w]} (Shepperd's method, numerically safe for every
     * angle). Allocation-free; owner thread.
     *
     * @param out    the array.
     * @param offset where the four numbers go.
     */
    public void quaternion(final double[] out, final int offset)
    {
        final double[] r = rotation;
        final double trace = r[0] + r[4] + r[8];
        double x;
        double y;
        double z;
        double w;
        if (trace > 0)
        {
            final double s = 2 * Math.sqrt(trace + 1);
            w = 0.25 * s;
            x = (r[7] - r[5]) / s;
            y = (r[2] - r[6]) / s;
            z = (r[3] - r[1]) / s;
        }
        else if (r[0] > r[4] && r[0] > r[8])
        {
            final double s = 2 * Math.sqrt(1 + r[0] - r[4] - r[8]);
            w = (r[7] - r[5]) / s;
            x = 0.25 * s;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        }
        else if (r[4] > r[8])
        {
            final double s = 2 * Math.sqrt(1 + r[4] - r[0] - r[8]);
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = 0.25 * s;
            z = (r[5] + r[7]) / s;
        }
        else
        {
            final double s = 2 * Math.sqrt(1 + r[8] - r[0] - r[4]);
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = 0.25 * s;
        }
        if (w < 0)
        {
            // one hemisphere, so consecutive frames do not flip sign
            x = -x;
            y = -y;
            z = -z;
            w = -w;
        }
        out[offset] = x;
        out[offset + 1] = y;
        out[offset + 2] = z;
        out[offset + 3] = w;
    }

    /**
     * @return pitch in radians, positive when the chin goes down ({@link HeadPose} convention).
     */
    public double pitch()
    {
        return Math.asin(Math.max(-1, Math.min(1, -rotation[5])));
    }

    /**
     * @return yaw in radians, positive when the head turns to its own left ({@link HeadPose} convention).
     */
    public double yaw()
    {
        return Math.atan2(rotation[2], rotation[8]);
    }

    /**
     * Roll per {@link HeadPose}: the standard angle about +Z in {@code R = Ry(yaw) Rx(pitch) Rz(roll)}, positive
     * when the head tilts to its own right (its right eye lower on screen), as the renderer and the protocols use it.
     *
     * @return roll in radians.
     */
    public double roll()
    {
        return Math.atan2(rotation[3], rotation[4]);
    }

    /**
     * Writes {@code [pitch, yaw, roll, tx, ty, tz]} in the {@link HeadPose} layout: angles as above; translation in
     * reference units (cm) of the face centre from the image centre, x right and y up; tz is 0 because one view
     * under weak perspective does not fix the distance (compare {@link #scale()} across frames for that).
     *
     * @param out         the pose array.
     * @param off         offset of the pose in it.
     * @param imageWidth  image width, pixels.
     * @param imageHeight image height, pixels.
     */
    public void toHeadPose(final float[] out, final int off, final int imageWidth, final int imageHeight)
    {
        out[off + HeadPose.PITCH] = (float)pitch();
        out[off + HeadPose.YAW] = (float)yaw();
        out[off + HeadPose.ROLL] = (float)roll();
        out[off + HeadPose.TX] = (float)((translation[0] - 0.5 * imageWidth) / scale);
        out[off + HeadPose.TY] = (float)((translation[1] + 0.5 * imageHeight) / scale);
        out[off + HeadPose.TZ] = 0f;
    }

    /**
     * Brings landmarks into the reference frame: {@code v = R^T (p - t) / scale} with {@code p = (x, -y, -k z)},
     * the inverse of the fitted transform. The result is the subject's face in canonical-mesh units and orientation,
     * with the head pose removed: what identity offsets and expression solving compare against the canonical mesh.
     * Allocation-free; owner thread.
     *
     * @param landmarks {@code n * 3} image-space landmarks (the set the pose was solved from, or another frame's).
     * @param out       {@code n * 3} floats, reference frame.
     */
    public void toReferenceFrame(final float[] landmarks, final float[] out)
    {
        if (out.length < landmarks.length)
        {
            throw new IllegalArgumentException("output needs " + landmarks.length + " floats, got " + out.length);
        }
        final double[] r = rotation;
        final double inv = 1.0 / scale;
        for (int i = 0; i + 2 < landmarks.length; i += 3)
        {
            final double x = landmarks[i] - translation[0];
            final double y = -landmarks[i + 1] - translation[1];
            final double z = -depthScale * landmarks[i + 2] - translation[2];
            out[i] = (float)((r[0] * x + r[3] * y + r[6] * z) * inv);
            out[i + 1] = (float)((r[1] * x + r[4] * y + r[7] * z) * inv);
            out[i + 2] = (float)((r[2] * x + r[5] * y + r[8] * z) * inv);
        }
    }

    /**
     * Identity shape as per-vertex offsets from the reference: {@code toReferenceFrame(landmarks) - reference}. On a
     * portrait this also holds the portrait's expression (a smile widens the mouth corners); the rig's expression
     * solve separates the two. Allocation-free; owner thread.
     *
     * @param landmarks {@code n * 3} image-space landmarks.
     * @param reference {@code n * 3} reference points (the canonical mesh the pose was solved against).
     * @param out       {@code n * 3} offsets in reference units (cm).
     */
    public void identityOffsets(final float[] landmarks, final float[] reference, final float[] out)
    {
        toReferenceFrame(landmarks, out);
        for (int i = 0; i < landmarks.length; i++)
        {
            out[i] -= reference[i];
        }
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "pose[pitch=%.1f yaw=%.1f roll=%.1f deg, scale=%.2f px/unit, depth x%.2f,"
            + " rms=%.2f px]", Math.toDegrees(pitch()), Math.toDegrees(yaw()), Math.toDegrees(roll()), scale,
            depthScale, rmsError);
    }
}
