package io.avatar.models.face;

/**
 * Semantic landmark index sets of the MediaPipe 468-point face mesh (the public {@code FACEMESH_*} contours of
 * {@code face_mesh_connections.py}), as ordered polylines. "Left" and "right" are the subject's own sides: the
 * subject's left is +x in the canonical mesh and the right side of a mirror-free photo. Constants only.
 */
public final class FaceLandmarkSets
{
    /** Upper outer lip contour, from the right mouth corner (61) to the left one (291). */
    public static final int[] LIPS_UPPER_OUTER = {61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291};
    /** Lower outer lip contour, from the right mouth corner to the left one. */
    public static final int[] LIPS_LOWER_OUTER = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291};
    /** Upper inner lip contour (the upper edge of the mouth opening), right inner corner (78) to left (308). */
    public static final int[] LIPS_UPPER_INNER = {78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308};
    /** Lower inner lip contour (the lower edge of the mouth opening), right inner corner to left. */
    public static final int[] LIPS_LOWER_INNER = {78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308};

    /** Right eye upper lid contour, outer corner (33) to inner corner (133). */
    public static final int[] RIGHT_EYE_UPPER = {33, 246, 161, 160, 159, 158, 157, 173, 133};
    /** Right eye lower lid contour, outer corner to inner corner. */
    public static final int[] RIGHT_EYE_LOWER = {33, 7, 163, 144, 145, 153, 154, 155, 133};
    /** Left eye upper lid contour, outer corner (263) to inner corner (362). */
    public static final int[] LEFT_EYE_UPPER = {263, 466, 388, 387, 386, 385, 384, 398, 362};
    /** Left eye lower lid contour, outer corner to inner corner. */
    public static final int[] LEFT_EYE_LOWER = {263, 249, 390, 373, 374, 380, 381, 382, 362};

    /** Right brow, upper line from outer to inner then lower line from outer to inner. */
    public static final int[] RIGHT_BROW = {70, 63, 105, 66, 107, 46, 53, 52, 65, 55};
    /** Left brow, same order as {@link #RIGHT_BROW}. */
    public static final int[] LEFT_BROW = {300, 293, 334, 296, 336, 276, 283, 282, 295, 285};

    /** Face oval, clockwise in the image from the top of the forehead (10). */
    public static final int[] FACE_OVAL = {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379,
        378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109};

    /** Upper inner lip midpoint. */
    public static final int UPPER_INNER_LIP = 13;
    /** Lower inner lip midpoint. */
    public static final int LOWER_INNER_LIP = 14;
    /** Chin tip. */
    public static final int CHIN = 152;
    /** Nose tip. */
    public static final int NOSE_TIP = 1;
    /** Right mouth corner (outer). */
    public static final int RIGHT_MOUTH_CORNER = 61;
    /** Left mouth corner (outer). */
    public static final int LEFT_MOUTH_CORNER = 291;
    /** Right eye outer corner. */
    public static final int RIGHT_EYE_OUTER = 33;
    /** Right eye inner corner. */
    public static final int RIGHT_EYE_INNER = 133;
    /** Left eye outer corner. */
    public static final int LEFT_EYE_OUTER = 263;
    /** Left eye inner corner. */
    public static final int LEFT_EYE_INNER = 362;

    private FaceLandmarkSets()
    {
    }
}
