package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import java.nio.FloatBuffer;

/**
 * Fills a model's NHWC float input from an image through an affine map (crop, scale, rotation and letterbox in one
 * pass), with bilinear taps and, when shrinking, n x n supersampling so a 2000-pixel face does not reach a 192-pixel
 * model as aliased noise. Stateless and allocation-free; any thread, one output buffer per thread.
 */
final class AffineSampler
{
    private static final int MAX_TAPS_PER_AXIS = 4;

    private AffineSampler()
    {
    }

    /**
     * Samples {@code out[(v * size + u) * 3 + c] = lo + (hi - lo) * I(m(u + 0.5, v + 0.5)) / 255}, where m maps
     * output coordinates to image coordinates: {@code x = m[0] u + m[1] v + m[2]}, {@code y = m[3] u + m[4] v + m[5]}
     * (image pixel (i, j) has its centre at (i + 0.5, j + 0.5)).
     *
     * @param image     the source image.
     * @param m         the affine map, 6 numbers.
     * @param size      output width and height in pixels.
     * @param out       the tensor, {@code size * size * 3} floats.
     * @param lo        value for intensity 0.
     * @param hi        value for intensity 255.
     * @param padOutside true to write {@code padValue} outside the image (letterbox), false to repeat the edge.
     * @param padValue  the value written outside the image when padding.
     */
    static void sample(final RgbImage image, final double[] m, final int size, final FloatBuffer out,
        final float lo, final float hi, final boolean padOutside, final float padValue)
    {
        final int w = image.width();
        final int h = image.height();
        final byte[] px = image.rgb();
        final float k = (hi - lo) / 255f;
        // source pixels per output pixel along each output axis decides the supersampling
        final double su = Math.hypot(m[0], m[3]);
        final double sv = Math.hypot(m[1], m[4]);
        final int n = (int)Math.max(1, Math.min(MAX_TAPS_PER_AXIS, Math.ceil(Math.max(su, sv) - 1e-6)));
        if (n == 1)
        {
            sampleOneTap(image, m, size, out, lo, k, padOutside, padValue);
            return;
        }
        final float inv = 1f / (n * n);
        int o = 0;
        for (int v = 0; v < size; v++)
        {
            for (int u = 0; u < size; u++)
            {
                final double cu = u + 0.5;
                final double cv = v + 0.5;
                final double cx = m[0] * cu + m[1] * cv + m[2];
                final double cy = m[3] * cu + m[4] * cv + m[5];
                if (padOutside && (cx < 0 || cy < 0 || cx >= w || cy >= h))
                {
                    out.put(o, padValue);
                    out.put(o + 1, padValue);
                    out.put(o + 2, padValue);
                    o += 3;
                    continue;
                }
                float r = 0;
                float g = 0;
                float b = 0;
                for (int j = 0; j < n; j++)
                {
                    final double dv = (j + 0.5) / n - 0.5;
                    for (int i = 0; i < n; i++)
                    {
                        final double du = (i + 0.5) / n - 0.5;
                        // continuous coordinate -> index space (pixel centres at integers)
                        final double x = cx + m[0] * du + m[1] * dv - 0.5;
                        final double y = cy + m[3] * du + m[4] * dv - 0.5;
                        final double xf = Math.floor(x);
                        final double yf = Math.floor(y);
                        final float ax = (float)(x - xf);
                        final float ay = (float)(y - yf);
                        final int x0 = clamp((int)xf, w);
                        final int x1 = clamp((int)xf + 1, w);
                        final int y0 = clamp((int)yf, h);
                        final int y1 = clamp((int)yf + 1, h);
                        final int p00 = (y0 * w + x0) * 3;
                        final int p01 = (y0 * w + x1) * 3;
                        final int p10 = (y1 * w + x0) * 3;
                        final int p11 = (y1 * w + x1) * 3;
                        final float w00 = (1 - ax) * (1 - ay);
                        final float w01 = ax * (1 - ay);
                        final float w10 = (1 - ax) * ay;
                        final float w11 = ax * ay;
                        r += w00 * (px[p00] & 0xFF) + w01 * (px[p01] & 0xFF) + w10 * (px[p10] & 0xFF)
                            + w11 * (px[p11] & 0xFF);
                        g += w00 * (px[p00 + 1] & 0xFF) + w01 * (px[p01 + 1] & 0xFF) + w10 * (px[p10 + 1] & 0xFF)
                            + w11 * (px[p11 + 1] & 0xFF);
                        b += w00 * (px[p00 + 2] & 0xFF) + w01 * (px[p01 + 2] & 0xFF) + w10 * (px[p10 + 2] & 0xFF)
                            + w11 * (px[p11 + 2] & 0xFF);
                    }
                }
                out.put(o, lo + k * r * inv);
                out.put(o + 1, lo + k * g * inv);
                out.put(o + 2, lo + k * b * inv);
                o += 3;
            }
        }
    }

