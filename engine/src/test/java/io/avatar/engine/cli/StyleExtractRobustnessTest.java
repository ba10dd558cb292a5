package io.avatar.engine.cli;

import io.avatar.engine.output.Mp4Writer;
import io.avatar.engine.render.AvatarFaceRenderer;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import io.avatar.models.style.extract.ExtractionReport;
import io.avatar.models.style.extract.StyleExtractor;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Style extraction on awkward videos made in the test (256 px high, a few seconds): scene cuts, faceless gaps, two
 * faces, variable frame rate. Each checks the counts the extractor reports, and that the motion it kept is the right
 * face's (pose velocity std against the rendered truth).
 */
class StyleExtractRobustnessTest
{
    private static final int SIZE = 256;
    private static final int FPS = 25;
    private static final int[] ANGLES = {HeadPose.PITCH, HeadPose.YAW, HeadPose.ROLL};
    private static StyleExtractor extractor;
    private static AvatarFaceRenderer renderer;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws IOException
    {
        extractor = StyleExtractor.openDefault();
        renderer = FaceRenderers.builtIn(SIZE);
    }

    @AfterAll
    static void close()
    {
        extractor.close();
    }

    /** Head motion at a time (seconds) and level: the same family as StyleExtractTest's. */
    private static void head(final double s, final double level, final float[] p)
    {
        Arrays.fill(p, 0f);
        p[HeadPose.PITCH] = (float)(level * Math.toRadians(4) * (Math.sin(2 * Math.PI * 0.4 * s)
            + 0.5 * Math.sin(2 * Math.PI * 1.1 * s + 1)));
        p[HeadPose.YAW] = (float)(level * Math.toRadians(6) * (Math.sin(2 * Math.PI * 0.3 * s + 2)
            + 0.5 * Math.sin(2 * Math.PI * 0.9 * s)));
        p[HeadPose.ROLL] = (float)(level * Math.toRadians(3) * (Math.sin(2 * Math.PI * 0.5 * s + 0.5)
            + 0.5 * Math.sin(2 * Math.PI * 1.3 * s + 2)));
        p[HeadPose.TX] = (float)(level * 0.5 * Math.sin(2 * Math.PI * 0.35 * s + 1.5));
        p[HeadPose.TY] = (float)(level * 0.4 * Math.sin(2 * Math.PI * 0.45 * s + 2.5));
    }

    /** Renders the built-in avatar with that pose and returns its 256 x 256 packed RGB pixels (the renderer's). */
    private static int[] renderAt(final float[] pose)
    {
        renderer.avatar().render(new float[ArkitBlendshape.COUNT], pose);
        return renderer.avatar().renderer().rgb();
    }

    /** Copies a 256 x 256 render into an RGB24 canvas, scaled by nearest neighbour, at (x0, y0). */
    private static void paste(final int[] px, final byte[] canvas, final int width, final int x0, final int y0,
        final double scale)
    {
        final int side = (int)Math.round(SIZE * scale);
        for (int y = 0; y < side; y++)
        {
            final int row = Math.min(SIZE - 1, (int)(y / scale)) * SIZE;
            final int o = ((y0 + y) * width + x0) * 3;
            for (int x = 0; x < side; x++)
            {
                final int c = px[row + Math.min(SIZE - 1, (int)(x / scale))];
                canvas[o + 3 * x] = (byte)(c >> 16);
                canvas[o + 3 * x + 1] = (byte)(c >> 8);
                canvas[o + 3 * x + 2] = (byte)c;
            }
        }
    }

    /** Pose velocity std of the truth (frames x 6 at 25 fps) and of the extraction, compared on the three angles. */
    private static void assertAngles(final float[] truthPoses, final int frames, final ExtractionReport rep,
        final double tolerance)
    {
        final StyleCode truth = StyleCode.compute(new float[frames * ArkitBlendshape.COUNT], truthPoses, frames);
        for (final int a : ANGLES)
        {
            final double t = truth.get(StyleCode.POSE_VELOCITY_STD + a);
            final double g = rep.style().code().get(StyleCode.POSE_VELOCITY_STD + a);
            System.out.printf(Locale.ROOT, "  angle %d velocity std truth %.5f extracted %.5f (ratio %.2f)%n", a, t,
                g, g / t);
            assertEquals(t, g, tolerance * t, "pose angle " + a + " velocity std");
        }
    }

