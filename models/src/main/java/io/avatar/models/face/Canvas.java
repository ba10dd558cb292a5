package io.avatar.models.face;

/**
 * A small floating-point RGB canvas for painting generated textures at setup time: soft-edged polygons, strokes and
 * per-pixel shaders composited with alpha. Single thread.
 */
final class Canvas
{
    /** Per-pixel shader: writes a colour into {@code rgb} and returns its alpha in [0, 1]. */
    @FunctionalInterface
    interface Shader
    {
        double shade(double x, double y, double[] rgb);
    }

    private final int width;
    private final int height;
    private final double[] px;

    Canvas(final int width, final int height)
    {
        this.width = width;
        this.height = height;
        this.px = new double[3 * width * height];
    }

    int width()
    {
        return width;
    }

    int height()
    {
        return height;
    }

    /** Runs a shader over a pixel box (inclusive), compositing its colour with its alpha. */
    void paint(final double x0, final double y0, final double x1, final double y1, final Shader shader)
    {
        final int ix0 = Math.max(0, (int)Math.floor(x0));
        final int iy0 = Math.max(0, (int)Math.floor(y0));
        final int ix1 = Math.min(width - 1, (int)Math.ceil(x1));
        final int iy1 = Math.min(height - 1, (int)Math.ceil(y1));
        final double[] c = new double[3];
        for (int y = iy0; y <= iy1; y++)
        {
            for (int x = ix0; x <= ix1; x++)
            {
                final double a = shader.shade(x + 0.5, y + 0.5, c);
                if (a > 0)
                {
                    final int i = 3 * (y * width + x);
                    final double aa = Math.min(1.0, a);
                    px[i] += (c[0] - px[i]) * aa;
                    px[i + 1] += (c[1] - px[i + 1]) * aa;
                    px[i + 2] += (c[2] - px[i + 2]) * aa;
                }
            }
        }
    }

    /** Whole-canvas shader. */
    void paintAll(final Shader shader)
    {
        paint(0, 0, width - 1, height - 1, shader);
    }

    /** The current colour of a pixel (clamped coordinates). */
    void get(final int x, final int y, final double[] out)
    {
        final int i = 3 * (Math.max(0, Math.min(height - 1, y)) * width + Math.max(0, Math.min(width - 1, x)));
        out[0] = px[i];
        out[1] = px[i + 1];
        out[2] = px[i + 2];
    }

    /** Fills a polygon with a colour, edges feathered over {@code feather} pixels. */
    void fillPolygon(final double[] xs, final double[] ys, final double[] rgb, final double alpha, final double feather)
    {
        fillPolygon(xs, ys, feather, (x, y, c) ->
        {
            c[0] = rgb[0];
            c[1] = rgb[1];
            c[2] = rgb[2];
            return alpha;
        });
    }

    /** Fills a polygon through a shader whose alpha is multiplied by the feathered coverage. */
    void fillPolygon(final double[] xs, final double[] ys, final double feather, final Shader shader)
    {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < xs.length; i++)
        {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        paint(minX - feather - 1, minY - feather - 1, maxX + feather + 1, maxY + feather + 1, (x, y, c) ->
        {
            final double d = signedDistance(xs, ys, x, y);
            final double cov = smooth(-feather, feather, d);
            if (cov <= 0)
            {
                return 0;
            }
            return cov * shader.shade(x, y, c);
        });
    }

