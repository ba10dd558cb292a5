package io.avatar.models.face;

import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.face.detect.FacePose;
import io.avatar.models.face.detect.PerspectivePoseSolver;
import io.avatar.models.face.fit.RedetectionCheck;
import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import io.avatar.models.rig.HeadPose;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the landmark detector reads on the built-in avatar PAINTED turned (every feature drawn where the turned shape
 * projects, no warp): the reference the warped renders of {@code RedetectionCheck} are compared with in
 * docs/PORTRAIT_FIT.md. Poses are solved as the check solves them (perspective, every landmark but the face oval),
 * against the designed shape the painter drew (about 6 s: five 1024 px paintings), and the warped renders compared
 * with the paintings under one reference shape (about 5 s).
 */
class BuiltInAvatarPaintedTurnTest
{
    private static final double TURN = Math.toRadians(15);

    @Test
    void shouldReadPaintedPitchShortOfTheDrivenAngleUnlessTheLightStaysInTheWorld() throws Exception
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        try (FaceLandmarker landmarker = FaceLandmarker.open())
        {
            final double[] rest = rotation(landmarker, BuiltInAvatar.paintTurned(mesh, 0, 0, true));
            final double[] downHead = pitch(rest, landmarker, BuiltInAvatar.paintTurned(mesh, TURN, 0, false));
            final double[] upHead = pitch(rest, landmarker, BuiltInAvatar.paintTurned(mesh, -TURN, 0, false));
            final double[] downWorld = pitch(rest, landmarker, BuiltInAvatar.paintTurned(mesh, TURN, 0, true));
            final double[] upWorld = pitch(rest, landmarker, BuiltInAvatar.paintTurned(mesh, -TURN, 0, true));
            System.out.printf("painted pitch +-15, light turning with the head: %+.2f %+.2f (exact %+.3f %+.3f); "
                + "light fixed in the world: %+.2f %+.2f%n", downHead[0], upHead[0], downHead[1], upHead[1],
                downWorld[0], upWorld[0]);
            // the painter draws exactly the driven turn: the shape's own projections read 15.000
            assertEquals(15, downHead[1], 0.01);
            assertEquals(-15, upHead[1], 0.01);
            // measured 23 Nov with the nearly frontal light (BuiltInAvatar.LIGHT): +13.49 / -13.96 (light with the
            // head, what a warp's baked light gives) and +14.18 / -14.41 (light in the world); with the earlier light
            // from higher up +13.86 / -13.39 and +14.05 / -13.94
            assertEquals(13.49, downHead[0], 0.5);
            assertEquals(-13.96, upHead[0], 0.5);
            assertEquals(14.18, downWorld[0], 0.5);
            assertEquals(-14.41, upWorld[0], 0.5);
        }
    }

    /**
     * The warped render (the product's renderer, frontal painting on the rig's calibrated shape, 1024 px) against the
     * painting drawn turned, both solved against the SAME shape. The docs first compared the painted turn solved
     * against the designed shape (-13.39) with the check solved against the rig's shape (-12.17), with the earlier
     * light, and took the 1.2 deg difference for the warp's; solved against one shape the two images read alike on
     * chin-up, so that shortfall was not the warp's (docs/PORTRAIT_FIT.md, "Warp vs painting under one reference"). Frames go to
     * {@code target/painted-vs-warped/} for a human to compare.
     */
    @Test
    void shouldReadTheWarpedTurnsAsThePaintedOnesWhenSolvedAgainstTheSameShape() throws Exception
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final Portrait portrait = BuiltInAvatar.create(mesh);
        // the rig's shape at the landmarks (what the check solves against) and the shape the painter drew
        final float[] rigShape = mesh.positions();
        final float[] id = portrait.identityOffsets();
        for (int i = 0; i < rigShape.length; i++)
        {
            rigShape[i] += id[i];
        }
        final float[] designed = BuiltInAvatar.paintTurned(mesh, 0, 0, false).shape();
        final AvatarRenderer warp = new AvatarRenderer(FaceRig.loadDefault(), portrait, MouthAtlas.generate(),
            BuiltInAvatar.SIZE, BuiltInAvatar.SIZE);
        final Path dir = Path.of("target", "painted-vs-warped");
        Files.createDirectories(dir);
        final double[] turns = {0, TURN, -TURN};
        // [painted, warped][reference: rig, designed][turn]: rotation matrices, then pitch relative to rest
        final double[][][][] rot = new double[2][2][3][];
        try (FaceLandmarker landmarker = FaceLandmarker.open())
        {
            for (int t = 0; t < 3; t++)
            {
                final int[] painted = BuiltInAvatar.paintTurned(mesh, turns[t], 0, false).argb();
                final float[] pose = new float[HeadPose.SIZE];
                pose[HeadPose.PITCH] = (float)turns[t];
                warp.render(new float[ArkitBlendshape.COUNT], pose);
                final int[] warped = warp.renderer().rgb();
                final String name = String.format(java.util.Locale.ROOT, "%+.0f", Math.toDegrees(turns[t]));
                write(painted, dir.resolve("painted" + name + ".png"));
                write(warped, dir.resolve("warped" + name + ".png"));
                final float[] lp = landmarks(landmarker, painted);
                final float[] lw = landmarks(landmarker, warped);
                rot[0][0][t] = solve(lp, rigShape).rotation().clone();
                rot[0][1][t] = solve(lp, designed).rotation().clone();
                rot[1][0][t] = solve(lw, rigShape).rotation().clone();
                rot[1][1][t] = solve(lw, designed).rotation().clone();
            }
        }
        final double[][][] pitch = new double[2][2][2];
        for (int k = 0; k < 2; k++)
        {
            for (int ref = 0; ref < 2; ref++)
            {
                for (int t = 1; t < 3; t++)
                {
                    pitch[k][ref][t - 1] = RedetectionCheck.angles(RedetectionCheck.relative(rot[k][ref][0], rot[k][ref][t]))[0];
                }
            }
        }
        System.out.printf("pitch +15 / -15 against the rig's shape: painted %+.2f %+.2f, warped %+.2f %+.2f; against "
            + "the designed shape: painted %+.2f %+.2f, warped %+.2f %+.2f%n", pitch[0][0][0], pitch[0][0][1],
            pitch[1][0][0], pitch[1][0][1], pitch[0][1][0], pitch[0][1][1], pitch[1][1][0], pitch[1][1][1]);
        for (int ref = 0; ref < 2; ref++)
        {
            // measured 23 Nov (rig's / designed shape): chin up painted -12.97 / -13.96, warped -13.42 / -14.42;
            // chin down painted +12.64 / +13.49, warped +13.96 / +14.86 (the warp reads more). With the earlier
            // light from higher up: chin up -12.21 / -13.39 and -12.03 / -13.20, chin down +12.80 / +13.86 and
            // +13.35 / +14.45
            assertEquals(pitch[0][ref][1], pitch[1][ref][1], 0.5, "chin up, warped vs painted");
            assertTrue(pitch[1][ref][0] > pitch[0][ref][0] - 0.3, "chin down, warped not below painted");
        }
    }

    private static float[] landmarks(final FaceLandmarker landmarker, final int[] argb) throws Exception
    {
        final RgbImage img = RgbImage.allocate(BuiltInAvatar.SIZE, BuiltInAvatar.SIZE, "painted or warped turn");
        final byte[] rgb = img.rgb();
        for (int i = 0; i < argb.length; i++)
        {
            rgb[3 * i] = (byte)(argb[i] >> 16);
            rgb[3 * i + 1] = (byte)(argb[i] >> 8);
            rgb[3 * i + 2] = (byte)argb[i];
        }
        return landmarker.landmarks(img, landmarker.select(img).face());
    }

    private static void write(final int[] argb, final Path out) throws java.io.IOException
    {
        final BufferedImage img = new BufferedImage(BuiltInAvatar.SIZE, BuiltInAvatar.SIZE, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, BuiltInAvatar.SIZE, BuiltInAvatar.SIZE, argb, 0, BuiltInAvatar.SIZE);
        ImageIO.write(img, "png", out.toFile());
    }

    /** Re-detected pitch of a painting relative to the rest painting, and the exact one from the shape (degrees). */
    private static double[] pitch(final double[] rest, final FaceLandmarker landmarker, final BuiltInAvatar.Turned t)
        throws Exception
    {
        final double[] r = rotation(landmarker, t);
        final float[] exact = new float[3 * CanonicalFaceMesh.VERTEX_COUNT];
        final float[] pt = new float[2];
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            t.camera().projectRest(t.shape(), 3 * i, pt);
            exact[3 * i] = pt[0];
            exact[3 * i + 1] = pt[1];
        }
        final double[] e = solve(exact, t.shape()).rotation();
        return new double[]{RedetectionCheck.angles(RedetectionCheck.relative(rest, r))[0], RedetectionCheck.angles(e)[0]};
    }

    private static double[] rotation(final FaceLandmarker landmarker, final BuiltInAvatar.Turned t) throws Exception
    {
        final RgbImage img = RgbImage.allocate(BuiltInAvatar.SIZE, BuiltInAvatar.SIZE, "painted turn");
        final byte[] rgb = img.rgb();
        for (int i = 0; i < t.argb().length; i++)
        {
            rgb[3 * i] = (byte)(t.argb()[i] >> 16);
            rgb[3 * i + 1] = (byte)(t.argb()[i] >> 8);
            rgb[3 * i + 2] = (byte)t.argb()[i];
        }
        return solve(landmarker.landmarks(img, landmarker.select(img).face()), t.shape()).rotation().clone();
    }

    private static FacePose solve(final float[] landmarks, final float[] shape)
    {
        final float[] w = new float[CanonicalFaceMesh.VERTEX_COUNT];
        Arrays.fill(w, 1f);
        for (final int i : FaceLandmarkSets.FACE_OVAL)
        {
            w[i] = 0f;
        }
        return new PerspectivePoseSolver(CanonicalFaceMesh.VERTEX_COUNT).solve(landmarks, shape, w,
            BuiltInAvatar.FOCAL, 0.5 * BuiltInAvatar.SIZE, 0.5 * BuiltInAvatar.SIZE, new FacePose());
    }
}
