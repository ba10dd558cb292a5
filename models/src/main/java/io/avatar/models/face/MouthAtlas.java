package io.avatar.models.face;

import io.avatar.kernels.render.RenderTexture;

/**
 * Generates the mouth-interior texture (with alpha) that the rig's interior vertices map into: the dark cavity, the
 * upper teeth (gum on top, biting edge at the bottom), the lower teeth (biting edge on top) and the tongue (tip on
 * top). Rows follow the rig's atlas rectangles ({@code RigBuilder.ATLAS_*}): cavity v in [0, 0.5), upper teeth
 * [0.5, 0.625), lower teeth [0.625, 0.75), tongue [0.75, 1]. Teeth columns follow the rig's teeth strips, which span
 * x in [-3, 3] cm; the tongue spans [-1.9, 1.9] cm. The teeth take their colour from a {@link MouthPalette} (a
 * photo's own teeth, or the default ivory); their shading is multiplicative and soft, because a tooth is drawn only
 * 4-16 px wide (512-1024 output) from about 55 texels without mipmaps: a seam between two teeth is a few percent
 * darker, never a dark line, and shadows warm rather than grey the colour. Deterministic; setup time, any thread.
 */
public final class MouthAtlas
{
    /** Atlas side in pixels. */
    public static final int SIZE = 512;

    private static final double TEETH_HALF_WIDTH = 3.0;
    private static final double[] UPPER_TOOTH_EDGES = {0.0, 0.85, 1.5, 2.2, 2.85, 3.5};
    private static final double[] LOWER_TOOTH_EDGES = {0.0, 0.55, 1.1, 1.7, 2.35, 3.0, 3.6};
    /** Darkening of a tooth's face toward its sides (convexity), relative to its middle. */
    static final double ROUND_DARKENING = 0.03;
    /** Extra darkening at the seam between two teeth. */
    static final double GAP_DARKENING = 0.03;
    /**
     * Depth of the notch between two teeth's biting edges (incisal embrasure), as a fraction of the band height: the
     * cavity shows through it, which is where real teeth look separate; their faces meet with only a faint seam.
     */
    static final double UPPER_NOTCH = 0.06;
    /** The same for the lower teeth. */
    static final double LOWER_NOTCH = 0.05;
    /** Half-width of the seam, as a fraction of the tooth's width. */
    static final double GAP_WIDTH = 0.2;
    /** Darkening of the teeth at the mouth corners relative to the middle. */
    static final double CORNER_DARKENING = 0.7;
    /** How the corner shadow grows with the distance from the middle (a power: the front teeth stay lit). */
    static final double CORNER_POWER = 2.2;
    /**
     * Brightness of the lower teeth relative to the upper ones: in a smile they stand in the shadow of the upper
     * teeth and lip, a dark band under the bright upper row (as on the astronaut photo), not a second bright row.
     */
    static final double LOWER_SHADE = 0.62;

    private MouthAtlas()
    {
    }

    /**
     * @return the atlas with the default ivory teeth ({@link MouthPalette#DEFAULT}).
     */
    public static RenderTexture generate()
    {
        return generate(MouthPalette.DEFAULT);
    }

    /**
     * @param palette the tooth colour (and through its {@link MouthPalette#exposure()} the brightness of the gums,
     *                cavity and tongue).
     * @return the generated atlas.
     */
    public static RenderTexture generate(final MouthPalette palette)
    {
        final double[] tooth = {palette.red(), palette.green(), palette.blue()};
        final double exposure = palette.exposure();
        final int[] px = new int[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++)
        {
            final double v = (y + 0.5) / SIZE;
            for (int x = 0; x < SIZE; x++)
            {
                final double u = (x + 0.5) / SIZE;
                final double[] c;
                if (v < 0.5)
                {
                    c = cavity(u, v / 0.5, exposure);
                }
                else if (v < 0.625)
                {
                    c = upperTooth(u, (v - 0.5) / 0.125, tooth, exposure);
                }
                else if (v < 0.75)
                {
                    c = lowerTooth(u, (v - 0.625) / 0.125, tooth, exposure);
                }
                else
                {
                    c = tongue(u, (v - 0.75) / 0.25, exposure);
                }
                px[y * SIZE + x] = argb(c);
            }
        }
        return new RenderTexture(SIZE, SIZE, px);
    }

    private static double[] cavity(final double u, final double t, final double exposure)
    {
        final double side = Math.pow(Math.abs(2 * u - 1), 2.0);
        final double deep = Math.exp(-sq((t - 0.55) / 0.3));
        final double k = exposure * (1 - 0.55 * side);
        final double r = Canvas.lerp(0.34, 0.12, deep) * k;
        final double g = Canvas.lerp(0.11, 0.025, deep) * k;
        final double b = Canvas.lerp(0.12, 0.035, deep) * k;
        return new double[]{r, g, b, 1};
    }

    /** Tooth index and position in [0, 1] across the tooth at |x|. */
    private static double[] toothAt(final double ax, final double[] edges)
    {
        for (int k = 0; k + 1 < edges.length; k++)
        {
            if (ax < edges[k + 1])
            {
                return new double[]{k, (ax - edges[k]) / (edges[k + 1] - edges[k])};
            }
        }
        return new double[]{edges.length - 1, 1.0};
    }