    /** Strokes a polyline with a width varying from {@code w0} at the start to {@code w1} at the end (peak {@code wm} mid). */
    void stroke(final double[] xs, final double[] ys, final double w0, final double wm, final double w1,
        final double[] rgb, final double alpha, final double feather)
    {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < xs.length; i++)
        {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        final double[] cum = new double[xs.length];
        for (int i = 1; i < xs.length; i++)
        {
            cum[i] = cum[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
        }
        final double total = Math.max(1e-9, cum[xs.length - 1]);
        final double pad = Math.max(w0, Math.max(wm, w1)) + feather + 1;
        paint(minX - pad, minY - pad, maxX + pad, maxY + pad, (x, y, c) ->
        {
            double best = Double.MAX_VALUE;
            double bestT = 0;
            for (int i = 0; i + 1 < xs.length; i++)
            {
                final double dx = xs[i + 1] - xs[i];
                final double dy = ys[i + 1] - ys[i];
                final double l2 = dx * dx + dy * dy;
                final double t = l2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - xs[i]) * dx + (y - ys[i]) * dy) / l2));
                final double ex = xs[i] + t * dx - x;
                final double ey = ys[i] + t * dy - y;
                final double d = Math.sqrt(ex * ex + ey * ey);
                if (d < best)
                {
                    best = d;
                    bestT = (cum[i] + t * Math.sqrt(l2)) / total;
                }
            }
            final double halfW = 0.5 * (bestT < 0.5 ? lerp(w0, wm, bestT * 2) : lerp(wm, w1, bestT * 2 - 1));
            final double cov = smooth(-feather, feather, halfW - best);
            c[0] = rgb[0];
            c[1] = rgb[1];
            c[2] = rgb[2];
            return cov * alpha;
        });
    }

    /** Signed distance to a polygon, positive inside (even-odd rule). */
    static double signedDistance(final double[] xs, final double[] ys, final double x, final double y)
    {
        boolean inside = false;
        double best = Double.MAX_VALUE;
        final int n = xs.length;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i])
            {
                inside = !inside;
            }
            final double dx = xs[i] - xs[j];
            final double dy = ys[i] - ys[j];
            final double l2 = dx * dx + dy * dy;
            final double t = l2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - xs[j]) * dx + (y - ys[j]) * dy) / l2));
            final double ex = xs[j] + t * dx - x;
            final double ey = ys[j] + t * dy - y;
            best = Math.min(best, ex * ex + ey * ey);
        }
        final double d = Math.sqrt(best);
        return inside ? d : -d;
    }

    static double smooth(final double e0, final double e1, final double v)
    {
        if (e1 < e0)
        {
            return 1 - smooth(e1, e0, v);
        }
        if (e1 == e0)
        {
            return v >= e0 ? 1 : 0;
        }
        final double t = Math.max(0, Math.min(1, (v - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }

    static double lerp(final double a, final double b, final double t)
    {
        return a + (b - a) * t;
    }

    /** Deterministic value noise in [0, 1] on a lattice of the given cell size. */
    static double noise(final double x, final double y, final double cell, final int seed)
    {
        final double gx = x / cell;
        final double gy = y / cell;
        final int ix = (int)Math.floor(gx);
        final int iy = (int)Math.floor(gy);
        final double fx = gx - ix;
        final double fy = gy - iy;
        final double sx = fx * fx * (3 - 2 * fx);
        final double sy = fy * fy * (3 - 2 * fy);
        final double a = hash(ix, iy, seed);
        final double b = hash(ix + 1, iy, seed);
        final double c = hash(ix, iy + 1, seed);
        final double d = hash(ix + 1, iy + 1, seed);
        return lerp(lerp(a, b, sx), lerp(c, d, sx), sy);
    }

    private static double hash(final int x, final int y, final int seed)
    {
        int h = x * 374761393 + y * 668265263 + seed * 1274126177;
        h = (h ^ (h >>> 13)) * 1274126177;
        h ^= h >>> 16;
        return (h & 0xFFFFFF) / (double)0xFFFFFF;
    }

    /** The canvas as opaque {@code 0xFFRRGGBB} pixels (sRGB-ish values in [0, 1] scaled to bytes). */
    int[] toArgb()
    {
        final int[] out = new int[width * height];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = 0xFF000000 | (toByte(px[3 * i]) << 16) | (toByte(px[3 * i + 1]) << 8) | toByte(px[3 * i + 2]);
        }
        return out;
    }

    private static int toByte(final double v)
    {
        return (int)Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
