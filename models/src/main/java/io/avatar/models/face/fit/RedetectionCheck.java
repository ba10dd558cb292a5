package io.avatar.models.face.fit;

import io.avatar.kernels.render.FaceRenderer;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.FaceLandmarkSets;
import io.avatar.models.face.detect.FaceInputException;
import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.face.detect.FacePose;
import io.avatar.models.face.detect.PerspectivePoseSolver;
import io.avatar.models.face.detect.ProcrustesReference;
import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a rendered face by re-detection: renders frames driven by known rig weights and head poses, runs the face
 * landmarker on them and compares with what the rig intended (the renderer's own screen positions of the landmark
 * vertices, the rest camera's pose, the driven angles). Measures: landmark error and pose of the neutral render,
 * the inner-lip gap over a jawOpen sweep, the eye aspect ratio on blinks, the re-detected angles of yaw and pitch
 * turns, and the luminance gradient along the skirt boundary and jaw line (a tear shows as a gradient spike). Poses
 * are solved by {@link PerspectivePoseSolver} under the renderer's own camera against the subject's fitted neutral
 * shape (on the renderer's exact vertices that reads every driven turn exactly; the report includes it). The
 * numbers are reported, not judged: tests and the CLI apply the bars. Setup time; the caller's thread (the
 * landmarker and renderer are single-threaded).
 */
public final class RedetectionCheck
{
    /** jawOpen weights of the sweep. */
    public static final float[] JAW_SWEEP = {0f, 0.25f, 0.5f, 0.75f, 1f};
    /** Driven turn, degrees. */
    public static final float TURN_DEG = 15f;

    private final FaceLandmarker landmarker;
    private final ProcrustesReference reference;
    private final PerspectivePoseSolver solver = new PerspectivePoseSolver(CanonicalFaceMesh.VERTEX_COUNT);
    private final float[] own = new float[3 * CanonicalFaceMesh.VERTEX_COUNT];
    private final float[] poseWeights = poseWeights();
    private double focal;
    private double cx;
    private double cy;
    private final int[] skirtRing;

    /**
     * @param landmarker the landmarker (caller's thread).
     * @param reference  the Procrustes reference for poses.
     * @param pin        the rig's per-vertex pin ({@code FaceRig.pin()}): pin 0 marks the skirt's outer ring.
     */
    public RedetectionCheck(final FaceLandmarker landmarker, final ProcrustesReference reference, final float[] pin)
    {
        this.landmarker = landmarker;
        this.reference = reference;
        int n = 0;
        for (final float p : pin)
        {
            n += p == 0f ? 1 : 0;
        }
        skirtRing = new int[n];
        int k = 0;
        for (int i = 0; i < pin.length; i++)
        {
            if (pin[i] == 0f)
            {
                skirtRing[k++] = i;
            }
        }
    }

    /**
     * The measured numbers. Angles in degrees, distances in inter-ocular distances (IOD, between the eye-corner
     * midpoints) of the intended neutral frame.
     *
     * @param landmarkMeanIod   neutral render: mean distance of re-detected to intended landmarks.
     * @param landmarkP95Iod    neutral render: 95th percentile of that distance.
     * @param restPose          intended rest pose: pitch, yaw, roll.
     * @param neutralPose       re-detected pose of the neutral render: pitch, yaw, roll.
     * @param jawGap            re-detected inner-lip gap (13-14) at each {@link #JAW_SWEEP} weight.
     * @param jawGapIntended    intended inner-lip gap at each weight.
     * @param earNeutral        re-detected eye aspect ratio (right, left) at neutral.
     * @param earBlink          re-detected eye aspect ratio (right, left) with eyeBlinkRight/Left at 1.
     * @param turns             for yaw +15, yaw -15, pitch +15, pitch -15: the re-detected rotation relative to the
     *                          neutral render's ({@code Rn^T Rt}, the head-frame rotation the renderer applies) as
     *                          pitch, yaw, roll (4 x 3); poses solved against the subject's own fitted shape.
     * @param turnsCanonical    the same, poses solved against the canonical mesh (a pipeline that does not know the
     *                          subject's shape); for comparison.
     * @param neutralCanonical  the neutral render's pose solved against the canonical mesh: pitch, yaw, roll.
     * @param turnsExact        the turns read by the same solve from the renderer's own screen positions of the
     *                          landmark vertices (no detector): what the solver gives on exact data (4 x 3).
     * @param gradientRest      mean luminance gradient along the skirt ring and along the face oval at rest.
     * @param gradientTurnedMax largest such gradients over the four turns (skirt, oval).
     * @param trackingGain      per turn, how much of the turn's rendered differential motion the detector follows:
     *                          the least-squares slope of the re-detected landmark displacements (turned minus
     *                          neutral frame) on the intended ones along the driven screen axis (x for yaw, y for
     *                          pitch), both with their mean displacement removed, over the landmarks the pose solve
     *                          weights (not the face oval). 1 = the landmarks move as the rendered vertices do; the
     *                          mean (the translation) is left out because the detector follows it in every case.
     * @param asFitted          for a photo, the same landmark and pose numbers for the render with the photo's own
     *                          expression (which must reproduce the photo): mean IOD, p95 IOD, pitch, yaw, roll;
     *                          null when there is no fitted expression.
     */
    public record Report(double landmarkMeanIod, double landmarkP95Iod, double[] restPose, double[] neutralPose,
        double[] jawGap, double[] jawGapIntended, double[] earNeutral, double[] earBlink, double[][] turns,
        double[][] turnsCanonical, double[] neutralCanonical, double[][] turnsExact, double[] gradientRest, double[] gradientTurnedMax,
        double[] trackingGain, double[] asFitted)
    {
        /**
         * @return the largest pose error of the render with the photo's expression, degrees (NaN without one).
         */
        public double asFittedPoseError()
        {
            if (asFitted == null)
            {
                return Double.NaN;
            }
            double e = 0;
            for (int k = 0; k < 3; k++)
            {
                e = Math.max(e, Math.abs(asFitted[2 + k] - restPose[k]));
            }
            return e;
        }

        /**
         * @return the growth of the re-detected inner-lip gap from jawOpen 0 to 1, IOD.
         */
        public double jawGrowth()
        {
            return jawGap[jawGap.length - 1] - jawGap[0];
        }

        /**
         * @return whether the re-detected gap rises at every step of the sweep.
         */
        public boolean jawMonotonic()
        {
            for (int i = 1; i < jawGap.length; i++)
            {
                if (!(jawGap[i] > jawGap[i - 1]))
                {
                    return false;
                }
            }
            return true;
        }

        /**
         * @param eye 0 right, 1 left.
         * @return the relative drop of the eye aspect ratio on a blink.
         */
        public double blinkDrop(final int eye)
        {
            return 1 - earBlink[eye] / earNeutral[eye];
        }

        /**
         * @return the largest neutral-pose error against the rest pose, degrees.
         */
        public double neutralPoseError()
        {
            double e = 0;
            for (int k = 0; k < 3; k++)
            {
                e = Math.max(e, Math.abs(neutralPose[k] - restPose[k]));
            }
            return e;
        }

        /**
         * @return the report as lines of text.
         */
        public String format()
        {
            final StringBuilder b = new StringBuilder();
            if (asFitted != null)
            {
                b.append(String.format(Locale.ROOT, "as fitted (photo's own expression): landmarks mean %.4f IOD, "
                    + "p95 %.4f IOD; pose %.2f %.2f %.2f deg, max error %.2f deg%n", asFitted[0], asFitted[1],
                    asFitted[2], asFitted[3], asFitted[4], asFittedPoseError()));
            }
            b.append(String.format(Locale.ROOT, "neutral landmarks: mean %.4f IOD, p95 %.4f IOD (bar: 0.02)%n",
                landmarkMeanIod, landmarkP95Iod));
            b.append(String.format(Locale.ROOT, "neutral pose: re-detected pitch %.2f yaw %.2f roll %.2f, rest "
                + "%.2f %.2f %.2f deg; max error %.2f deg (bar: 0.5); canonical-mesh reference %.2f %.2f %.2f%n",
                neutralPose[0], neutralPose[1], neutralPose[2], restPose[0], restPose[1], restPose[2],
                neutralPoseError(), neutralCanonical[0], neutralCanonical[1], neutralCanonical[2]));
            b.append("jawOpen sweep inner-lip gap (IOD), re-detected / intended:");
            for (int i = 0; i < jawGap.length; i++)
            {
                b.append(String.format(Locale.ROOT, " %.2f:%.3f/%.3f", JAW_SWEEP[i], jawGap[i], jawGapIntended[i]));
            }
            b.append(String.format(Locale.ROOT, "%n  growth %.3f IOD (bar: >= 0.15), monotonic %s%n", jawGrowth(),
                jawMonotonic()));
            b.append(String.format(Locale.ROOT, "blink: eye aspect ratio right %.3f -> %.3f (drop %.0f%%), left %.3f "
                + "-> %.3f (drop %.0f%%) (bar: >= 20%%)%n", earNeutral[0], earBlink[0], 100 * blinkDrop(0),
                earNeutral[1], earBlink[1], 100 * blinkDrop(1)));
            final String[] names = {"yaw +15", "yaw -15", "pitch +15", "pitch -15"};
            for (int i = 0; i < 4; i++)
            {
                b.append(String.format(Locale.ROOT, "%s: re-detected change pitch %+.2f yaw %+.2f roll %+.2f deg "
                    + "(canonical-mesh reference: %+.2f %+.2f %+.2f)%n", names[i], turns[i][0], turns[i][1],
                    turns[i][2], turnsCanonical[i][0], turnsCanonical[i][1], turnsCanonical[i][2]));
            }
            b.append("detector tracking gain (re-detected / rendered differential motion on the driven axis):");
            for (int i = 0; i < 4; i++)
            {
                b.append(String.format(Locale.ROOT, " %s %.3f", names[i], trackingGain[i]));
            }
            b.append(String.format(Locale.ROOT, "%n"));
            b.append("exact vertices (no detector), driven axis:");
            for (int i = 0; i < 4; i++)
            {
                b.append(String.format(Locale.ROOT, " %s %+.3f", names[i], turnsExact[i][i < 2 ? 1 : 0]));
            }
            b.append(String.format(Locale.ROOT, "%n"));
            b.append(String.format(Locale.ROOT, "seams: gradient along skirt ring %.2f at rest, %.2f max turned; "
                + "along jaw line %.2f at rest, %.2f max turned%n", gradientRest[0], gradientTurnedMax[0],
                gradientRest[1], gradientTurnedMax[1]));
            return b.toString();
        }
    }

    /**
     * Runs every check. Caller's thread.
     *
     * @param renderer     the avatar renderer of the portrait.
     * @param restRotation the rest camera's rotation (3x3 row-major, head to camera), the intended neutral pose.
     * @param fitted       the photo's own expression (52 weights), or null for a face without one.
     * @param frames       a folder to write the rendered frames to as PNGs, or null.
     * @return the numbers.
     * @throws FaceInputException when the landmarker finds no face in a rendered frame.
     * @throws IOException        when a frame cannot be written.
     */
    public Report run(final AvatarRenderer renderer, final double[] restRotation, final float[] fitted,
        final Path frames) throws FaceInputException, IOException
    {
        final FaceRenderer k = renderer.renderer();
        // the renderer's own camera, in output pixels: the pose is solved under the perspective that made the frame
        final double toOut = (double)k.width() / renderer.camera().refWidth();
        focal = renderer.camera().focal() * toOut;
        cx = renderer.camera().cx() * toOut;
        cy = renderer.camera().cy() * toOut;
        // the subject's own fitted neutral shape as the pose reference: the rig renders that shape, so the solver
        // reads the exact rest pose from the exact vertices (a shape differing from the canonical mesh biases PnP)
        System.arraycopy(renderer.basePositions(), 0, own, 0, own.length);
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] pose = new float[HeadPose.SIZE];
        double[] asFitted = null;
        if (fitted != null)
        {
            renderer.render(fitted, pose);
            final float[] lm = detect(k, "as-fitted", frames);
            final double[] e = errors(k, lm);
            final double[] a = angles(pose(lm, own).rotation());
            asFitted = new double[]{e[0], e[1], a[0], a[1], a[2]};
        }
        // neutral
        renderer.render(w, pose);
        final double iod = iod(k);
        final float[] neutral = detect(k, "neutral", frames);
        final double[] err = errors(k, neutral);
        final double mean = err[0];
        final double p95 = err[1];
        final double[] neutralRotation = pose(neutral, own).rotation().clone();
        final double[] neutralPose = angles(neutralRotation);
        final double[] neutralCanonicalRotation = pose(neutral, reference.vertices()).rotation().clone();
        final double[] neutralCanonical = angles(neutralCanonicalRotation);
        final double[] restPose = angles(restRotation);
        final double gradSkirt = gradientAlong(k, skirtRing);
        final double gradOval = gradientAlong(k, FaceLandmarkSets.FACE_OVAL);
        // jaw sweep
        final double[] gap = new double[JAW_SWEEP.length];
        final double[] gapIntended = new double[JAW_SWEEP.length];
        for (int s = 0; s < JAW_SWEEP.length; s++)
        {
            w[ArkitBlendshape.jawOpen.ordinal()] = JAW_SWEEP[s];
            renderer.render(w, pose);
            final float[] lm = detect(k, String.format(Locale.ROOT, "jawOpen-%.2f", JAW_SWEEP[s]), frames);
            gap[s] = Math.hypot(lm[3 * 13] - lm[3 * 14], lm[3 * 13 + 1] - lm[3 * 14 + 1]) / iod;
            gapIntended[s] = Math.hypot(k.screenX(13) - k.screenX(14), k.screenY(13) - k.screenY(14)) / iod;
        }
        w[ArkitBlendshape.jawOpen.ordinal()] = 0f;
        // blink
        final double[] earNeutral = {ear(neutral, RIGHT_EAR), ear(neutral, LEFT_EAR)};
        w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
        w[ArkitBlendshape.eyeBlinkRight.ordinal()] = 1f;
        renderer.render(w, pose);
        final float[] blink = detect(k, "blink", frames);
        final double[] earBlink = {ear(blink, RIGHT_EAR), ear(blink, LEFT_EAR)};
        w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 0f;
        w[ArkitBlendshape.eyeBlinkRight.ordinal()] = 0f;
        // turns
        final double[][] turns = new double[4][];
        final double[][] turnsCanonical = new double[4][];
        final double[][] turnsExact = new double[4][];
        final float[] exact = new float[3 * CanonicalFaceMesh.VERTEX_COUNT];
        renderer.render(w, pose);
        screen(k, exact);
        final float[] neutralScreen = exact.clone();
        final double[] gain = new double[4];
        final double[] neutralExact = pose(exact, own).rotation().clone();
        final double[] gradMax = new double[2];
        final float rad = (float)Math.toRadians(TURN_DEG);
        final String[] names = {"yaw+15", "yaw-15", "pitch+15", "pitch-15"};
        for (int t = 0; t < 4; t++)
        {
            java.util.Arrays.fill(pose, 0f);
            pose[t < 2 ? HeadPose.YAW : HeadPose.PITCH] = (t % 2 == 0 ? 1 : -1) * rad;
            renderer.render(w, pose);
            final float[] lm = detect(k, names[t], frames);
            turns[t] = angles(relative(neutralRotation, pose(lm, own).rotation()));
            turnsCanonical[t] = angles(relative(neutralCanonicalRotation, pose(lm, reference.vertices()).rotation()));
            screen(k, exact);
            turnsExact[t] = angles(relative(neutralExact, pose(exact, own).rotation()));
            gain[t] = trackingGain(neutral, lm, neutralScreen, exact, t < 2 ? 0 : 1);
            gradMax[0] = Math.max(gradMax[0], gradientAlong(k, skirtRing));
            gradMax[1] = Math.max(gradMax[1], gradientAlong(k, FaceLandmarkSets.FACE_OVAL));
        }
        return new Report(mean, p95, restPose, neutralPose, gap, gapIntended, earNeutral, earBlink, turns,
            turnsCanonical, neutralCanonical, turnsExact, new double[]{gradSkirt, gradOval}, gradMax, gain, asFitted);
    }

    /**
     * Least-squares slope of the re-detected displacements on the intended ones along one screen axis, both centred
     * (see {@link Report#trackingGain}), over the landmarks with a pose weight.
     */
    private double trackingGain(final float[] detNeutral, final float[] detTurned, final float[] intNeutral,
        final float[] intTurned, final int axis)
    {
        double meanD = 0;
        double meanI = 0;
        int count = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            if (poseWeights[i] > 0f)
            {
                meanD += detTurned[3 * i + axis] - detNeutral[3 * i + axis];
                meanI += intTurned[3 * i + axis] - intNeutral[3 * i + axis];
                count++;
            }
        }
        meanD /= count;
        meanI /= count;
        double di = 0;
        double ii = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            if (poseWeights[i] > 0f)
            {
                final double d = detTurned[3 * i + axis] - detNeutral[3 * i + axis] - meanD;
                final double e = intTurned[3 * i + axis] - intNeutral[3 * i + axis] - meanI;
                di += d * e;
                ii += e * e;
            }
        }
        return di / ii;
    }

    /** The last frame's screen positions of the landmark vertices as landmarks (z = 0). */
    private static void screen(final FaceRenderer k, final float[] out)
    {
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            out[3 * i] = k.screenX(i);
            out[3 * i + 1] = k.screenY(i);
            out[3 * i + 2] = 0f;
        }
    }

    /** Perspective pose of re-detected landmarks against a reference shape, under the renderer's camera. */
    private FacePose pose(final float[] lm, final float[] ref)
    {
        return solver.solve(lm, ref, poseWeights, focal, cx, cy, new FacePose());
    }

    /**
     * Weights of the re-detection pose solves: every landmark equally except the face oval. The oval points lie on
     * the silhouette, where the detector can place them anywhere along the contour (and where the skirt blends the
     * head into the fixed portrait); the inner points are on textured features. Measured on both avatars: this
     * reads the neutral pose and the +-15 deg pitches closer than MediaPipe's 33 Procrustes weights (built-in
     * neutral 0.6 vs 2.3 deg, pitch +15.1/-12.8 vs +13.3/-11.9).
     */
    private static float[] poseWeights()
    {
        final float[] w = new float[CanonicalFaceMesh.VERTEX_COUNT];
        java.util.Arrays.fill(w, 1f);
        for (final int i : FaceLandmarkSets.FACE_OVAL)
        {
            w[i] = 0f;
        }
        return w;
    }

    /**
     * @param a a rotation, row-major.
     * @param b another.
     * @return {@code a^T b}, row-major: {@code b} relative to {@code a}. Any thread.
     */
    public static double[] relative(final double[] a, final double[] b)
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
        return r;
    }

    /** Mean and 95th percentile distance of re-detected to intended landmarks of the last frame, IOD. */
    private static double[] errors(final FaceRenderer k, final float[] lm)
    {
        final int n = CanonicalFaceMesh.VERTEX_COUNT;
        final double iod = iod(k);
        final double[] err = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            err[i] = Math.hypot(lm[3 * i] - k.screenX(i), lm[3 * i + 1] - k.screenY(i)) / iod;
            mean += err[i] / n;
        }
        java.util.Arrays.sort(err);
        return new double[]{mean, err[(int)(0.95 * (n - 1))]};
    }

    /** Right eye: outer, upper 2, upper 3, inner, lower 3, lower 2 (the 6-point eye aspect ratio). */
    static final int[] RIGHT_EAR = {33, 160, 158, 133, 153, 144};
    /** Left eye, same order. */
    static final int[] LEFT_EAR = {263, 387, 385, 362, 380, 373};

    /**
     * @param lm  468 x 3 landmarks.
     * @param six the six eye points.
     * @return (|p2 - p6| + |p3 - p5|) / (2 |p1 - p4|).
     */
    static double ear(final float[] lm, final int[] six)
    {
        return (dist(lm, six[1], six[5]) + dist(lm, six[2], six[4])) / (2 * dist(lm, six[0], six[3]));
    }

    private static double dist(final float[] lm, final int a, final int b)
    {
        return Math.hypot(lm[3 * a] - lm[3 * b], lm[3 * a + 1] - lm[3 * b + 1]);
    }

    /** IOD of the last frame's intended landmarks: distance between the eye-corner midpoints. */
    private static double iod(final FaceRenderer k)
    {
        final double rx = 0.5 * (k.screenX(33) + k.screenX(133));
        final double ry = 0.5 * (k.screenY(33) + k.screenY(133));
        final double lx = 0.5 * (k.screenX(263) + k.screenX(362));
        final double ly = 0.5 * (k.screenY(263) + k.screenY(362));
        return Math.hypot(lx - rx, ly - ry);
    }

    /**
     * @param r a rotation, row-major.
     * @return pitch, yaw, roll in degrees ({@link FacePose} conventions).
     */
    public static double[] angles(final double[] r)
    {
        return new double[]{Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, -r[5])))),
            Math.toDegrees(Math.atan2(r[2], r[8])), Math.toDegrees(Math.atan2(r[3], r[4]))};
    }

    private float[] detect(final FaceRenderer k, final String name, final Path frames)
        throws FaceInputException, IOException
    {
        final RgbImage img = toImage(k, "rendered " + name);
        if (frames != null)
        {
            Files.createDirectories(frames);
            ImageIO.write(img.toBufferedImage(), "png", frames.resolve(name + ".png").toFile());
        }
        final FaceLandmarker.Selection sel = landmarker.select(img);
        return landmarker.landmarks(img, sel.face());
    }

    /**
     * @param k    a renderer after a frame.
     * @param name the image's name.
     * @return the frame as an RGB image.
     */
    public static RgbImage toImage(final FaceRenderer k, final String name)
    {
        final RgbImage img = RgbImage.allocate(k.width(), k.height(), name);
        final int[] rgb = k.rgb();
        final byte[] dst = img.rgb();
        for (int i = 0; i < rgb.length; i++)
        {
            dst[3 * i] = (byte)(rgb[i] >> 16);
            dst[3 * i + 1] = (byte)(rgb[i] >> 8);
            dst[3 * i + 2] = (byte)rgb[i];
        }
        return img;
    }

    /** Mean luminance gradient magnitude sampled along a closed polyline of projected vertices. */
    private static double gradientAlong(final FaceRenderer k, final int[] loop)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < loop.length; i++)
        {
            final int a = loop[i];
            final int b = loop[(i + 1) % loop.length];
            for (int s = 0; s < 8; s++)
            {
                final float t = s / 8f;
                final int x = Math.round(k.screenX(a) + t * (k.screenX(b) - k.screenX(a)));
                final int y = Math.round(k.screenY(a) + t * (k.screenY(b) - k.screenY(a)));
                if (x >= 1 && y >= 1 && x < k.width() - 1 && y < k.height() - 1)
                {
                    final int[] p = k.rgb();
                    final int w = k.width();
                    final double gx = luma(p[y * w + x + 1]) - luma(p[y * w + x - 1]);
                    final double gy = luma(p[(y + 1) * w + x]) - luma(p[(y - 1) * w + x]);
                    sum += 0.5 * Math.hypot(gx, gy);
                    count++;
                }
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static double luma(final int p)
    {
        return 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
    }
}