    /**
     * The common case of the face-mesh crop (no shrinking): one bilinear tap per pixel, coordinates stepped
     * incrementally, edge clamping only for taps near the border.
     */
    private static void sampleOneTap(final RgbImage image, final double[] m, final int size, final FloatBuffer out,
        final float lo, final float k, final boolean padOutside, final float padValue)
    {
        final int w = image.width();
        final int h = image.height();
        final byte[] px = image.rgb();
        final int stride = 3 * w;
        final double m0 = m[0];
        final double m3 = m[3];
        int o = 0;
        for (int v = 0; v < size; v++)
        {
            // index-space coordinate (pixel centres at integers) of the first output pixel of the row
            double x = m0 * 0.5 + m[1] * (v + 0.5) + m[2] - 0.5;
            double y = m3 * 0.5 + m[4] * (v + 0.5) + m[5] - 0.5;
            for (int u = 0; u < size; u++, x += m0, y += m3, o += 3)
            {
                if (x >= 0 && y >= 0 && x < w - 1 && y < h - 1)
                {
                    final int xi = (int)x;
                    final int yi = (int)y;
                    final float ax = (float)(x - xi);
                    final float ay = (float)(y - yi);
                    final int p00 = yi * stride + 3 * xi;
                    final int p10 = p00 + stride;
                    final float w00 = (1 - ax) * (1 - ay);
                    final float w01 = ax * (1 - ay);
                    final float w10 = (1 - ax) * ay;
                    final float w11 = ax * ay;
                    out.put(o, lo + k * (w00 * (px[p00] & 0xFF) + w01 * (px[p00 + 3] & 0xFF)
                        + w10 * (px[p10] & 0xFF) + w11 * (px[p10 + 3] & 0xFF)));
                    out.put(o + 1, lo + k * (w00 * (px[p00 + 1] & 0xFF) + w01 * (px[p00 + 4] & 0xFF)
                        + w10 * (px[p10 + 1] & 0xFF) + w11 * (px[p10 + 4] & 0xFF)));
                    out.put(o + 2, lo + k * (w00 * (px[p00 + 2] & 0xFF) + w01 * (px[p00 + 5] & 0xFF)
                        + w10 * (px[p10 + 2] & 0xFF) + w11 * (px[p10 + 5] & 0xFF)));
                    continue;
                }
                // continuous coordinate of the pixel centre, for the outside test
                if (padOutside && (x + 0.5 < 0 || y + 0.5 < 0 || x + 0.5 >= w || y + 0.5 >= h))
                {
                    out.put(o, padValue);
                    out.put(o + 1, padValue);
                    out.put(o + 2, padValue);
                    continue;
                }
                final double xf = Math.floor(x);
                final double yf = Math.floor(y);
                final float ax = (float)(x - xf);
                final float ay = (float)(y - yf);
                final int x0 = clamp((int)xf, w);
                final int x1 = clamp((int)xf + 1, w);
                final int y0 = clamp((int)yf, h);
                final int y1 = clamp((int)yf + 1, h);
                for (int c = 0; c < 3; c++)
                {
                    final float v00 = px[(y0 * w + x0) * 3 + c] & 0xFF;
                    final float v01 = px[(y0 * w + x1) * 3 + c] & 0xFF;
                    final float v10 = px[(y1 * w + x0) * 3 + c] & 0xFF;
                    final float v11 = px[(y1 * w + x1) * 3 + c] & 0xFF;
                    out.put(o + c, lo + k * ((1 - ax) * (1 - ay) * v00 + ax * (1 - ay) * v01 + (1 - ax) * ay * v10
                        + ax * ay * v11));
                }
            }
        }
    }

    private static int clamp(final int i, final int n)
    {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }
}
