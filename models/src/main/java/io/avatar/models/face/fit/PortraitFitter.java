package io.avatar.models.face.fit;

import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthPalette;
import io.avatar.models.face.detect.Face;
import io.avatar.models.face.detect.FaceInputException;
import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.face.detect.FacePose;
import io.avatar.models.face.detect.PerspectivePoseSolver;
import io.avatar.models.face.detect.PoseSolver;
import io.avatar.models.face.detect.ProcrustesReference;
import io.avatar.models.image.ImageLoader;
import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.FaceRig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fits one photo: loads it ({@link ImageLoader}: EXIF, 16-bit, alpha, downscaling), detects the largest face
 * (warning when there are several), finds its 468 landmarks, crops a square around the head, solves the head pose by
 * perspective PnP against the canonical mesh ({@link PerspectivePoseSolver}, with the pinhole rest camera that
 * {@link #DISTANCE} implies), places the fitted shape so that it projects exactly onto the landmarks, and splits
 * the pose-free shape into identity offsets and the photo's own expression in rig weights (bounded least squares,
 * {@link ExpressionSolver}), so that "neutral" can be rendered from a smiling photo, and measures the photo's tooth
 * colour for the mouth interior ({@link PhotoTeeth}; logged, System.Logger {@code io.avatar.models.face.fit}, INFO).
 * Setup time; one instance per thread (the landmarker is not thread-safe).
 */
public final class PortraitFitter implements AutoCloseable
{
    /** Crop side in face sizes (the skirt needs hair, neck and background around the face). */
    static final float CROP_FACES = 3.2f;
    /**
     * Assumed distance of the head origin from the camera, cm (a webcam or portrait distance): one photo does not
     * fix it, and the focal length follows from it and the fitted scale. It sets how much perspective a head turn has.
     */
    static final float DISTANCE = 65f;
    /** Neck pivot of head rotations, head frame cm (as the built-in avatar's). */
    static final float[] PIVOT = {0f, -6f, -4f};

    private static final System.Logger LOG = System.getLogger("io.avatar.models.face.fit");

    private final FaceLandmarker landmarker;
    private final boolean ownsLandmarker;
    private final FaceRig rig;
    private final ProcrustesReference reference;
    private final ImageLoader loader = new ImageLoader();
    private final PoseSolver solver = new PoseSolver(CanonicalFaceMesh.VERTEX_COUNT);
    private final PerspectivePoseSolver perspective = new PerspectivePoseSolver(CanonicalFaceMesh.VERTEX_COUNT);

    /**
     * @param landmarker the landmarker (owned by the caller).
     * @param rig        the face rig (neutral and blendshape fields).
     * @param reference  the Procrustes reference (canonical mesh and weights).
     */
    public PortraitFitter(final FaceLandmarker landmarker, final FaceRig rig, final ProcrustesReference reference)
    {
        this(landmarker, false, rig, reference);
    }

    private PortraitFitter(final FaceLandmarker landmarker, final boolean owns, final FaceRig rig,
        final ProcrustesReference reference)
    {
        this.landmarker = landmarker;
        this.ownsLandmarker = owns;
        this.rig = rig;
        this.reference = reference;
    }

    /**
     * Opens the default landmarker, rig and reference. Any thread; the result belongs to the caller's thread.
     *
     * @return a fitter that closes its landmarker on {@link #close()}.
     * @throws IOException when an asset cannot be loaded.
     */
    public static PortraitFitter open() throws IOException
    {
        final FaceRig rig = FaceRig.loadDefault();
        final ProcrustesReference ref = ProcrustesReference.openDefault();
        return new PortraitFitter(FaceLandmarker.open(), true, rig, ref);
    }

    /**
     * Fits a photo file. Owner thread.
     *
     * @param file the photo.
     * @return the fit.
     * @throws IOException        when the file cannot be read or decoded.
     * @throws FaceInputException when there is no usable face (the message names the file).
     */
    public FittedPortrait fit(final Path file) throws IOException, FaceInputException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final RgbImage image = loader.load(bytes, file.toString()).image();
        return fit(image, file.toString(), sha256(bytes));
    }

    /**
     * Fits an image already in memory. Owner thread.
     *
     * @param image  upright RGB pixels.
     * @param source a name for messages and the fit file.
     * @param sha256 hex digest of the source file, or empty.
     * @return the fit.
     * @throws FaceInputException when there is no usable face.
     */
    public FittedPortrait fit(final RgbImage image, final String source, final String sha256) throws FaceInputException
    {
        final FaceLandmarker.Selection sel = landmarker.select(image);
        final float[] lm = landmarker.landmarks(image, sel.face());
        final int[] crop = cropFor(sel.face(), lm, image.width(), image.height());
        final RgbImage cropped = crop(image, crop, source);
        final float[] lm3 = lm.clone();
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            lm3[3 * i] -= crop[0];
            lm3[3 * i + 1] -= crop[1];
        }
        return fitLandmarks(lm3, crop, cropped, source, sha256, sel.warning());
    }

    /**
     * The geometric part of the fit, from landmarks already in crop pixels. Owner thread.
     */
    FittedPortrait fitLandmarks(final float[] lm3, final int[] crop, final RgbImage cropped, final String source,
        final String sha256, final String warning)
    {
        final int n = CanonicalFaceMesh.VERTEX_COUNT;
        // the focal length follows from the assumed distance and the scaled-orthographic scale; the pose is then
        // solved under that perspective camera (PnP) from the 2D landmarks, the same data the identity is placed
        // from: the scaled-orthographic 3D rotation leans on the mesh's z, which the identity does not use, and on
        // the astronaut it differs by 8 deg of pitch, which the identity shape then absorbed as a shear
        final double s0 = solver.solve(lm3, reference.vertices(), reference.weights(), new FacePose()).scale();
        final float side = crop[2];
        final float f = (float)(s0 * DISTANCE);
        final float cx = 0.5f * side;
        final float cy = 0.5f * side;
        final FacePose pose = perspective.solve(lm3, reference.vertices(), reference.weights(), f, cx, cy,
            new FacePose());
        final double s = pose.scale();
        final double[] r = pose.rotation();
        final double[] t0 = pose.cameraTranslation().clone();
        final float[] neutral = rig.neutral();
        final float[] canonical = reference.vertices();
        final float[] offsets = new float[3 * n];
        final float[] lm2 = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            // each landmark goes on its own pixel ray, at the head-frame depth of the rig's neutral (one photo's
            // mesh depth reads shallow and noisy, docs/FACE_DETECT.md): the pinhole camera then projects the shape
            // exactly onto the landmarks. Ray X = lambda d; head z = column 2 of R . (X - T) = neutral z.
            final double dx = (lm3[3 * i] - cx) / f;
            final double dy = (cy - lm3[3 * i + 1]) / f;
            final double along = r[2] * dx + r[5] * dy - r[8];
            final double lambda;
            if (Math.abs(along) > 0.3)
            {
                lambda = (neutral[3 * i + 2] + r[2] * t0[0] + r[5] * t0[1] + r[8] * t0[2]) / along;
            }
            else
            {
                // a ray grazing the head-frame depth plane (a strongly turned face): keep the camera depth of the
                // canonical vertex instead
                final double cz = r[6] * canonical[3 * i] + r[7] * canonical[3 * i + 1] + r[8] * canonical[3 * i + 2]
                    + t0[2];
                lambda = -cz;
            }
            final double cxx = lambda * dx - t0[0];
            final double cyy = lambda * dy - t0[1];
            final double czr = -lambda - t0[2];
            final double hx = r[0] * cxx + r[3] * cyy + r[6] * czr;
            final double hy = r[1] * cxx + r[4] * cyy + r[7] * czr;
            final double hz = r[2] * cxx + r[5] * cyy + r[8] * czr;
            offsets[3 * i] = (float)(hx - neutral[3 * i]);
            offsets[3 * i + 1] = (float)(hy - neutral[3 * i + 1]);
            offsets[3 * i + 2] = (float)(hz - neutral[3 * i + 2]);
            lm2[2 * i] = lm3[3 * i];
            lm2[2 * i + 1] = lm3[3 * i + 1];
        }
        final float[] expression = new ExpressionSolver(rig).solve(offsets);
        final float[] identity = ExpressionSolver.remove(rig, offsets, expression);
        final float[] camera = new float[FittedPortrait.CAMERA_SIZE];
        camera[0] = f;
        camera[1] = cx;
        camera[2] = cy;
        for (int k = 0; k < 9; k++)
        {
            camera[3 + k] = (float)r[k];
        }
        for (int k = 0; k < 3; k++)
        {
            camera[12 + k] = (float)t0[k];
            camera[15 + k] = PIVOT[k];
        }
        final float[] p = {(float)pose.pitch(), (float)pose.yaw(), (float)pose.roll(), (float)s};
        // the rendered mouth interior replaces the photo between the inner lips in every frame: its teeth take the
        // photo's own tooth colour (or the default ivory, saying why)
        final MouthPalette mouth = PhotoTeeth.measure(cropped, lm2);
        LOG.log(System.Logger.Level.INFO, source + ": mouth interior " + mouth.describe());
        return new FittedPortrait(source, sha256, crop, cropped, lm2, p, identity, expression, camera, warning,
            mouth);
    }

    /**
     * The square crop around a face: {@link #CROP_FACES} face sizes, centred a little below the landmarks' centre
     * (neck and shoulders matter more than sky), shrunk to fit and then shifted inside the image.
     */
    static int[] cropFor(final Face face, final float[] lm, final int width, final int height)
    {
        float minX = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            minX = Math.min(minX, lm[3 * i]);
            maxX = Math.max(maxX, lm[3 * i]);
            minY = Math.min(minY, lm[3 * i + 1]);
            maxY = Math.max(maxY, lm[3 * i + 1]);
        }
        final float size = Math.max(face.size(), Math.max(maxX - minX, maxY - minY));
        int side = Math.min(Math.min(width, height), Math.round(CROP_FACES * size));
        side -= side & 1;
        final float cx = 0.5f * (minX + maxX);
        final float cy = 0.5f * (minY + maxY) + 0.1f * size;
        final int x = Math.max(0, Math.min(width - side, Math.round(cx - 0.5f * side)));
        final int y = Math.max(0, Math.min(height - side, Math.round(cy - 0.5f * side)));
        return new int[]{x, y, side};
    }

    /**
     * @param image the image.
     * @param crop  x, y, side inside it.
     * @param name  the crop's name.
     * @return the crop's pixels.
     */
    static RgbImage crop(final RgbImage image, final int[] crop, final String name)
    {
        if (crop[0] < 0 || crop[1] < 0 || crop[0] + crop[2] > image.width() || crop[1] + crop[2] > image.height())
        {
            throw new IllegalArgumentException("crop " + crop[0] + "," + crop[1] + " side " + crop[2]
                + " is outside the " + image.width() + "x" + image.height() + " image " + name);
        }
        final RgbImage out = RgbImage.allocate(crop[2], crop[2], name);
        final byte[] src = image.rgb();
        final byte[] dst = out.rgb();
        for (int y = 0; y < crop[2]; y++)
        {
            System.arraycopy(src, 3 * ((crop[1] + y) * image.width() + crop[0]), dst, 3 * y * crop[2], 3 * crop[2]);
        }
        return out;
    }

    /**
     * @param bytes file content.
     * @return its SHA-256, lower-case hex.
     */
    static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }

    /**
     * @return the rig the fits are expressed in.
     */
    public FaceRig rig()
    {
        return rig;
    }

    /**
     * Closes the landmarker when this fitter opened it. Owner thread.
     */
    @Override
    public void close()
    {
        if (ownsLandmarker)
        {
            landmarker.close();
        }
    }
}