    /**
     * Shading of a tooth's face across its width: a gently convex face plus a faint seam where two teeth meet. A
     * tooth is drawn 4-16 px wide from 50-60 atlas texels (no mipmaps), so the seam is a broad, shallow dip that
     * survives that minification as a barely visible line instead of aliasing into a dark bar.
     *
     * @param s position across the tooth, 0-1.
     * @return the factor, 1 at the tooth's middle, about {@code 1 - ROUND_DARKENING - GAP_DARKENING} at the seam.
     */
    static double seam(final double s)
    {
        final double c = sq(2 * s - 1);
        final double round = 1 - ROUND_DARKENING * c;
        final double gap = 1 - GAP_DARKENING * (1 - Canvas.smooth(0.0, GAP_WIDTH, Math.min(s, 1 - s)));
        return round * gap;
    }

    /**
     * Shadow toward the mouth corners (the teeth curve back into the mouth, the buccal corridor is dark on a smiling
     * photo): 1 at the middle, smooth and monotonic, 0.3 at the strip's ends.
     */
    static double cornerShade(final double ax)
    {
        return 1 - CORNER_DARKENING * Math.pow(Math.min(1, ax / TEETH_HALF_WIDTH), CORNER_POWER);
    }

    /**
     * The tooth colour under a shading factor. Shadow inside a mouth is lit by the red cavity, so green and blue
     * fall a little faster than red: shaded teeth turn a warm grey, never grey-blue or olive.
     */
    private static double[] shaded(final double[] tooth, final double sh, final double alpha)
    {
        return new double[]{tooth[0] * Math.pow(sh, 0.85), tooth[1] * Math.pow(sh, 1.05), tooth[2] * Math.pow(sh, 1.05),
            alpha};
    }

    /** Canines and premolars are a touch darker and yellower than incisors (no two teeth quite alike). */
    private static double[] toothTint(final double[] tooth, final boolean canine, final int k)
    {
        final double l = canine ? 0.98 : 1 - 0.01 * k;
        final double y = canine ? 0.95 : 1 - 0.01 * k;
        return new double[]{tooth[0] * l, tooth[1] * l * (0.5 + 0.5 * y), tooth[2] * l * y};
    }

    private static double[] upperTooth(final double u, final double t, final double[] tooth, final double exposure)
    {
        final double xcm = (2 * u - 1) * TEETH_HALF_WIDTH;
        final double ax = Math.abs(xcm);
        final double[] ts = toothAt(ax, UPPER_TOOTH_EDGES);
        final int k = (int)ts[0];
        final double s = ts[1];
        final double c2 = sq(2 * s - 1);
        // biting edge: incisors long, canine pointed, the corners of each tooth rounded into a small V-shaped notch
        // (embrasure) where the cavity shows through; the faces themselves meet with only a faint seam
        final double edge = (k == 0 ? 0.95 : k == 1 ? 0.91 : k == 2 ? 0.94 : 0.89) - UPPER_NOTCH * c2 * c2;
        final double gum = 0.3 - 0.08 * (1 - c2);
        final double alpha = Canvas.smooth(edge + 0.015, edge - 0.015, t);
        final double depth = cornerShade(ax);
        if (t < gum)
        {
            final double gs = exposure * depth * (0.78 + 0.22 * t / gum);
            return new double[]{0.80 * gs, 0.45 * gs, 0.46 * gs, alpha};
        }
        final double gumShadow = 1 - 0.14 * Canvas.smooth(gum + 0.1, gum, t);
        // thinner enamel toward the biting edge: slightly darker, not bluer
        final double tip = 1 - 0.05 * Canvas.smooth(edge - 0.2, edge, t);
        return shaded(toothTint(tooth, k == 2, k), depth * seam(s) * gumShadow * tip, alpha);
    }

    private static double[] lowerTooth(final double u, final double t, final double[] tooth, final double exposure)
    {
        final double xcm = (2 * u - 1) * TEETH_HALF_WIDTH;
        final double ax = Math.abs(xcm);
        final double[] ts = toothAt(ax, LOWER_TOOTH_EDGES);
        final int k = (int)ts[0];
        final double s = ts[1];
        final double c2 = sq(2 * s - 1);
        final double edge = 0.06 + LOWER_NOTCH * c2 * c2;
        final double alpha = Canvas.smooth(edge - 0.015, edge + 0.015, t);
        // the lower teeth stand in the upper lip's and teeth's shadow
        final double depth = LOWER_SHADE * cornerShade(ax);
        final double gum = 0.72 + 0.08 * (1 - c2);
        if (t > gum)
        {
            final double gs = exposure * depth;
            return new double[]{0.74 * gs, 0.41 * gs, 0.42 * gs, alpha};
        }
        final double gumShadow = 1 - 0.14 * Canvas.smooth(gum - 0.15, gum, t);
        return shaded(toothTint(tooth, k == 2, k), depth * seam(s) * gumShadow, alpha);
    }

    private static double[] tongue(final double u, final double t, final double exposure)
    {
        final double e = 2 * u - 1;
        final double edge = 0.06 + 0.45 * e * e;
        final double alpha = Canvas.smooth(edge - 0.02, edge + 0.02, t) * Canvas.smooth(1.0, 0.93, Math.abs(e));
        final double groove = 1 - 0.25 * Math.exp(-sq(e / 0.08)) * Canvas.smooth(0.1, 0.3, t);
        final double back = 1 - 0.55 * t;
        final double hi = 0.08 * Math.exp(-sq(e / 0.35) - sq((t - 0.2) / 0.1));
        final double sh = groove * back * exposure;
        return new double[]{0.80 * sh + hi, 0.38 * sh + hi, 0.40 * sh + hi, alpha};
    }

    private static double sq(final double v)
    {
        return v * v;
    }

    private static int argb(final double[] c)
    {
        return (b(c[3]) << 24) | (b(c[0]) << 16) | (b(c[1]) << 8) | b(c[2]);
    }

    private static int b(final double v)
    {
        return (int)Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
