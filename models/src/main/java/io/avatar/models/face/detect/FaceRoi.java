package io.avatar.models.face.detect;

/**
 * The rotated square crop the face mesh looks at: centre, side and rotation in image pixels. Mutable so a tracker
 * can update one instance per frame; not thread-safe.
 * <p>
 * The rotation is the on-screen angle (y down, so positive is clockwise) of the crop's x axis; the crop is upright
 * for the face when it follows the line from the subject's right eye to the left eye.
 */
public final class FaceRoi
{
    /** Crop side relative to the face box (MediaPipe's {@code scale_x/scale_y} of 1.5). */
    public static final double SCALE = 1.5;
    /** Landmark: the subject's right eye, outer corner. */
    static final int RIGHT_EYE_OUTER = 33;
    /** Landmark: the subject's left eye, outer corner. */
    static final int LEFT_EYE_OUTER = 263;

    private double centerX;
    private double centerY;
    private double size;
    private double rotation;

    /**
     * @return centre x, pixels.
     */
    public double centerX()
    {
        return centerX;
    }

    /**
     * @return centre y, pixels.
     */
    public double centerY()
    {
        return centerY;
    }

    /**
     * @return side of the square, pixels.
     */
    public double size()
    {
        return size;
    }

    /**
     * @return rotation, radians, clockwise on screen.
     */
    public double rotation()
    {
        return rotation;
    }

    /**
     * Sets every field.
     *
     * @param cx       centre x.
     * @param cy       centre y.
     * @param side     side of the square.
     * @param rotation rotation, radians.
     * @return this.
     */
    public FaceRoi set(final double cx, final double cy, final double side, final double rotation)
    {
        this.centerX = cx;
        this.centerY = cy;
        this.size = side;
        this.rotation = rotation;
        return this;
    }

    /**
     * The crop for a detection, as MediaPipe's {@code face_detection_front_detection_to_roi}: the box centre, the
     * eye keypoints' angle, 1.5x the longer box side.
     *
     * @param face a detection.
     * @return this.
     */
    public FaceRoi fromDetection(final Face face)
    {
        return set(face.centerX(), face.centerY(), SCALE * face.size(), face.eyeAngle());
    }

    /**
     * The crop for the next frame from this frame's landmarks (MediaPipe's {@code face_landmark_landmarks_to_roi}):
     * rotation from the outer eye corners; the landmarks' bounding box measured in the rotated frame (tighter than
     * MediaPipe's axis-aligned box when the head is tilted), its centre and 1.5x its longer side. Allocation-free.
     *
     * @param landmarks 468 x (x, y, z) in image pixels.
     * @return this.
     */
    public FaceRoi fromLandmarks(final float[] landmarks)
    {
        final double rot = Math.atan2(landmarks[3 * LEFT_EYE_OUTER + 1] - landmarks[3 * RIGHT_EYE_OUTER + 1],
            landmarks[3 * LEFT_EYE_OUTER] - landmarks[3 * RIGHT_EYE_OUTER]);
        final double c = Math.cos(rot);
        final double s = Math.sin(rot);
        double minU = Double.MAX_VALUE;
        double maxU = -Double.MAX_VALUE;
        double minV = Double.MAX_VALUE;
        double maxV = -Double.MAX_VALUE;
        final int n = landmarks.length / 3;
        for (int i = 0; i < n; i++)
        {
            final double x = landmarks[3 * i];
            final double y = landmarks[3 * i + 1];
            final double u = c * x + s * y;   // coordinates along the crop axes
            final double v = -s * x + c * y;
            minU = Math.min(minU, u);
            maxU = Math.max(maxU, u);
            minV = Math.min(minV, v);
            maxV = Math.max(maxV, v);
        }
        final double mu = 0.5 * (minU + maxU);
        final double mv = 0.5 * (minV + maxV);
        return set(c * mu - s * mv, s * mu + c * mv, SCALE * Math.max(maxU - minU, maxV - minV), rot);
    }

    /**
     * Writes the affine map from {@code size x size} model-input coordinates to image coordinates.
     *
     * @param inputSize model input side in pixels.
     * @param m         6 numbers: {@code x = m0 u + m1 v + m2}, {@code y = m3 u + m4 v + m5}.
     */
    void toAffine(final int inputSize, final double[] m)
    {
        final double k = size / inputSize;
        final double c = Math.cos(rotation);
        final double s = Math.sin(rotation);
        final double h = 0.5 * size;
        m[0] = c * k;
        m[1] = -s * k;
        m[2] = centerX - c * h + s * h;
        m[3] = s * k;
        m[4] = c * k;
        m[5] = centerY - s * h - c * h;
    }

    @Override
    public String toString()
    {
        return String.format(java.util.Locale.ROOT, "roi[cx=%.1f cy=%.1f size=%.1f rot=%.1f deg]", centerX, centerY,
            size, Math.toDegrees(rotation));
    }
}
