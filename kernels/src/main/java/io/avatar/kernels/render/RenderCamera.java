package io.avatar.kernels.render;

/**
 * Where the head sits in the portrait and how it is projected: a pinhole camera (focal length and principal point in
 * reference-frame pixels, reference frame = the portrait image), the head's rest transform (rotation and translation
 * from the head frame into the camera frame: x right, y up, camera looking down -z) and the neck pivot that head-pose
 * rotations turn about. Immutable.
 * <p>
 * A head-frame point P under pose (R, t) lands at {@code C = R0 (R (P - pivot) + pivot) + T0 + t} in camera space and
 * at pixel {@code (cx + f C.x / -C.z, cy - f C.y / -C.z)}.
 */
public final class RenderCamera
{
    private final int refWidth;
    private final int refHeight;
    private final float focal;
    private final float cx;
    private final float cy;
    private final float[] restRotation;
    private final float[] restTranslation;
    private final float[] pivot;

    /**
     * @param refWidth        width of the reference frame (the portrait), pixels.
     * @param refHeight       height of the reference frame, pixels.
     * @param focal           focal length, reference pixels.
     * @param cx              principal point x, reference pixels.
     * @param cy              principal point y, reference pixels (y down).
     * @param restRotation    3x3 row-major rotation head frame to camera frame at rest.
     * @param restTranslation translation of the head origin in camera space at rest (cm; z negative, in front of the camera).
     * @param pivot           neck pivot in the head frame (cm).
     */
    public RenderCamera(final int refWidth, final int refHeight, final float focal, final float cx, final float cy,
        final float[] restRotation, final float[] restTranslation, final float[] pivot)
    {
        if (refWidth < 2 || refHeight < 2 || !(focal > 0f))
        {
            throw new IllegalArgumentException("bad camera: reference " + refWidth + "x" + refHeight + ", focal "
                + focal);
        }
        if (restRotation.length != 9 || restTranslation.length != 3 || pivot.length != 3)
        {
            throw new IllegalArgumentException("rest rotation needs 9 numbers, translation and pivot 3");
        }
        if (!(restTranslation[2] < -1f))
        {
            throw new IllegalArgumentException("the head must be in front of the camera (rest translation z < -1 cm), "
                + "got z = " + restTranslation[2]);
        }
        this.refWidth = refWidth;
        this.refHeight = refHeight;
        this.focal = focal;
        this.cx = cx;
        this.cy = cy;
        this.restRotation = restRotation.clone();
        this.restTranslation = restTranslation.clone();
        this.pivot = pivot.clone();
    }

    /**
     * A frontal camera: identity rest rotation.
     *
     * @param refWidth  reference width, pixels.
     * @param refHeight reference height, pixels.
     * @param focal     focal length, reference pixels.
     * @param headX     head origin x in camera space, cm.
     * @param headY     head origin y in camera space, cm.
     * @param distance  distance of the head origin from the camera, cm.
     * @param pivot     neck pivot in the head frame, cm.
     * @return the camera, principal point at the frame centre.
     */
    public static RenderCamera frontal(final int refWidth, final int refHeight, final float focal, final float headX,
        final float headY, final float distance, final float[] pivot)
    {
        return new RenderCamera(refWidth, refHeight, focal, 0.5f * refWidth, 0.5f * refHeight,
            new float[]{1, 0, 0, 0, 1, 0, 0, 0, 1}, new float[]{headX, headY, -distance}, pivot);
    }

    /**
     * Projects one head-frame point at rest into reference pixels. Setup-time helper; any thread.
     *
     * @param p   head-frame positions.
     * @param off offset of the point.
     * @param out {@code [x, y]} reference pixels.
     */
    public void projectRest(final float[] p, final int off, final float[] out)
    {
        final float[] r = restRotation;
        final float x = p[off];
        final float y = p[off + 1];
        final float z = p[off + 2];
        final float cxm = r[0] * x + r[1] * y + r[2] * z + restTranslation[0];
        final float cym = r[3] * x + r[4] * y + r[5] * z + restTranslation[1];
        final float czm = r[6] * x + r[7] * y + r[8] * z + restTranslation[2];
        final float inv = focal / -czm;
        out[0] = cx + cxm * inv;
        out[1] = cy - cym * inv;
    }

    /**
     * @return reference width, pixels.
     */
    public int refWidth()
    {
        return refWidth;
    }

    /**
     * @return reference height, pixels.
     */
    public int refHeight()
    {
        return refHeight;
    }

    /**
     * @return focal length, reference pixels (any thread: immutable).
     */
    public float focal()
    {
        return focal;
    }

    /**
     * @return principal point x, reference pixels (any thread: immutable).
     */
    public float cx()
    {
        return cx;
    }

    /**
     * @return principal point y, reference pixels (y down) (any thread: immutable).
     */
    public float cy()
    {
        return cy;
    }

    float[] restRotation()
    {
        return restRotation;
    }

    float[] restTranslation()
    {
        return restTranslation;
    }

    float[] pivot()
    {
        return pivot;
    }
}
