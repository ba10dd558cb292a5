package io.avatar.engine.cli;

import io.avatar.engine.output.Mp4Writer;
import io.avatar.engine.render.AvatarFaceRenderer;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import io.avatar.models.style.extract.ExtractionReport;
import io.avatar.models.style.extract.StyleExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Head rotation must not read as expression: a neutral face that only turns its head (+-10 deg, 0.5 Hz, one axis per
 * clip) is rendered by the built-in avatar, extracted, and every blendshape's std and velocity std is the floor
 * (docs/STYLE_EXTRACT.md).
 */
class StyleExtractHeadLeakTest
{
    private static final int SIZE = 256;
    private static final int FPS = 25;
    /** Largest spurious weight std allowed (measured: see docs/STYLE_EXTRACT.md). */
    private static final double MAX_STD = 0.1;
    /**
     * Largest spurious weight velocity std allowed, per 25 fps frame. This is the detector's frame-to-frame jitter on
     * the rendered outline more than the leak (which shows in the std: 0.15-0.26 before the decorrelation, 0.06-0.07
     * now); it moves with how the face is drawn: pitch's jawForward 0.019 when the bar was set at 0.035, 0.034 after
     * the eyelid lash row and the new teeth, 0.040 once the face outline became anti-aliased against the skirt on a
     * turn (issue #3's silhouette fix). Raised to 0.045 for that, a real, small cost recorded in docs/STYLE_EXTRACT.md.
     */
    private static final double MAX_VELOCITY_STD = 0.045;
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

    /** Renders a neutral face turning +-10 deg about one axis and returns the extracted code. */
    private StyleCode extractTurn(final int axis) throws IOException
    {
        final int frames = 4 * FPS;
        final Path file = dir.resolve("turn" + axis + ".mp4");
        final AvatarFaceRenderer r = FaceRenderers.builtIn(SIZE);
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] p = new float[HeadPose.SIZE];
        final byte[] i420 = new byte[SIZE * SIZE * 3 / 2];
        try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, FPS))
        {
            for (int t = 0; t < frames; t++)
            {
                Arrays.fill(p, 0f);
                p[axis] = (float)(Math.toRadians(10) * Math.sin(2 * Math.PI * 0.5 * t / FPS));
                r.avatar().render(w, p);
                r.avatar().renderer().writeI420(i420);
                mp4.writeI420(i420);
            }
        }
        final ExtractionReport rep = extractor.extract(file, null);
        assertEquals(frames, rep.usedFrames());
        return rep.style().code();
    }

    /** Prints and asserts the largest std and velocity std of the weights on a clip whose expression is neutral. */
    private void assertFloor(final String name, final int axis) throws IOException
    {
        final StyleCode g = extractTurn(axis);
        int worstStd = 0;
        int worstVel = 0;
        for (int k = 1; k < ArkitBlendshape.COUNT; k++)
        {
            if (g.get(StyleCode.WEIGHT_STD + k) > g.get(StyleCode.WEIGHT_STD + worstStd))
            {
                worstStd = k;
            }
            if (g.get(StyleCode.WEIGHT_VELOCITY_STD + k) > g.get(StyleCode.WEIGHT_VELOCITY_STD + worstVel))
            {
                worstVel = k;
            }
        }
        final double std = g.get(StyleCode.WEIGHT_STD + worstStd);
        final double vel = g.get(StyleCode.WEIGHT_VELOCITY_STD + worstVel);
        System.out.printf(Locale.ROOT, "%s +-10 deg, neutral face: largest weight std %.4f (%s), largest velocity"
            + " std %.4f (%s)%n", name, std, ArkitBlendshape.at(worstStd), vel, ArkitBlendshape.at(worstVel));
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            if (g.get(StyleCode.WEIGHT_STD + k) > 0.03)
            {
                System.out.printf(Locale.ROOT, "  %-20s std %.4f velocity std %.4f%n", ArkitBlendshape.at(k),
                    g.get(StyleCode.WEIGHT_STD + k), g.get(StyleCode.WEIGHT_VELOCITY_STD + k));
            }
        }
        assertTrue(std < MAX_STD, name + ": head rotation read as " + ArkitBlendshape.at(worstStd) + " std " + std);
        assertTrue(vel < MAX_VELOCITY_STD, name + ": head rotation read as " + ArkitBlendshape.at(worstVel)
            + " velocity std " + vel);
    }

    @Test
    void shouldNotReadYawAsExpression() throws IOException
    {
        assertFloor("yaw", HeadPose.YAW);
    }

    @Test
    void shouldNotReadPitchAsExpression() throws IOException
    {
        assertFloor("pitch", HeadPose.PITCH);
    }
}
