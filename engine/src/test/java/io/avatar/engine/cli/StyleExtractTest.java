package io.avatar.engine.cli;

import io.avatar.engine.output.Mp4Writer;
import io.avatar.engine.render.AvatarFaceRenderer;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import io.avatar.models.style.StyleFile;
import io.avatar.models.style.extract.ExtractionReport;
import io.avatar.models.style.extract.StyleExtractionException;
import io.avatar.models.style.extract.StyleExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Style extraction on videos rendered in the test by the project's renderer from known head motion and rig weights.
 */
class StyleExtractTest
{
    private static final int SIZE = 256;
    private static final int FPS = 25;
    private static StyleExtractor extractor;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws IOException
    {
        extractor = StyleExtractor.openDefault();
    }

    @AfterAll
    static void close()
    {
        extractor.close();
    }

    /** Motion as a function of the frame index: fills 52 weights and 6 pose numbers. */
    @FunctionalInterface
    interface Motion
    {
        void at(int frame, float[] weights, float[] pose);
    }

    /** Renders a clip and returns the true motion (frames x 52 weights, then frames x 6 pose). */
    private static float[][] render(final Path file, final int frames, final Motion motion) throws IOException
    {
        final AvatarFaceRenderer r = FaceRenderers.builtIn(SIZE);
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] p = new float[HeadPose.SIZE];
        final float[] allW = new float[frames * w.length];
        final float[] allP = new float[frames * p.length];
        final byte[] i420 = new byte[SIZE * SIZE * 3 / 2];
        try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, FPS))
        {
            for (int t = 0; t < frames; t++)
            {
                java.util.Arrays.fill(w, 0f);
                java.util.Arrays.fill(p, 0f);
                motion.at(t, w, p);
                System.arraycopy(w, 0, allW, t * w.length, w.length);
                System.arraycopy(p, 0, allP, t * p.length, p.length);
                r.avatar().render(w, p);
                r.avatar().renderer().writeI420(i420);
                mp4.writeI420(i420);
            }
        }
        return new float[][]{allW, allP};
    }

    private static Motion head(final double level)
    {
        return (t, w, p) ->
        {
            final double s = t / (double)FPS;
            p[HeadPose.PITCH] = (float)(level * Math.toRadians(4) * (Math.sin(2 * Math.PI * 0.4 * s)
                + 0.5 * Math.sin(2 * Math.PI * 1.1 * s + 1)));
            p[HeadPose.YAW] = (float)(level * Math.toRadians(6) * (Math.sin(2 * Math.PI * 0.3 * s + 2)
                + 0.5 * Math.sin(2 * Math.PI * 0.9 * s)));
            p[HeadPose.ROLL] = (float)(level * Math.toRadians(3) * (Math.sin(2 * Math.PI * 0.5 * s + 0.5)
                + 0.5 * Math.sin(2 * Math.PI * 1.3 * s + 2)));
            p[HeadPose.TX] = (float)(level * 0.5 * Math.sin(2 * Math.PI * 0.35 * s + 1.5));
            p[HeadPose.TY] = (float)(level * 0.4 * Math.sin(2 * Math.PI * 0.45 * s + 2.5));
        };
    }

    @Test
    void shouldRecoverHeadMotionAtThreeLevels() throws IOException
    {
        final double[] levels = {1.0, 1.6, 2.5};
        final int frames = 4 * FPS;
        final double[][] truth = new double[levels.length][];
        final double[][] got = new double[levels.length][];
        for (int i = 0; i < levels.length; i++)
        {
            final Path file = dir.resolve("head" + i + ".mp4");
            final float[][] m = render(file, frames, head(levels[i]));
            final StyleCode t = StyleCode.compute(m[0], m[1], frames);
            final ExtractionReport rep = extractor.extract(file, null);
            System.out.println(rep.summary());
            final StyleCode g = rep.style().code();
            truth[i] = new double[HeadPose.SIZE];
            got[i] = new double[HeadPose.SIZE];
            for (int a = 0; a < HeadPose.SIZE; a++)
            {
                truth[i][a] = t.get(StyleCode.POSE_VELOCITY_STD + a);
                got[i][a] = g.get(StyleCode.POSE_VELOCITY_STD + a);
            }
            System.out.printf(Locale.ROOT, "level %.1f pose velocity std truth / extracted:%n", levels[i]);
            for (int a = 0; a < 5; a++)
            {
                System.out.printf(Locale.ROOT, "  axis %d: %.5f / %.5f (ratio %.2f)%n", a, truth[i][a], got[i][a],
                    got[i][a] / truth[i][a]);
                assertEquals(truth[i][a], got[i][a], 0.2 * truth[i][a], "level " + levels[i] + " pose axis " + a
                    + " velocity std");
            }
            assertEquals(frames, rep.usedFrames());
            assertEquals(frames, rep.style().motion().frames());
            // the face does not change expression: what the weights move is the floor (jitter, pose leakage)
            int worst = 0;
            for (int k = 1; k < ArkitBlendshape.COUNT; k++)
            {
                if (g.get(StyleCode.WEIGHT_VELOCITY_STD + k) > g.get(StyleCode.WEIGHT_VELOCITY_STD + worst))
                {
                    worst = k;
                }
            }
            System.out.printf(Locale.ROOT, "  expression floor: largest weight velocity std %.4f (%s, std %.4f)%n",
                g.get(StyleCode.WEIGHT_VELOCITY_STD + worst), ArkitBlendshape.at(worst),
                g.get(StyleCode.WEIGHT_STD + worst));
        }
        for (int a = 0; a < 5; a++)
        {
            assertTrue(got[0][a] < got[1][a] && got[1][a] < got[2][a], "axis " + a + " in level order");
        }
    }

    /** A jawOpen curve in [0, 0.45] with speech-like syllable rate (1.6 Hz, squared: energy up to 4 Hz). */
    private static double jawCurve(final int t)
    {
        final double s = t / (double)FPS;
        final double open = 0.5 + 0.5 * Math.sin(2 * Math.PI * 1.6 * s) * Math.cos(2 * Math.PI * 0.35 * s);
        return 0.45 * open * open;
    }

    /** Renders the motion, extracts it, prints and returns {truth, extracted} codes; keeps both per-frame weights. */
    private StyleCode[] mouthRoundTrip(final String name, final Motion motion) throws IOException
    {
        final int frames = 4 * FPS;
        final Path file = dir.resolve(name + ".mp4");
        final float[][] m = render(file, frames, motion);
        final StyleCode truth = StyleCode.compute(m[0], m[1], frames);
        final ExtractionReport rep = extractor.extract(file, null);
        assertEquals(frames, rep.usedFrames());
        final StyleCode got = rep.style().code();
        lastTruth = m[0];
        lastGot = rep.style().motion().weights();
        System.out.println(name + ": weight std truth / extracted, velocity std truth / extracted (> 0.02 shown)");
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            if (got.get(StyleCode.WEIGHT_STD + k) > 0.02 || truth.get(StyleCode.WEIGHT_STD + k) > 0)
            {
                System.out.printf(Locale.ROOT, "  %-20s %.4f / %.4f   %.4f / %.4f%n", ArkitBlendshape.at(k),
                    truth.get(StyleCode.WEIGHT_STD + k), got.get(StyleCode.WEIGHT_STD + k),
                    truth.get(StyleCode.WEIGHT_VELOCITY_STD + k), got.get(StyleCode.WEIGHT_VELOCITY_STD + k));
            }
        }
        return new StyleCode[]{truth, got};
    }

    /** Per-frame weights (frames x 52) of the last {@link #mouthRoundTrip}: truth, then extracted. */
    private float[] lastTruth;
    private float[] lastGot;

    /** Std over frames of smile - frown: the mouth corner's signed lift, whatever level the neutral is taken at. */
    private static double cornerStd(final float[] w, final ArkitBlendshape smile, final ArkitBlendshape frown)
    {
        final int n = w.length / ArkitBlendshape.COUNT;
        double s = 0;
        double ss = 0;
        for (int i = 0; i < n; i++)
        {
            final double v = w[i * ArkitBlendshape.COUNT + smile.ordinal()] - w[i * ArkitBlendshape.COUNT
                + frown.ordinal()];
            s += v;
            ss += v * v;
        }
        s /= n;
        return Math.sqrt(Math.max(0, ss / n - s * s));
    }

    private static void assertWithin(final StyleCode[] codes, final ArkitBlendshape shape, final double tolerance,
        final int... slices)
    {
        for (final int slice : slices)
        {
            final double t = codes[0].get(slice + shape.ordinal());
            final double g = codes[1].get(slice + shape.ordinal());
            assertEquals(t, g, tolerance * t, shape + (slice == StyleCode.WEIGHT_STD ? " std" : " velocity std")
                + String.format(Locale.ROOT, " (ratio %.2f)", g / t));
        }
    }

    @Test
    void shouldRecoverJawStatistics() throws IOException
    {
        final StyleCode[] c = mouthRoundTrip("jaw", (t, w, p) -> w[ArkitBlendshape.jawOpen.ordinal()]
            = (float)jawCurve(t));
        assertWithin(c, ArkitBlendshape.jawOpen, 0.25, StyleCode.WEIGHT_STD, StyleCode.WEIGHT_VELOCITY_STD);
        // crosstalk: the detector does not see the rig's jaw field as the rig moves it (lower lip over-read, chin
        // under-read), and the remainder is solved as other mouth shapes; measured 0.22 (mouthLowerDown), 0.09
        // (mouthSmile), 0.08 (jawForward). Not a target, a regression guard (docs/STYLE_EXTRACT.md).
        double leak = 0;
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            if (k != ArkitBlendshape.jawOpen.ordinal())
            {
                leak = Math.max(leak, c[1].get(StyleCode.WEIGHT_STD + k));
            }
        }
        assertTrue(leak < 0.3, "largest std of a shape the clip does not move: " + leak);
    }

    @Test
    void shouldRecoverJawAndSmileStatistics() throws IOException
    {
        final StyleCode[] c = mouthRoundTrip("jawsmile", (t, w, p) ->
        {
            final double s = t / (double)FPS;
            w[ArkitBlendshape.jawOpen.ordinal()] = (float)jawCurve(t);
            final double smile = 0.3 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * s + 1));
            w[ArkitBlendshape.mouthSmileLeft.ordinal()] = (float)smile;
            w[ArkitBlendshape.mouthSmileRight.ordinal()] = (float)smile;
        });
        assertWithin(c, ArkitBlendshape.jawOpen, 0.25, StyleCode.WEIGHT_STD, StyleCode.WEIGHT_VELOCITY_STD);
        // The clip's smile (0.7 Hz) runs independently of the jaw, so its frames with the least mouth opening (the
        // neutral's) hold every smile level, and which one the neutral gets is decided by how a smile shifts the
        // detected inner-lip gap by a fraction of a pixel: with the built-in avatar's painted-position rig landmarks
        // the neutral sat near smile 0.06 (per-shape smile std 0.86x/0.82x), with the detected-position ones near
        // 0.15 (the corners' motion splits into smile above it and frown below it: smile std 0.57x/0.54x, frown
        // 0.06). A per-shape smile std is not identifiable from this clip; the corners' signed lift (smile - frown)
        // is, and is asserted (docs/STYLE_EXTRACT.md).
        for (final ArkitBlendshape[] side : new ArkitBlendshape[][]{
            {ArkitBlendshape.mouthSmileLeft, ArkitBlendshape.mouthFrownLeft},
            {ArkitBlendshape.mouthSmileRight, ArkitBlendshape.mouthFrownRight}})
        {
            final double t = cornerStd(lastTruth, side[0], side[1]);
            final double g = cornerStd(lastGot, side[0], side[1]);
            System.out.printf(Locale.ROOT, "  %s - %s std: truth %.4f extracted %.4f (ratio %.2f); extracted mean"
                + " where true smile < 0.05: %.3f, > 0.25: %.3f%n", side[0], side[1], t, g, g / t,
                meanWhere(side, 0, 0.05), meanWhere(side, 0.25, 1));
            assertEquals(t, g, 0.25 * t, side[0] + " - " + side[1] + String.format(Locale.ROOT, " std (ratio %.2f)",
                g / t));
        }
        // smile's velocity std is NOT asserted: the jaw's crosstalk into smile (std 0.09 on a jaw-only clip) moves at
        // the jaw's speed and reads 2.2x the slow true smile's (docs/STYLE_EXTRACT.md)
    }

    /** Mean extracted smile - frown over the frames whose true smile is in [lo, hi). */
    private double meanWhere(final ArkitBlendshape[] side, final double lo, final double hi)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < lastTruth.length / ArkitBlendshape.COUNT; i++)
        {
            final double ts = lastTruth[i * ArkitBlendshape.COUNT + side[0].ordinal()];
            if (ts >= lo && ts < hi)
            {
                sum += lastGot[i * ArkitBlendshape.COUNT + side[0].ordinal()]
                    - lastGot[i * ArkitBlendshape.COUNT + side[1].ordinal()];
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void shouldRejectAVideoWithoutAFace() throws IOException
    {
        final Path file = dir.resolve("noise.mp4");
        final java.util.Random random = new java.util.Random(3);
        final byte[] rgb = new byte[SIZE * SIZE * 3];
        try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, FPS))
        {
            for (int t = 0; t < 2 * FPS; t++)
            {
                random.nextBytes(rgb);
                mp4.writeRgb(rgb);
            }
        }
        final StyleExtractionException ex = org.junit.jupiter.api.Assertions.assertThrows(
            StyleExtractionException.class, () -> extractor.extract(file, null));
        assertTrue(ex.getMessage().contains("no face found in any of the 50 frames"), ex.getMessage());
    }

    @Test
    void shouldRejectAOneSecondClip() throws IOException
    {
        final Path file = dir.resolve("short.mp4");
        render(file, FPS, head(1));
        final StyleExtractionException ex = org.junit.jupiter.api.Assertions.assertThrows(
            StyleExtractionException.class, () -> extractor.extract(file, null));
        assertTrue(ex.getMessage().contains("too little usable face") && ex.getMessage().contains("at least 2 s")
            && ex.getMessage().contains("1.00 s (25 frames at 25 fps, 25 of 25 source frames had a face, 1 shot(s))"),
            ex.getMessage());
    }

    @Test
    void shouldRejectAudioOnlyCorruptAndMissingFiles() throws IOException
    {
        final Path wav = dir.resolve("tone.wav");
        writeWav(wav, 16_000, 16_000);
        assertMessage(wav, "no video stream");
        final Path junk = dir.resolve("junk.mp4");
        final byte[] bytes = new byte[20_000];
        new java.util.Random(5).nextBytes(bytes);
        java.nio.file.Files.write(junk, bytes);
        assertMessage(junk, "FFmpeg cannot open it as a video");
        final Path good = dir.resolve("good.mp4");
        render(good, 2 * FPS, head(1));
        final byte[] all = java.nio.file.Files.readAllBytes(good);
        final Path truncated = dir.resolve("truncated.mp4");
        java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertMessage(truncated, "FFmpeg cannot open it as a video");
        final Path empty = java.nio.file.Files.createFile(dir.resolve("empty.mp4"));
        assertMessage(empty, "empty");
        assertMessage(dir.resolve("missing.mp4"), "no such file");
    }

    @Test
    void shouldExtractFromA4kVideoByDownscaling() throws IOException
    {
        final int w = 3840;
        final int h = 2160;
        final int frames = 3 * FPS;
        final Path file = dir.resolve("uhd.mp4");
        final AvatarFaceRenderer r = FaceRenderers.builtIn(SIZE);
        final byte[] big = new byte[w * h * 3];
        java.util.Arrays.fill(big, (byte)90);
        final float[] wts = new float[ArkitBlendshape.COUNT];
        final float[] p = new float[HeadPose.SIZE];
        final float[] allW = new float[frames * wts.length];
        final float[] allP = new float[frames * p.length];
        final Motion motion = head(1);
        final int up = 4;
        final int x0 = (w - up * SIZE) / 2;
        final int y0 = (h - up * SIZE) / 2;
        try (Mp4Writer mp4 = new Mp4Writer(file, w, h, FPS))
        {
            for (int t = 0; t < frames; t++)
            {
                java.util.Arrays.fill(p, 0f);
                motion.at(t, wts, p);
                System.arraycopy(p, 0, allP, t * p.length, p.length);
                r.avatar().render(wts, p);
                final int[] px = r.avatar().renderer().rgb();
                for (int y = 0; y < up * SIZE; y++)
                {
                    final int row = (y / up) * SIZE;
                    final int o = ((y0 + y) * w + x0) * 3;
                    for (int x = 0; x < up * SIZE; x++)
                    {
                        final int c = px[row + x / up];
                        big[o + 3 * x] = (byte)(c >> 16);
                        big[o + 3 * x + 1] = (byte)(c >> 8);
                        big[o + 3 * x + 2] = (byte)c;
                    }
                }
                mp4.writeRgb(big);
            }
        }
        final StyleCode truth = StyleCode.compute(allW, allP, frames);
        final ExtractionReport rep = extractor.extract(file, null);
        System.out.println(rep.summary());
        assertEquals("3840x2160", rep.scaledFrom());
        assertEquals(frames, rep.usedFrames());
        for (final int a : new int[]{HeadPose.PITCH, HeadPose.ROLL})
        {
            final double t = truth.get(StyleCode.POSE_VELOCITY_STD + a);
            final double g = rep.style().code().get(StyleCode.POSE_VELOCITY_STD + a);
            System.out.printf(Locale.ROOT, "4K axis %d: truth %.5f extracted %.5f%n", a, t, g);
            assertEquals(t, g, 0.2 * t, "4K pose axis " + a);
        }
    }

    @Test
    void shouldWriteAStyleFileFromTheCommandLine() throws Exception
    {
        final Path video = dir.resolve("talk.mp4");
        render(video, 3 * FPS, head(1));
        final Path out = dir.resolve("talk.json");
        final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        final int rc = new StyleCommand().run(CliArgs.parse(java.util.List.of("extract", "--video", video.toString(),
            "--out", out.toString()), java.util.Set.of()), new java.io.PrintStream(text, true,
            java.nio.charset.StandardCharsets.UTF_8), System.err);
        assertEquals(0, rc);
        final String summary = text.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(summary.contains("75 frames read: face in 75"), summary);
        final StyleFile s = StyleFile.read(out);
        assertEquals("talk", s.name());
        assertEquals(75, s.motion().frames());
        assertTrue(s.provenance().contains("extracted from talk.mp4"), s.provenance());
    }

    private static void assertMessage(final Path file, final String part)
    {
        final StyleExtractionException ex = org.junit.jupiter.api.Assertions.assertThrows(
            StyleExtractionException.class, () -> extractor.extract(file, null));
        assertTrue(ex.getMessage().contains(part) && ex.getMessage().contains(file.getFileName().toString()),
            ex.getMessage());
    }

    private static void writeWav(final Path file, final int rate, final int samples) throws IOException
    {
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 2 * samples)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * samples)
            .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short)1)
            .putShort((short)1).putInt(rate).putInt(2 * rate).putShort((short)2).putShort((short)16)
            .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * samples);
        for (int i = 0; i < samples; i++)
        {
            b.putShort((short)(8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        java.nio.file.Files.write(file, b.array());
    }
}
