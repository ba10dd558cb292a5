package io.avatar.models.face.fit;

import com.sun.management.ThreadMXBean;
import io.avatar.kernels.render.FaceRenderer;
import io.avatar.kernels.render.RenderSetup;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortraitFitterTest
{
    private static PortraitFitter fitter;
    private static FittedPortrait fit;
    private static Path astronaut;

    @BeforeAll
    static void setUp() throws Exception
    {
        astronaut = Path.of(System.getProperty("avatar.shared.dir", "../shared"), "assets", "astronaut.png");
        fitter = PortraitFitter.open();
        fit = fitter.fit(astronaut);
    }

    @AfterAll
    static void tearDown()
    {
        fitter.close();
    }

    @Test
    void shouldFitTheAstronautWithACameraThatProjectsOntoTheLandmarks() throws IOException
    {
        final Portrait p = fit.toPortrait();
        final FaceRig rig = fitter.rig();
        final float[] base = rig.neutral();
        final float[] id = fit.identity();
        final float[] expr = new float[3 * rig.vertexCount()];
        rig.apply(fit.expression(), new float[3 * rig.vertexCount()], expr);
        final float[] lm = fit.landmarks();
        final float[] pt = new float[2];
        double worst = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            final float[] v = {base[3 * i] + id[3 * i] + expr[3 * i], base[3 * i + 1] + id[3 * i + 1] + expr[3 * i + 1],
                base[3 * i + 2] + id[3 * i + 2] + expr[3 * i + 2]};
            p.camera().projectRest(v, 0, pt);
            worst = Math.max(worst, Math.hypot(pt[0] - lm[2 * i], pt[1] - lm[2 * i + 1]));
        }
        System.out.println("fit: crop " + java.util.Arrays.toString(fit.crop()) + " pose(rad)+scale "
            + java.util.Arrays.toString(fit.pose()) + " worst reprojection " + worst + " px");
        final StringBuilder ex = new StringBuilder("expression:");
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            if (fit.expression()[k] > 0)
            {
                ex.append(' ').append(ArkitBlendshape.at(k).name()).append('=').append(fit.expression()[k]);
            }
        }
        System.out.println(ex);
        assertTrue(worst < 0.05, "the fitted shape with its expression projects onto the landmarks: " + worst);
        double maxOffset = 0;
        for (final float o : id)
        {
            maxOffset = Math.max(maxOffset, Math.abs(o));
        }
        assertTrue(maxOffset < 3, "identity offsets stay a few cm at most: " + maxOffset);
    }

    @Test
    void shouldPassTheRedetectionChecksOnTheAstronaut() throws Exception
    {
        final FaceRig rig = fitter.rig();
        final AvatarRenderer r = new AvatarRenderer(rig, fit.toPortrait(), MouthAtlas.generate(fit.mouth()), 512,
            512);
        final double[] rest = new double[9];
        for (int k = 0; k < 9; k++)
        {
            rest[k] = fit.camera()[3 + k];
        }
        final RedetectionCheck.Report rep = check().run(r, rest, fit.expression(), Path.of("target", "redetect-astronaut"));
        System.out.println("astronaut re-detection:\n" + rep.format());
        // measured 0.0185 IOD / 0.26 deg / yaw +16.29 -15.08 / pitch +15.38 -13.22 (docs/PORTRAIT_FIT.md, "Smile
        // shading"; 0.0170 IOD / 0.62 deg / pitch -13.14 before the smile's fold shading was taken out of the texture,
        // 1.57 deg before the photo-coloured, shaded teeth, 1.01 deg before the fit solved the upper-lip raise): the
        // issue's bars on every row
        assertBars(rep, 0.02, 0.5, 2.0, 2.0);
        assertTrue(rep.asFitted()[0] < 0.02, "render with the photo's expression vs its landmarks: " + rep.format());
        // measured 0.07 deg: the photo's smile draws the photo's creases (DrivenDetail; 0.43 while SmileShading's
        // texture was the same in every frame, so the render with the photo's own smile lacked them)
        assertTrue(rep.asFittedPoseError() < 0.5, "pose of the render with the photo's expression: " + rep.format());
    }

    /**
     * The photo's smile creases follow the driven smile (SmileShading, DrivenDetail): with the photo's own expression
     * the frame is the frame of a renderer textured with the photo itself, with no smile the frame of one textured
     * with the de-creased texture, in between neither; the per-frame blend allocates nothing and a steady smile
     * rewrites nothing.
     */
    @Test
    void shouldDrawThePhotosCreasesWithThePhotosSmileOnly()
    {
        final Portrait p = fit.toPortrait();
        assertTrue(p.detail() != null && p.detail().regions() == 2, "the smiling astronaut's portrait has creases");
        final RenderTexture atlas = MouthAtlas.generate(fit.mouth());
        final FaceRig rig = fitter.rig();
        final AvatarRenderer r = new AvatarRenderer(rig, p, atlas, 512, 512);
        final AvatarRenderer photo = new AvatarRenderer(rig, new Portrait(p.background(), p.background(),
            p.landmarkPixels(), p.identityOffsets(), p.camera(), p.mouthPalette()), atlas, 512, 512);
        final AvatarRenderer cleaned = new AvatarRenderer(rig, new Portrait(p.image(), p.background(),
            p.landmarkPixels(), p.identityOffsets(), p.camera(), p.mouthPalette()), atlas, 512, 512);
        assertEquals(0, photo.detailRegions());
        final float[] pose = new float[6];
        final float[] own = fit.expression();
        r.render(own, pose);
        photo.render(own, pose);
        assertArrayEquals(photo.renderer().rgb(), r.renderer().rgb(), "the photo's smile draws the photo's creases");
        final float[] none = new float[ArkitBlendshape.COUNT];
        r.render(none, pose);
        cleaned.render(none, pose);
        assertArrayEquals(cleaned.renderer().rgb(), r.renderer().rgb(), "no smile draws no creases");
        final float[] half = own.clone();
        half[ArkitBlendshape.mouthSmileLeft.ordinal()] *= 0.5f;
        half[ArkitBlendshape.mouthSmileRight.ordinal()] *= 0.5f;
        r.render(half, pose);
        photo.render(half, pose);
        cleaned.render(half, pose);
        final int[] mid = r.renderer().rgb();
        int fromPhoto = 0;
        int fromCleaned = 0;
        for (int i = 0; i < mid.length; i++)
        {
            fromPhoto += mid[i] != photo.renderer().rgb()[i] ? 1 : 0;
            fromCleaned += mid[i] != cleaned.renderer().rgb()[i] ? 1 : 0;
        }
        assertTrue(fromPhoto > 100 && fromCleaned > 100, "half the smile draws half the creases: " + fromPhoto
            + " pixels differ from the photo's, " + fromCleaned + " from the cleaned texture's");
        // per frame: nothing allocated, a steady smile rewrites nothing, a changing one costs one region rewrite
        final ThreadMXBean mx = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long tid = Thread.currentThread().threadId();
        final FaceRenderer k = r.renderer();
        for (int i = 0; i < 2000; i++)
        {
            k.blend(i & 1, (i & 2) == 0 ? 0.3f : 0.9f);
        }
        final int updates = 1000;
        final long before = mx.getThreadAllocatedBytes(tid);
        final long t0 = System.nanoTime();
        int written = 0;
        for (int i = 0; i < updates; i++)
        {
            written += k.blend(0, (i & 1) == 0 ? 0.3f : 0.9f) ? 1 : 0;
        }
        final long t1 = System.nanoTime();
        int steady = 0;
        for (int i = 0; i < updates; i++)
        {
            steady += k.blend(0, 0.9f) ? 1 : 0;
        }
        final long t2 = System.nanoTime();
        for (int i = 0; i < 20; i++)
        {
            half[ArkitBlendshape.mouthSmileLeft.ordinal()] = (i & 1) * own[ArkitBlendshape.mouthSmileLeft.ordinal()];
            r.render(half, pose);
        }
        final long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals(0, allocated, "per-frame blend and render allocated " + allocated + " bytes");
        assertEquals(updates, written);
        assertEquals(0, steady, "a steady smile rewrites nothing");
        final RenderSetup setup = r.renderSetup();
        System.out.printf("astronaut creases at 512: %d / %d texels (rows %d-%d / %d-%d); one side's update %.1f us, "
                + "steady %.0f ns%n", setup.textureBlend().texels(0), setup.textureBlend().texels(1),
            setup.textureBlend().rowFrom(0), setup.textureBlend().rowTo(0), setup.textureBlend().rowFrom(1),
            setup.textureBlend().rowTo(1), (t1 - t0) / 1e3 / updates, (double)(t2 - t1) / updates);
    }

    /**
     * Issue #3 "eyelid skin smeared over the lashes": a closed lid on a photo must show lid skin, not the lash row
     * stretched over the eye (dark smear) nor eye white. Compares the upper 70 % of the rest eye opening in the blink
     * frame with the skin of the same columns above the lid in the neutral frame (head still, so pixels line up).
     */
    @Test
    void shouldCloseTheAstronautsLidsWithSkinNotSmearedLashes()
    {
        final AvatarRenderer r = new AvatarRenderer(fitter.rig(), fit.toPortrait(), MouthAtlas.generate(fit.mouth()),
            512, 512);
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] pose = new float[6];
        r.render(w, pose);
        final int[] neutral = r.renderer().rgb().clone();
        final float[] sx = new float[468];
        final float[] sy = new float[468];
        for (int v = 0; v < 468; v++)
        {
            sx[v] = r.renderer().screenX(v);
            sy[v] = r.renderer().screenY(v);
        }
        w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
        w[ArkitBlendshape.eyeBlinkRight.ordinal()] = 1f;
        r.render(w, pose);
        final int[] blink = r.renderer().rgb();
        final int[][][] eyes = {
            {io.avatar.models.face.FaceLandmarkSets.LEFT_EYE_UPPER, io.avatar.models.face.FaceLandmarkSets.LEFT_EYE_LOWER},
            {io.avatar.models.face.FaceLandmarkSets.RIGHT_EYE_UPPER,
                io.avatar.models.face.FaceLandmarkSets.RIGHT_EYE_LOWER}};
        for (final int[][] eye : eyes)
        {
            final double x0 = Math.min(sx[eye[0][0]], sx[eye[0][eye[0].length - 1]]);
            final double x1 = Math.max(sx[eye[0][0]], sx[eye[0][eye[0].length - 1]]);
            double lidSum = 0;
            int lidN = 0;
            double skinSum = 0;
            int skinN = 0;
            for (int x = (int) Math.ceil(x0 + 0.2 * (x1 - x0)); x <= (int) (x1 - 0.2 * (x1 - x0)); x++)
            {
                final double up = polyline(eye[0], sx, sy, x);
                final double gap = polyline(eye[1], sx, sy, x) - up;
                for (int y = (int) Math.ceil(up + 0.5); y <= (int) (up + 0.7 * gap); y++)
                {
                    final double l = luma(blink[y * 512 + x]);
                    lidSum += l;
                    lidN++;
                }
                for (int y = (int) Math.ceil(up - 2.5 * gap); y <= (int) (up - 1.2 * gap); y++)
                {
                    skinSum += luma(neutral[y * 512 + x]);
                    skinN++;
                }
            }
            final double lid = lidSum / lidN;
            final double skin = skinSum / skinN;
            System.out.printf("closed lid: luma %.1f (%d px), skin above the lid %.1f%n", lid, lidN, skin);
            assertTrue(lidN > 30 && skinN > 30, "regions too small: " + lidN + " " + skinN);
            // measured: lid 146.5 / 149.3 vs skin 171.7 / 190.7 (the stretched lid skin, lashes a thin line at the
            // bottom); with the lash band smeared over the eye (before the lash rows) the first eye was 120.6
            assertTrue(lid > 0.75 * skin && lid < 1.1 * skin, "closed lid luma " + lid + " vs skin " + skin);
        }
    }

    private static double polyline(final int[] contour, final float[] sx, final float[] sy, final double x)
    {
        for (int i = 0; i + 1 < contour.length; i++)
        {
            final double xa = sx[contour[i]];
            final double xb = sx[contour[i + 1]];
            if ((x - xa) * (x - xb) <= 0 && xa != xb)
            {
                final double t = (x - xa) / (xb - xa);
                return sy[contour[i]] + t * (sy[contour[i + 1]] - sy[contour[i]]);
            }
        }
        throw new IllegalStateException("x " + x + " outside the eye contour");
    }

    private static double luma(final int rgb)
    {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    @Test
    void shouldPassTheRedetectionChecksOnTheBuiltInAvatar() throws Exception
    {
        final FaceRig rig = fitter.rig();
        final Portrait p = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        final AvatarRenderer r = new AvatarRenderer(rig, p, MouthAtlas.generate(), 512, 512);
        final RedetectionCheck.Report rep = check().run(r, new double[]{1, 0, 0, 0, 1, 0, 0, 0, 1}, null,
            Path.of("target", "redetect-builtin"));
        System.out.println("built-in re-detection:\n" + rep.format());
        // every bar of the issue; measured pitch +13.95 -13.46 since the painting's light is nearly frontal (it read
        // +13.47 -12.02 with the light from higher up, docs/PORTRAIT_FIT.md)
        assertBars(rep, 0.02, 0.5, 2.0, 2.0);
    }

    @Test
    void shouldRoundTripTheFitFileAndRejectACorruptOrChangedOne() throws Exception
    {
        final Path dir = Files.createTempDirectory("fit");
        final Path photo = dir.resolve("astronaut.png");
        Files.copy(astronaut, photo);
        final FittedPortrait f = fitter.fit(photo);
        final Path file = dir.resolve("portrait.fit.json");
        FittedPortraitFile.save(f, file);
        final FittedPortrait back = FittedPortraitFile.load(file);
        assertEquals(java.util.Arrays.toString(f.crop()), java.util.Arrays.toString(back.crop()));
        for (int i = 0; i < f.identity().length; i++)
        {
            assertEquals(f.identity()[i], back.identity()[i], 0f);
        }
        assertEquals(java.util.Arrays.toString(f.camera()), java.util.Arrays.toString(back.camera()));
        assertTrue(java.util.Arrays.equals(f.image().rgb(), back.image().rgb()), "same crop pixels");
        assertEquals(f.mouth(), back.mouth(), "the tooth colour round-trips");
        // a version-1 file written before the teeth field: the colour is measured on load, as the fitter does
        final com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        final com.fasterxml.jackson.databind.node.ObjectNode old =
            (com.fasterxml.jackson.databind.node.ObjectNode)om.readTree(Files.readString(file));
        old.remove("teeth");
        Files.writeString(dir.resolve("old.fit.json"), om.writeValueAsString(old));
        assertEquals(f.mouth(), FittedPortraitFile.load(dir.resolve("old.fit.json")).mouth(), "old file measured");
        final com.fasterxml.jackson.databind.node.ObjectNode broken = old.deepCopy();
        broken.putObject("teeth").putArray("rgb").add(0.9).add(0.8);
        Files.writeString(dir.resolve("teeth.fit.json"), om.writeValueAsString(broken));
        final String why = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
            () -> FittedPortraitFile.load(dir.resolve("teeth.fit.json"))).getMessage();
        assertTrue(why.contains("teeth.rgb needs 3 numbers"), why);
        Files.writeString(dir.resolve("bad.fit.json"), "{\"format\":\"avatar-fitted-portrait\",\"version\":1,");
        final IOException bad = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
            () -> FittedPortraitFile.load(dir.resolve("bad.fit.json")));
        assertTrue(bad.getMessage().contains("not valid JSON"), bad.getMessage());
        Files.writeString(dir.resolve("wrong.fit.json"), Files.readString(file).replace("\"version\":1",
            "\"version\":7"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
            () -> FittedPortraitFile.load(dir.resolve("wrong.fit.json"))).getMessage().contains("version 7"));
        Files.write(photo, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
            () -> FittedPortraitFile.load(file)).getMessage().contains("changed since the fit"));
    }

    @Test
    void shouldNameTheFileWhenThereIsNoFace() throws Exception
    {
        final Path dir = Files.createTempDirectory("fit");
        final Path blank = dir.resolve("blank-wall.png");
        final java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(200, 200,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", blank.toFile());
        final Exception ex = org.junit.jupiter.api.Assertions.assertThrows(
            io.avatar.models.face.detect.NoFaceException.class, () -> fitter.fit(blank));
        assertTrue(ex.getMessage().contains("blank-wall.png"), ex.getMessage());
    }

    @Test
    void shouldTakeTheLargestOfSeveralFacesWithAWarning() throws Exception
    {
        final java.awt.image.BufferedImage src = javax.imageio.ImageIO.read(astronaut.toFile());
        final java.awt.image.BufferedImage two = new java.awt.image.BufferedImage(900, 512,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
        final java.awt.Graphics2D g = two.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
            java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 388, 0, 512, 512, null);
        g.drawImage(src, 0, 100, 300, 300, null);
        g.dispose();
        final Path file = Files.createTempDirectory("fit").resolve("two-astronauts.png");
        javax.imageio.ImageIO.write(two, "png", file.toFile());
        final FittedPortrait f = fitter.fit(file);
        assertTrue(f.warning() != null && f.warning().contains("2 faces"), "warning: " + f.warning());
        assertTrue(f.crop()[0] + f.crop()[2] / 2 > 450, "crop around the larger face: "
            + java.util.Arrays.toString(f.crop()));
    }

    @Test
    void shouldRejectAFaceUnder64PixelsNamingTheFile() throws Exception
    {
        final java.awt.image.BufferedImage src = javax.imageio.ImageIO.read(astronaut.toFile());
        final java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(700, 700,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
        final java.awt.Graphics2D g = small.createGraphics();
        g.setColor(new java.awt.Color(200, 200, 205));
        g.fillRect(0, 0, 700, 700);
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
            java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 250, 250, 256, 256, null);
        g.dispose();
        final Path file = Files.createTempDirectory("fit").resolve("far-away.png");
        javax.imageio.ImageIO.write(small, "png", file.toFile());
        final io.avatar.models.face.detect.FaceInputException ex = org.junit.jupiter.api.Assertions.assertThrows(
            io.avatar.models.face.detect.FaceInputException.class, () -> fitter.fit(file));
        System.out.println("small face: " + ex.getMessage());
        assertTrue(ex.getMessage().contains("far-away.png"), ex.getMessage());
        assertTrue(ex instanceof io.avatar.models.face.detect.FaceTooSmallException, ex.getMessage());
    }

    private static RedetectionCheck check() throws IOException
    {
        return new RedetectionCheck(io.avatar.models.face.detect.FaceLandmarker.open(),
            io.avatar.models.face.detect.ProcrustesReference.openDefault(), fitter.rig().pin());
    }

    /**
     * The bars where the measurement meets them (jaw, blink, off-axis angles, seams; the built-in avatar's
     * neutral landmarks and pose); the measured value with a small margin where it does not (docs/PORTRAIT_FIT.md,
     * "Where bars are not met"): the detector under-reads the built-in avatar's chin-up pitch,
     * while the same perspective solve on the renderer's exact vertices
     * reads every driven turn as 15.00 deg (PerspectivePoseSolverTest).
     *
     * @param neutralIod  bound on the neutral render's mean landmark error, IOD (bar 0.02).
     * @param neutralPose bound on the neutral render's pose error, degrees (bar 0.5).
     * @param yawTol      bound on the driven yaw error, degrees (bar 2).
     * @param pitchTol    bound on the driven pitch error, degrees (bar 2).
     */
    private static void assertBars(final RedetectionCheck.Report rep, final double neutralIod,
        final double neutralPose, final double yawTol, final double pitchTol)
    {
        final String all = rep.format();
        assertTrue(rep.landmarkMeanIod() < neutralIod, "neutral landmark error: " + all);
        assertTrue(rep.neutralPoseError() < neutralPose, "neutral pose: " + all);
        assertTrue(rep.jawGrowth() >= 0.15, "jaw growth: " + all);
        assertTrue(rep.jawMonotonic(), "jaw sweep monotonic: " + all);
        assertTrue(rep.blinkDrop(0) >= 0.2 && rep.blinkDrop(1) >= 0.2, "blink: " + all);
        final double turn = RedetectionCheck.TURN_DEG;
        for (int t = 0; t < 4; t++)
        {
            final int axis = t < 2 ? 1 : 0;
            final double driven = rep.turns()[t][axis];
            final double expected = (t % 2 == 0 ? 1 : -1) * turn;
            assertEquals(expected, driven, axis == 1 ? yawTol : pitchTol, "driven axis: " + all);
            assertEquals(expected, rep.turnsExact()[t][axis], 0.1, "exact vertices read the driven angle: " + all);
            // the shortfall (or excess) of a re-detected turn is the detector's tracking gain on the inner landmarks
            // (measured within 0.8 deg on both avatars, docs/PORTRAIT_FIT.md): the solver and the skirt add nothing
            assertEquals(expected * rep.trackingGain()[t], driven, 1.0, "turn = drive x tracking gain: " + all);
            for (int k = 0; k < 3; k++)
            {
                if (k != axis)
                {
                    assertEquals(0, rep.turns()[t][k], 5.0, "other axes within 5 degrees: " + all);
                }
            }
        }
        assertTrue(rep.gradientTurnedMax()[0] <= 1.5 * rep.gradientRest()[0] + 2, "skirt seam: " + all);
        assertTrue(rep.gradientTurnedMax()[1] <= 1.5 * rep.gradientRest()[1] + 2, "jaw seam: " + all);
    }
}
