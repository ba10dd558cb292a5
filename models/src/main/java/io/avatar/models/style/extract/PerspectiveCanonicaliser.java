package io.avatar.models.style.extract;

import io.avatar.models.face.detect.FacePose;
import io.avatar.models.face.detect.PerspectivePoseSolver;

/**
 * Brings one frame's landmarks into the canonical frame under a pinhole camera, for the expression: the head pose by
 * {@link PerspectivePoseSolver} (PnP), then every landmark put back on its own pixel ray at the depth the posed
 * reference gives it (plus the landmark's own depth offset from the detector, relative to the reference's, so depth
 * motion such as a pucker stays), and rotated and translated back: {@code c = R^T (X - T)}.
 * <p>
 * Why: the scaled-orthographic fit ({@code PoseSolver}) over-reads turns (17.5-18.4 deg for a 15 deg yaw on exact
 * projected vertices) and cannot model that near parts of a turned face grow more than far ones; what it leaves
 * reads as expression (a neutral face turning +-10 deg read browDownRight std 0.26, mouthRight 0.18). A video does
 * not give the focal length: the head is assumed {@link #ASSUMED_DISTANCE_CM} from the camera, so the focal length is
 * that distance times the face's scale (px/cm), and the principal point is the image centre.
 * <p>
 * Preallocated, allocation-free per frame; not thread-safe (one per extraction thread).
 */
final class PerspectiveCanonicaliser
{
    /** Assumed camera-to-head distance, cm (the renderer's convention, a webcam at arm's length). */
    static final double ASSUMED_DISTANCE_CM = 65.0;

    private final int n;
    private final PerspectivePoseSolver solver;
    private final FacePose pose = new FacePose();
    private final double[] cam;

    /**
     * @param points number of landmarks (468).
     */
    PerspectiveCanonicaliser(final int points)
    {
        n = points;
        solver = new PerspectivePoseSolver(points);
        cam = new double[3 * points];
    }

    /**
     * Canonicalises one frame. Owner thread; allocation-free.
     *
     * @param landmarks   {@code n * 3} image landmarks (x right, y down, z detector depth, pixels).
     * @param reference   {@code n * 3} canonical mesh, cm.
     * @param weights     {@code n} pose weights.
     * @param pxPerCm     the face's scale in the image (px/cm), from the scaled-orthographic fit; sets the focal.
     * @param depthScale  factor that makes the detector's z commensurate with x and y.
     * @param width       image width, pixels.
     * @param height      image height, pixels.
     * @param out         {@code n * 3} canonical-frame landmarks, cm.
     */
    void canonicalise(final float[] landmarks, final float[] reference, final float[] weights, final double pxPerCm,
        final double depthScale, final int width, final int height, final float[] out)
    {
        final double f = ASSUMED_DISTANCE_CM * pxPerCm;
        final double cx = 0.5 * width;
        final double cy = 0.5 * height;
        solver.solve(landmarks, reference, weights, f, cx, cy, pose);
        final double[] r = pose.rotation();
        final double[] t = pose.cameraTranslation();
        // posed reference (camera frame, cm) and the weighted mean depths of it and of the detector's z
        double wsum = 0;
        double zModel = 0;
        double zSeen = 0;
        for (int i = 0; i < n; i++)
        {
            final double x = reference[3 * i];
            final double y = reference[3 * i + 1];
            final double z = reference[3 * i + 2];
            cam[3 * i] = r[0] * x + r[1] * y + r[2] * z + t[0];
            cam[3 * i + 1] = r[3] * x + r[4] * y + r[5] * z + t[1];
            cam[3 * i + 2] = r[6] * x + r[7] * y + r[8] * z + t[2];
            wsum += weights[i];
            zModel += weights[i] * cam[3 * i + 2];
            zSeen += weights[i] * seenZ(landmarks, i, depthScale, pxPerCm);
        }
        zModel /= wsum;
        zSeen /= wsum;
        for (int i = 0; i < n; i++)
        {
            // the detector's depth relative to the face, against the posed reference's: the landmark's own depth
            // motion (towards the viewer positive)
            final double dz = seenZ(landmarks, i, depthScale, pxPerCm) - zSeen - (cam[3 * i + 2] - zModel);
            final double depth = -(cam[3 * i + 2] + dz);
            final double x = (landmarks[3 * i] - cx) * depth / f - t[0];
            final double y = (cy - landmarks[3 * i + 1]) * depth / f - t[1];
            final double z = -depth - t[2];
            out[3 * i] = (float)(r[0] * x + r[3] * y + r[6] * z);
            out[3 * i + 1] = (float)(r[1] * x + r[4] * y + r[7] * z);
            out[3 * i + 2] = (float)(r[2] * x + r[5] * y + r[8] * z);
        }
    }

    /** The detector's depth of landmark i, camera frame (towards the viewer), cm up to an offset. */
    private static double seenZ(final float[] landmarks, final int i, final double depthScale, final double pxPerCm)
    {
        return -depthScale * landmarks[3 * i + 2] / pxPerCm;
    }
}