    @Test
    void shouldNotCarryTrackingFromOneVideoIntoTheNext() throws IOException
    {
        // two 2.2 s clips of the face at nearby places: the second one's first frame must be found afresh, not in the
        // crop where the first clip's face ended (the extractor is reused across videos, as `avatar serve` does)
        final Path a = dir.resolve("a.mp4");
        final Path b = dir.resolve("b.mp4");
        final byte[] canvas = new byte[SIZE * SIZE * 3];
        final float[] p = new float[HeadPose.SIZE];
        for (final Path file : new Path[]{a, b})
        {
            try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, FPS))
            {
                for (int t = 0; t < 55; t++)
                {
                    head(t / (double)FPS, 1.0, p);
                    Arrays.fill(canvas, (byte)25);
                    if (file == a)
                    {
                        paste(renderAt(p), canvas, SIZE, 0, 0, 0.8);
                    }
                    else
                    {
                        paste(renderAt(p), canvas, SIZE, 40, 30, 0.8);
                    }
                    mp4.writeRgb(canvas);
                }
            }
        }
        final float[] fresh;
        try (StyleExtractor own = StyleExtractor.openDefault())
        {
            fresh = own.extract(b, null).style().code().toArray();
        }
        extractor.extract(a, null);
        final float[] after = extractor.extract(b, null).style().code().toArray();
        assertArrayEquals(fresh, after, "the same video read after another one");
    }

    @Test
    void shouldSplitAtASceneCutAndUseTheLongestShot() throws IOException
    {
        // shot 1: 2.4 s full-frame; shot 2: 3.6 s, the face at 0.75 scale elsewhere on a dark background (luma jump)
        final int first = 60;
        final int second = 90;
        final Path file = dir.resolve("cut.mp4");
        final byte[] canvas = new byte[SIZE * SIZE * 3];
        final float[] p = new float[HeadPose.SIZE];
        final float[] truth = new float[second * HeadPose.SIZE];
        try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, FPS))
        {
            for (int t = 0; t < first + second; t++)
            {
                final double s = t / (double)FPS;
                if (t < first)
                {
                    head(s, 1.0, p);
                    paste(renderAt(p), canvas, SIZE, 0, 0, 1.0);
                }
                else
                {
                    head(s, 1.6, p);
                    System.arraycopy(p, 0, truth, (t - first) * HeadPose.SIZE, HeadPose.SIZE);
                    Arrays.fill(canvas, (byte)25);
                    paste(renderAt(p), canvas, SIZE, 56, 40, 0.75);
                }
                mp4.writeRgb(canvas);
            }
        }
        final ExtractionReport rep = extractor.extract(file, null);
        System.out.println("scene cut: " + rep.summary());
        assertEquals(first + second, rep.framesRead());
        assertEquals(first + second, rep.framesWithFace());
        assertEquals(2, rep.shots(), "shots");
        assertEquals(2, rep.segments(), "segments");
        assertEquals(1, rep.usedSegment(), "the longer second shot is used");
        assertEquals(second, rep.usedFrames());
        assertEquals(first + second, rep.totalFrames25());
        assertEquals(0, rep.framesBridged());
        assertEquals(0, rep.framesExcluded());
        assertTrue(rep.style().provenance().contains("2 shot(s), 2 segment(s)"), rep.style().provenance());
        assertAngles(truth, second, rep, 0.25);
    }

    @Test
    void shouldBridgeShortFacelessGapsAndSplitAtLongOnes() throws IOException
    {
        // face 0-59, black 60-62 (3 frames: bridged), face 63-112, black 113-124 (12: splits), face 125-199
        final int frames = 200;
        final Path file = dir.resolve("gaps.mp4");
        final byte[] canvas = new byte[SIZE * SIZE * 3];
        final float[] p = new float[HeadPose.SIZE];
        final float[] truth = new float[113 * HeadPose.SIZE];
        try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, FPS))
        {
            for (int t = 0; t < frames; t++)
            {
                head(t / (double)FPS, 1.0, p);
                if (t < 113)
                {
                    System.arraycopy(p, 0, truth, t * HeadPose.SIZE, HeadPose.SIZE);
                }
                if (t >= 60 && t <= 62 || t >= 113 && t <= 124)
                {
                    Arrays.fill(canvas, (byte)0);
                }
                else
                {
                    paste(renderAt(p), canvas, SIZE, 0, 0, 1.0);
                }
                mp4.writeRgb(canvas);
            }
        }
        final ExtractionReport rep = extractor.extract(file, null);
        System.out.println("gaps: " + rep.summary());
        assertEquals(frames, rep.framesRead());
        assertEquals(frames - 15, rep.framesWithFace());
        assertEquals(3, rep.framesBridged(), "the 3-frame gap is bridged");
        assertEquals(12, rep.framesExcluded(), "the 12-frame gap is left out");
        assertEquals(1, rep.shots(), "black frames are not scene cuts");
        assertEquals(2, rep.segments(), "the long gap splits");
        assertEquals(0, rep.usedSegment());
        assertEquals(113, rep.usedFrames(), "frames 0-112 with the bridged gap");
        assertEquals(113 + 75, rep.totalFrames25());
        // the bridged gap is interpolated: the motion stays close to the truth through it
        assertAngles(truth, 113, rep, 0.2);
    }

    @Test
    void shouldTrackTheLargestOfTwoFaces() throws IOException
    {
        // the moving built-in avatar (face ~108 px wide) beside a still, smaller astronaut photo (face ~80 px)
        final int width = 448;
        final int frames = 3 * FPS;
        final BufferedImage photo = ImageIO.read(Path.of(System.getProperty("avatar.shared.dir"), "assets",
            "astronaut.png").toFile());
        final BufferedImage small = new BufferedImage(192, 192, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, 192, 192, 96, 16, 416, 336, null);
        g.dispose();
        final byte[] canvas = new byte[width * SIZE * 3];
        Arrays.fill(canvas, (byte)120);
        for (int y = 0; y < 192; y++)
        {
            for (int x = 0; x < 192; x++)
            {
                final int c = small.getRGB(x, y);
                final int o = ((32 + y) * width + SIZE + x) * 3;
                canvas[o] = (byte)(c >> 16);
                canvas[o + 1] = (byte)(c >> 8);
                canvas[o + 2] = (byte)c;
            }
        }
        final Path file = dir.resolve("two.mp4");
        final float[] p = new float[HeadPose.SIZE];
        final float[] truth = new float[frames * HeadPose.SIZE];
        try (Mp4Writer mp4 = new Mp4Writer(file, width, SIZE, FPS))
        {
            for (int t = 0; t < frames; t++)
            {
                head(t / (double)FPS, 1.6, p);
                System.arraycopy(p, 0, truth, t * HeadPose.SIZE, HeadPose.SIZE);
                paste(renderAt(p), canvas, width, 0, 0, 1.0);
                mp4.writeRgb(canvas);
            }
        }
        final ExtractionReport rep = extractor.extract(file, null);
        System.out.println("two faces: " + rep.summary());
        assertEquals(2, rep.mostFaces(), "both faces are found");
        assertEquals(frames, rep.framesWithFace());
        assertEquals(1, rep.shots());
        assertEquals(1, rep.segments());
        assertEquals(frames, rep.usedFrames());
        assertTrue(rep.summary().contains("up to 2 faces in a frame, the largest tracked"), rep.summary());
        // the still astronaut would give no motion: the moving, larger face is the one kept
        assertAngles(truth, frames, rep, 0.2);
    }

    @Test
    void shouldResampleAVariableFrameRateVideoTo25Fps() throws IOException
    {
        // Matroska with millisecond timestamps at irregular steps (25-55 ms, mean 40 ms): the motion is a function
        // of time, so the 25 fps truth is the same motion sampled every 40 ms
        final int[] stepsMs = {25, 55, 40, 33, 47, 30, 50};
        final Path file = dir.resolve("vfr.mkv");
        final float[] p = new float[HeadPose.SIZE];
        final ByteBuffer pixels = ByteBuffer.allocateDirect(SIZE * SIZE * 3);
        final byte[] canvas = new byte[SIZE * SIZE * 3];
        int written = 0;
        long ms = 0;
        final long endMs = 4000;
        final FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), SIZE, SIZE, 0);
        rec.setFormat("matroska");
        rec.setVideoCodecName(Mp4Writer.h264EncoderName());
        rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        // a 1 kHz time base: timestamps are kept to the millisecond instead of being snapped to a frame grid
        rec.setFrameRate(1000);
        rec.setGopSize(50);
        rec.setVideoBitrate(600_000);
        rec.startUnsafe();
        try
        {
            while (ms <= endMs)
            {
                head(ms / 1000.0, 1.6, p);
                paste(renderAt(p), canvas, SIZE, 0, 0, 1.0);
                pixels.clear();
                pixels.put(canvas).flip();
                rec.setTimestamp(ms * 1000);
                rec.recordImage(SIZE, SIZE, Frame.DEPTH_UBYTE, 3, SIZE * 3, avutil.AV_PIX_FMT_RGB24, pixels);
                written++;
                ms += stepsMs[written % stepsMs.length];
            }
        }
        finally
        {
            rec.stop();
            rec.release();
        }
        final long lastMs = ms - stepsMs[written % stepsMs.length];
        // the file really is variable-rate: the decoder sees the irregular steps
        long minStep = Long.MAX_VALUE;
        long maxStep = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile()))
        {
            grabber.startUnsafe();
            long prev = -1;
            for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage())
            {
                if (prev >= 0)
                {
                    minStep = Math.min(minStep, f.timestamp - prev);
                    maxStep = Math.max(maxStep, f.timestamp - prev);
                }
                prev = f.timestamp;
            }
            grabber.stop();
        }
        assertTrue(minStep <= 26_000 && maxStep >= 54_000, "decoded steps " + minStep + ".." + maxStep + " us");
        final int frames25 = (int)(lastMs * FPS / 1000) + 1;
        final float[] truth = new float[frames25 * HeadPose.SIZE];
        for (int i = 0; i < frames25; i++)
        {
            head(i / (double)FPS, 1.6, p);
            System.arraycopy(p, 0, truth, i * HeadPose.SIZE, HeadPose.SIZE);
        }
        final ExtractionReport rep = extractor.extract(file, null);
        System.out.printf(Locale.ROOT, "VFR: %d frames over %d ms -> %d at 25 fps; %s%n", written, lastMs, frames25,
            rep.summary());
        assertEquals(written, rep.framesRead());
        assertEquals(frames25, rep.usedFrames(), "25 fps frames over the clip's duration");
        assertEquals(frames25, rep.style().motion().frames());
        assertAngles(truth, frames25, rep, 0.2);
    }
}
