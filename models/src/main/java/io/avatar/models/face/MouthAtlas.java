package io.avatar.models.face;

import io.avatar.kernels.render.RenderTexture;

/**
 * Generates the mouth-interior texture (with alpha) that the rig's interior vertices map into: the dark cavity, the
 * upper teeth (gum on top, biting edge at the bottom), the lower teeth (biting edge on top) and the tongue (tip on
 * top). Rows follow the rig's atlas rectangles ({@code RigBuilder.ATLAS_*}): cavity v in [0, 0.5), upper teeth
 * [0.5, 0.625), lower teeth [0.625, 0.75), tongue [0.75, 1]. Teeth columns follow the rig's teeth strips, which span
 * x in [-3, 3] cm; the tongue spans [-1.9, 1.9] cm. Deterministic; setup time, any thread.
 */
public final class MouthAtlas
{
    /** Atlas side in pixels. */
    public static final int SIZE = 512;

    private static final double TEETH_HALF_WIDTH = 3.0;
    private static final double[] UPPER_TOOTH_EDGES = {0.0, 0.85, 1.5, 2.2, 2.85, 3.5};
    private static final double[] LOWER_TOOTH_EDGES = {0.0, 0.55, 1.1, 1.7, 2.35, 3.0, 3.6};

    private MouthAtlas()
    {
    }

    /**
     * @return the generated atlas.
     */
    public static RenderTexture generate()
    {
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
                    c = cavity(u, v / 0.5);
                }
                else if (v < 0.625)
                {
                    c = upperTooth(u, (v - 0.5) / 0.125);
                }
                else if (v < 0.75)
                {
                    c = lowerTooth(u, (v - 0.625) / 0.125);
                }
                else
                {
                    c = tongue(u, (v - 0.75) / 0.25);
                }
                px[y * SIZE + x] = argb(c);
            }
        }
        return new RenderTexture(SIZE, SIZE, px);
    }

    private static double[] cavity(final double u, final double t)
    {
        final double side = Math.pow(Math.abs(2 * u - 1), 2.0);
        final double deep = Math.exp(-sq((t - 0.55) / 0.3));
        final double r = Canvas.lerp(0.34, 0.12, deep) * (1 - 0.55 * side);
        final double g = Canvas.lerp(0.11, 0.025, deep) * (1 - 0.55 * side);
        final double b = Canvas.lerp(0.12, 0.035, deep) * (1 - 0.55 * side);
        return new double[]{r, g, b, 1};
    }

    /** Tooth index parity and position in [0, 1] across the tooth at |x|. */
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

    private static double[] upperTooth(final double u, final double t)
    {
        final double xcm = (2 * u - 1) * TEETH_HALF_WIDTH;
        final double ax = Math.abs(xcm);
        final double[] ts = toothAt(ax, UPPER_TOOTH_EDGES);
        final int k = (int)ts[0];
        final double s = ts[1];
        final double c2 = sq(2 * s - 1);
        final double edge = (k == 0 ? 0.95 : k == 1 ? 0.9 : k == 2 ? 0.93 : 0.88) - 0.06 * c2 * c2;
        final double gum = 0.3 - 0.08 * (1 - c2);
        final double alpha = Canvas.smooth(edge + 0.012, edge - 0.012, t);
        final double depth = 1 - 0.5 * Math.pow(Math.min(1, ax / TEETH_HALF_WIDTH), 1.4);
        if (t < gum)
        {
            final double gs = depth * (0.75 + 0.25 * t / gum);
            return new double[]{0.80 * gs, 0.42 * gs, 0.45 * gs, alpha};
        }
        final double round = 1 - 0.22 * c2;
        final double gap = 0.5 + 0.5 * Canvas.smooth(0.0, 0.07, Math.min(s, 1 - s));
        final double tipBlue = Canvas.smooth(edge - 0.25, edge, t) * 0.08;
        final double gumShadow = 1 - 0.3 * Canvas.smooth(gum + 0.12, gum, t);
        final double sh = depth * round * gap * gumShadow;
        return new double[]{(0.97 - tipBlue) * sh, (0.95 - tipBlue * 0.5) * sh, 0.89 * sh, alpha};
    }

    private static double[] lowerTooth(final double u, final double t)
    {
        final double xcm = (2 * u - 1) * TEETH_HALF_WIDTH;
        final double ax = Math.abs(xcm);
        final double[] ts = toothAt(ax, LOWER_TOOTH_EDGES);
        final double s = ts[1];
        final double c2 = sq(2 * s - 1);
        final double edge = 0.06 + 0.05 * c2 * c2;
        final double alpha = Canvas.smooth(edge - 0.015, edge + 0.015, t);
        final double depth = 0.8 * (1 - 0.5 * Math.pow(Math.min(1, ax / TEETH_HALF_WIDTH), 1.4));
        final double gum = 0.72 + 0.08 * (1 - c2);
        if (t > gum)
        {
            return new double[]{0.72 * depth, 0.38 * depth, 0.41 * depth, alpha};
        }
        final double round = 1 - 0.22 * c2;
        final double gap = 0.5 + 0.5 * Canvas.smooth(0.0, 0.08, Math.min(s, 1 - s));
        final double sh = depth * round * gap * (1 - 0.25 * Canvas.smooth(gum - 0.15, gum, t));
        return new double[]{0.95 * sh, 0.93 * sh, 0.87 * sh, alpha};
    }

    private static double[] tongue(final double u, final double t)
    {
        final double e = 2 * u - 1;
        final double edge = 0.06 + 0.45 * e * e;
        final double alpha = Canvas.smooth(edge - 0.02, edge + 0.02, t) * Canvas.smooth(1.0, 0.93, Math.abs(e));
        final double groove = 1 - 0.25 * Math.exp(-sq(e / 0.08)) * Canvas.smooth(0.1, 0.3, t);
        final double back = 1 - 0.55 * t;
        final double hi = 0.08 * Math.exp(-sq(e / 0.35) - sq((t - 0.2) / 0.1));
        final double sh = groove * back;
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
