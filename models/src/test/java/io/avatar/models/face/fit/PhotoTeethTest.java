package io.avatar.models.face.fit;

import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.FaceLandmarkSets;
import io.avatar.models.face.MouthPalette;
import io.avatar.models.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The photo tooth-colour measurement on real detections: the astronaut smiles with her teeth showing (a light,
 * low-saturation, warm colour must come out); the built-in avatar's painted face has closed lips (no colour, and the
 * reason); the astronaut with the inside of her lips painted as a dark cavity (open mouth, no teeth: no colour).
 */
class PhotoTeethTest
{
    private static PortraitFitter fitter;
    private static FittedPortrait astronaut;

    @BeforeAll
    static void setUp() throws Exception
    {
        fitter = PortraitFitter.open();
        astronaut = fitter.fit(Path.of(System.getProperty("avatar.shared.dir", "../shared"), "assets",
            "astronaut.png"));
    }

    @AfterAll
    static void tearDown()
    {
        fitter.close();
    }

    @Test
    void shouldMeasureTheAstronautsTeethAsALightLowSaturationWarmColour()
    {
        final MouthPalette m = astronaut.mouth();
        System.out.println("astronaut: " + m.describe());
        assertTrue(m.fromPhoto(), "the astronaut's teeth show: " + m.describe());
        final double max = Math.max(m.red(), Math.max(m.green(), m.blue()));
        final double sat = (max - Math.min(m.red(), Math.min(m.green(), m.blue()))) / max;
        // measured #f2e3d5: luma 0.90, saturation 0.12
        assertTrue(m.luma() > 0.7, "light: " + m.describe());
        assertTrue(sat < 0.25, "low saturation " + sat + ": " + m.describe());
        assertTrue(m.red() >= m.blue(), "warm, not blue: " + m.describe());
        assertTrue(astronaut.toPortrait().mouthPalette().sameColour(m), "the portrait carries the measured colour");
    }

    @Test
    void shouldReportNoColourForTheBuiltInAvatarsClosedMouth() throws Exception
    {
        final RenderTexture painting = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault()).image();
        final RgbImage image = RgbImage.allocate(painting.width(), painting.height(), "built-in avatar");
        final byte[] rgb = image.rgb();
        for (int y = 0; y < painting.height(); y++)
        {
            for (int x = 0; x < painting.width(); x++)
            {
                final int p = painting.pixel(x, y);
                final int i = 3 * (y * painting.width() + x);
                rgb[i] = (byte)(p >> 16);
                rgb[i + 1] = (byte)(p >> 8);
                rgb[i + 2] = (byte)p;
            }
        }
        final MouthPalette m = fitter.fit(image, "built-in avatar", "").mouth();
        System.out.println("built-in avatar painting: " + m.describe());
        assertFalse(m.fromPhoto(), "closed lips give no tooth colour: " + m.describe());
        assertTrue(m.origin().contains("closed"), "the reason is named: " + m.origin());
        assertTrue(m.sameColour(MouthPalette.DEFAULT), "falls back to the default ivory: " + m.describe());
    }

    @Test
    void shouldReportNoColourWhenTheOpenMouthShowsNoTeeth()
    {
        final RgbImage src = astronaut.image();
        final RgbImage dark = new RgbImage(src.width(), src.height(), src.rgb().clone(), "astronaut, no teeth");
        final float[] lm = astronaut.landmarks();
        // paint the inner-lip polygon (unshrunk, and a pixel beyond) as a shaded dark-red cavity
        final double[] poly = unshrunk(lm);
        final byte[] rgb = dark.rgb();
        for (int y = 0; y < src.height(); y++)
        {
            for (int x = 0; x < src.width(); x++)
            {
                if (near(poly, x + 0.5, y + 0.5))
                {
                    final int i = 3 * (y * src.width() + x);
                    rgb[i] = (byte)(70 + (x * 7 + y * 3) % 20);
                    rgb[i + 1] = (byte)20;
                    rgb[i + 2] = (byte)24;
                }
            }
        }
        final MouthPalette m = PhotoTeeth.measure(dark, lm);
        System.out.println("astronaut with a dark open mouth: " + m.describe());
        assertFalse(m.fromPhoto(), "a dark opening has no teeth: " + m.describe());
        assertTrue(m.origin().contains("no teeth") || m.origin().contains("not tooth-coloured"), m.origin());
        assertTrue(PhotoTeeth.measure(src, lm).fromPhoto(), "the unpainted crop still measures");
    }

    @Test
    void shouldReportAClosedMouthWhenTheInnerLipsMeet()
    {
        final float[] lm = astronaut.landmarks();
        final int[] upper = FaceLandmarkSets.LIPS_UPPER_INNER;
        final int[] lower = FaceLandmarkSets.LIPS_LOWER_INNER;
        for (int j = 0; j < lower.length; j++)
        {
            lm[2 * lower[j]] = lm[2 * upper[j]];
            lm[2 * lower[j] + 1] = lm[2 * upper[j] + 1];
        }
        final MouthPalette m = PhotoTeeth.measure(astronaut.image(), lm);
        assertFalse(m.fromPhoto(), m.describe());
        assertTrue(m.origin().contains("closed: inner-lip gap 0.000"), m.origin());
    }

    /** The inner-lip polygon without the measurement's shrink. */
    private static double[] unshrunk(final float[] lm)
    {
        final int[] upper = FaceLandmarkSets.LIPS_UPPER_INNER;
        final int[] lower = FaceLandmarkSets.LIPS_LOWER_INNER;
        final double[] p = new double[2 * (upper.length + lower.length - 2)];
        int k = 0;
        for (final int v : upper)
        {
            p[k++] = lm[2 * v];
            p[k++] = lm[2 * v + 1];
        }
        for (int j = lower.length - 2; j >= 1; j--)
        {
            p[k++] = lm[2 * lower[j]];
            p[k++] = lm[2 * lower[j] + 1];
        }
        return p;
    }

    /** Inside the polygon or within 1.5 px of its outline. */
    private static boolean near(final double[] p, final double x, final double y)
    {
        boolean in = false;
        final int n = p.length / 2;
        double best = Double.MAX_VALUE;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            final double xi = p[2 * i];
            final double yi = p[2 * i + 1];
            final double xj = p[2 * j];
            final double yj = p[2 * j + 1];
            if ((yi > y) != (yj > y) && x < xj + (y - yj) / (yi - yj) * (xi - xj))
            {
                in = !in;
            }
            final double dx = xi - xj;
            final double dy = yi - yj;
            final double t = Math.max(0, Math.min(1, ((x - xj) * dx + (y - yj) * dy) / (dx * dx + dy * dy + 1e-12)));
            best = Math.min(best, Math.hypot(x - xj - t * dx, y - yj - t * dy));
        }
        return in || best < 1.5;
    }
}
