package io.avatar.models.face;

import io.avatar.kernels.render.RenderTexture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated mouth atlas must read as teeth at the size they are drawn (a tooth 4-16 px wide): seams between teeth
 * a few percent darker than the teeth beside them (the former 50 % dark seams read as braces), warm colour that
 * never turns blue in shade, soft darkening toward the mouth corners, and the tooth colour and interior brightness
 * following the palette.
 */
class MouthAtlasTest
{
    private static final int N = MouthAtlas.SIZE;
    /** Upper tooth seams, cm from the middle (as the atlas's tooth edges). */
    private static final double[] UPPER_SEAMS = {0.85, 1.5, 2.2, 2.85};
    /** Middle of the upper teeth band's tooth body (t = 0.6 of the band: below the gum, above the biting edge). */
    private static final int UPPER_BODY_ROW = (int)(N * (0.5 + 0.6 * 0.125));

    @Test
    void shouldDarkenTheSeamsBetweenTeethOnlyAFewPercent()
    {
        final RenderTexture atlas = MouthAtlas.generate();
        final double[] edges = {0.0, 0.85, 1.5, 2.2, 2.85, 3.0};
        for (int k = 0; k < UPPER_SEAMS.length; k++)
        {
            final double seam = UPPER_SEAMS[k];
            final double left = 0.5 * (edges[k] + edges[k + 1]);
            final double right = 0.5 * (edges[k + 1] + edges[k + 2]);
            // the seam against the straight line between the two teeth's middles, with the corner shading divided out
            double darkest = Double.MAX_VALUE;
            for (double x = seam - 0.1; x <= seam + 0.1; x += 0.005)
            {
                darkest = Math.min(darkest, lit(atlas, x));
            }
            final double a = lit(atlas, left);
            final double b = lit(atlas, right);
            final double line = a + (b - a) * (seam - left) / (right - left);
            final double dip = 1 - darkest / line;
            System.out.printf("upper seam at %.2f cm: %.1f %% darker than the teeth beside it%n", seam, 100 * dip);
            // was 50 % (braces); visible but subtle
            assertTrue(dip < 0.08, "seam at " + seam + " cm is " + dip + " darker than the teeth");
            assertTrue(dip > 0.01, "seam at " + seam + " cm still separates the teeth: " + dip);
        }
    }

    @Test
    void shouldKeepTheTeethWarmWithoutABlueCast()
    {
        final RenderTexture atlas = MouthAtlas.generate();
        int body = 0;
        for (int y = N / 2; y < 3 * N / 4; y++)
        {
            for (int x = 0; x < N; x++)
            {
                final int p = atlas.pixel(x, y);
                if ((p >>> 24) < 128)
                {
                    continue;
                }
                final int r = p >> 16 & 0xFF;
                final int g = p >> 8 & 0xFF;
                final int b = p & 0xFF;
                assertTrue(b <= r, "blue over red at " + x + "," + y + ": " + Integer.toHexString(p));
                if (g > 0.75 * r)
                {
                    // tooth enamel (not gum): red >= green >= blue, in light and in shade
                    body++;
                    assertTrue(r >= g && g >= b, "tooth texel not warm at " + x + "," + y + ": "
                        + Integer.toHexString(p));
                }
            }
        }
        assertTrue(body > N * N / 16, "tooth texels checked: " + body);
    }

    @Test
    void shouldShadeTheTeethSoftlyTowardTheMouthCorners()
    {
        final RenderTexture atlas = MouthAtlas.generate();
        final double middle = luma(atlas.pixel(column(0.3), UPPER_BODY_ROW));
        double previous = middle;
        // the middles of the upper teeth, going outward, never brighten
        for (final double x : new double[]{0.425, 1.175, 1.85, 2.525})
        {
            final double l = luma(atlas.pixel(column(x), UPPER_BODY_ROW));
            assertTrue(l <= previous + 1, "tooth at " + x + " cm brighter than the one inside it: " + l);
            previous = l;
        }
        // the front teeth stay lit (within 15 % out to the lateral incisors), the corners fall into shadow without
        // going black
        assertTrue(luma(atlas.pixel(column(1.2), UPPER_BODY_ROW)) > 0.85 * middle, "lateral incisor lit");
        final double corner = luma(atlas.pixel(column(2.9), UPPER_BODY_ROW));
        assertTrue(corner > 0.25 * middle && corner < 0.6 * middle, "corner " + corner + " vs middle " + middle);
    }

    @Test
    void shouldTintTheTeethAndScaleTheInteriorWithThePalette()
    {
        final MouthPalette yellow = new MouthPalette(0.80f, 0.72f, 0.56f, true, "test");
        final MouthPalette grey = new MouthPalette(0.55f, 0.55f, 0.55f, true, "test");
        final RenderTexture def = MouthAtlas.generate();
        final int x = column(0.425);
        final int cavityX = N / 2;
        final int cavityY = (int)(N * 0.5 * 0.55);
        for (final MouthPalette p : new MouthPalette[]{yellow, grey, MouthPalette.DEFAULT})
        {
            final RenderTexture atlas = MouthAtlas.generate(p);
            final int t = atlas.pixel(x, UPPER_BODY_ROW);
            // the central incisor's middle is the palette colour under one shading factor for all channels
            final double sr = (t >> 16 & 0xFF) / 255.0 / p.red();
            final double sg = (t >> 8 & 0xFF) / 255.0 / p.green();
            final double sb = (t & 0xFF) / 255.0 / p.blue();
            assertEquals(sr, sg, 0.025, p + " -> " + Integer.toHexString(t));
            assertEquals(sr, sb, 0.025, p + " -> " + Integer.toHexString(t));
            assertTrue(sr > 0.9, "the incisor's middle is nearly unshaded: " + sr);
            final double cavity = luma(atlas.pixel(cavityX, cavityY)) / luma(def.pixel(cavityX, cavityY));
            assertEquals(p.exposure(), cavity, 0.06, "cavity brightness follows the teeth's: " + p);
        }
    }

    @Test
    void shouldFallBackToTheDefaultColourNamingWhy()
    {
        final MouthPalette m = MouthPalette.fallback("the photo's mouth is closed");
        assertTrue(m.sameColour(MouthPalette.DEFAULT) && !m.fromPhoto());
        assertTrue(m.origin().contains("mouth is closed"), m.origin());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new MouthPalette(1.2f, 0.5f, 0.5f, true, "x")).getMessage().contains("(0, 1]"));
    }

    /** Luma of the tooth body at a strip position, with the corner shadow divided out. */
    private static double lit(final RenderTexture atlas, final double xcm)
    {
        return luma(atlas.pixel(column(xcm), UPPER_BODY_ROW)) / MouthAtlas.cornerShade(Math.abs(xcm));
    }

    /** Atlas column of a tooth-strip position, cm (the strip spans [-3, 3] cm over the atlas width). */
    private static int column(final double xcm)
    {
        return Math.min(N - 1, (int)((xcm / 3.0 + 1) / 2 * N));
    }

    private static double luma(final int p)
    {
        return 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
    }
}
