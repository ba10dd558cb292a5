package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Fills a square NHWC float tensor from an axis-aligned square window of an image by exact area averaging, in two
 * separable passes: the detector's letterbox shrinks a whole picture (512 or 2048 pixels to 128), where
 * {@link AffineSampler}'s capped supersampling costs 16 bilinear taps per pixel and still aliases. Cost is one read
 * per source pixel in the window. Scratch grows to the largest window seen, then nothing is allocated. Not
 * thread-safe: one instance per detector.
 */
final class AreaSampler
{
    private float[] columns = new float[0];   // window rows x size x 3, after the horizontal pass
    private int[] firstPixel = new int[0];     // per output column: first source column
    private int[] pixelCount = new int[0];     // per output column: number of source columns
    private float[] weights = new float[0];    // per output column: weights, stride maxTaps
    private final float[] coverage;            // per output column: inside-image share of its footprint
    private final float[] acc;

    /**
     * @param size output side in pixels.
     */
    AreaSampler(final int size)
    {
        coverage = new float[size];
        acc = new float[3 * size];
    }

    /**
     * Samples the window {@code [x0, x0 + side) x [y0, y0 + side)} (may reach outside the image: that part reads
     * {@code padValue}) into {@code out} as {@code lo + (hi - lo) * mean / 255}. Meant for shrinking (side at
     * least 1.5 times size).
     */
    void sample(final RgbImage image, final double x0, final double y0, final double side, final int size,
        final FloatBuffer out, final float lo, final float hi, final float padValue)
    {
        final int w = image.width();
        final int h = image.height();
        final byte[] px = image.rgb();
        final double s = side / size;
        final int maxTaps = (int)Math.ceil(s) + 2;
        if (firstPixel.length < size || weights.length < size * maxTaps)
        {
            firstPixel = new int[size];
            pixelCount = new int[size];
            weights = new float[size * maxTaps];
        }
        // horizontal footprints (the vertical ones are computed on the fly with the same rule)
        for (int u = 0; u < size; u++)
        {
            coverage[u] = footprint(x0 + s * u, s, w, u, maxTaps);
        }
        // rows of the window that lie inside the image
        final int rowStart = Math.max(0, (int)Math.floor(y0));
        final int rowEnd = Math.min(h, (int)Math.ceil(y0 + side));
        final int rows = Math.max(0, rowEnd - rowStart);
        if (columns.length < rows * size * 3)
        {
            columns = new float[rows * size * 3];
        }
        for (int r = 0; r < rows; r++)
        {
            final int srcRow = (rowStart + r) * w * 3;
            final int dst = r * size * 3;
            for (int u = 0; u < size; u++)
            {
                float cr = 0;
                float cg = 0;
                float cb = 0;
                final int first = firstPixel[u];
                final int n = pixelCount[u];
                final int wo = u * maxTaps;
                for (int k = 0; k < n; k++)
                {
                    final float wk = weights[wo + k];
                    final int p = srcRow + (first + k) * 3;
                    cr += wk * (px[p] & 0xFF);
                    cg += wk * (px[p + 1] & 0xFF);
                    cb += wk * (px[p + 2] & 0xFF);
                }
                columns[dst + 3 * u] = cr;
                columns[dst + 3 * u + 1] = cg;
                columns[dst + 3 * u + 2] = cb;
            }
        }
        final float k = (hi - lo) / 255f;
        final double inv = 1.0 / s;
        for (int v = 0; v < size; v++)
        {
            final double a = y0 + s * v;
            final double b = a + s;
            final int j0 = Math.max(rowStart, (int)Math.floor(a));
            final int j1 = Math.min(rowEnd, (int)Math.ceil(b));
            Arrays.fill(acc, 0f);
            double vcov = 0;
            for (int j = j0; j < j1; j++)
            {
                final float wj = (float)((Math.min(b, j + 1) - Math.max(a, j)) * inv);
                if (wj <= 0)
                {
                    continue;
                }
                vcov += wj;
                final int row = (j - rowStart) * size * 3;
                for (int i = 0; i < 3 * size; i++)
                {
                    acc[i] += wj * columns[row + i];
                }
            }
            final int o = v * size * 3;
            for (int u = 0; u < size; u++)
            {
                final double cov = vcov * coverage[u];
                if (cov < 1e-3)
                {
                    out.put(o + 3 * u, padValue);
                    out.put(o + 3 * u + 1, padValue);
                    out.put(o + 3 * u + 2, padValue);
                    continue;
                }
                // the part of the footprint outside the image reads as padding
                final float pad = (float)(1 - cov) * padValue;
                final float norm = k;
                out.put(o + 3 * u, lo * (float)cov + norm * acc[3 * u] + pad);
                out.put(o + 3 * u + 1, lo * (float)cov + norm * acc[3 * u + 1] + pad);
                out.put(o + 3 * u + 2, lo * (float)cov + norm * acc[3 * u + 2] + pad);
            }
        }
    }

    /** Fills firstPixel/pixelCount/weights for output column u; returns the inside share of the footprint. */
    private float footprint(final double a, final double s, final int n, final int u, final int maxTaps)
    {
        final double b = a + s;
        final int i0 = Math.max(0, (int)Math.floor(a));
        final int i1 = Math.min(n, (int)Math.ceil(b));
        firstPixel[u] = i0;
        int count = 0;
        double total = 0;
        for (int i = i0; i < i1 && count < maxTaps; i++)
        {
            final double wi = (Math.min(b, i + 1) - Math.max(a, i)) / s;
            weights[u * maxTaps + count++] = (float)Math.max(0, wi);
            total += Math.max(0, wi);
        }
        pixelCount[u] = count;
        return (float)total;
    }
}
