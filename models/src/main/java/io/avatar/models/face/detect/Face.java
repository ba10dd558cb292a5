package io.avatar.models.face.detect;

/**
 * One detected face: the box, the detector's confidence and its six keypoints, in image pixels (x right, y down).
 * Immutable; any thread.
 * <p>
 * Keypoints are named from the subject's side: the subject's right eye appears on the left of a frontal photo.
 */
public final class Face
{
    /** Keypoint: the subject's right eye (image left in a frontal view). */
    public static final int RIGHT_EYE = 0;
    /** Keypoint: the subject's left eye. */
    public static final int LEFT_EYE = 1;
    /** Keypoint: nose tip. */
    public static final int NOSE_TIP = 2;
    /** Keypoint: mouth centre. */
    public static final int MOUTH = 3;
    /** Keypoint: the subject's right ear tragion. */
    public static final int RIGHT_EAR = 4;
    /** Keypoint: the subject's left ear tragion. */
    public static final int LEFT_EAR = 5;
    /** Number of keypoints. */
    public static final int KEYPOINTS = 6;

    private final float x;
    private final float y;
    private final float width;
    private final float height;
    private final float score;
    private final float[] keypoints;

    /**
     * @param x         left edge of the box.
     * @param y         top edge of the box.
     * @param width     box width.
     * @param height    box height.
     * @param score     detector confidence in [0, 1].
     * @param keypoints {@code x, y} of the six keypoints (copied).
     */
    public Face(final float x, final float y, final float width, final float height, final float score,
        final float[] keypoints)
    {
        if (keypoints.length != 2 * KEYPOINTS)
        {
            throw new IllegalArgumentException("need " + 2 * KEYPOINTS + " keypoint coordinates, got "
                + keypoints.length);
        }
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.score = score;
        this.keypoints = keypoints.clone();
    }

    /**
     * @return left edge of the box, pixels.
     */
    public float x()
    {
        return x;
    }

    /**
     * @return top edge of the box, pixels.
     */
    public float y()
    {
        return y;
    }

    /**
     * @return box width, pixels.
     */
    public float width()
    {
        return width;
    }

    /**
     * @return box height, pixels.
     */
    public float height()
    {
        return height;
    }

    /**
     * @return horizontal centre of the box.
     */
    public float centerX()
    {
        return x + 0.5f * width;
    }

    /**
     * @return vertical centre of the box.
     */
    public float centerY()
    {
        return y + 0.5f * height;
    }

    /**
     * @return the larger box side, the face size the minimum-size rule checks.
     */
    public float size()
    {
        return Math.max(width, height);
    }

    /**
     * @return detector confidence in [0, 1].
     */
    public float score()
    {
        return score;
    }

    /**
     * @param k keypoint index, e.g. {@link #NOSE_TIP}.
     * @return its x in pixels.
     */
    public float keypointX(final int k)
    {
        return keypoints[2 * k];
    }

    /**
     * @param k keypoint index.
     * @return its y in pixels.
     */
    public float keypointY(final int k)
    {
        return keypoints[2 * k + 1];
    }

    /**
     * @return the in-image angle of the line from the right eye to the left eye, radians, positive when the
     *     subject's left eye is lower (clockwise on screen): the crop rotation that makes the face upright.
     */
    public double eyeAngle()
    {
        return Math.atan2(keypointY(LEFT_EYE) - keypointY(RIGHT_EYE), keypointX(LEFT_EYE) - keypointX(RIGHT_EYE));
    }

    @Override
    public String toString()
    {
        return String.format(java.util.Locale.ROOT, "face[x=%.1f y=%.1f w=%.1f h=%.1f score=%.3f]", x, y, width,
            height, score);
    }
}
