package io.avatar.models.image;

/**
 * Downscaling by exact area averaging (each output pixel is the mean of the source area it covers, with fractional
 * edge weights), the resampling that does not alias fine texture such as hair or fabric into moiré. Stateless and
 * thread-safe; allocates its result and one float scratch plane (not for per-frame use).
 */
public final class AreaResize
{
    private AreaResize()
    {
    }

    /**
     * Resizes to the given size; meant for shrinking (enlarging works but is a nearest-neighbour blow-up).
     *
     * @param src    the source.
     * @param width  output width, 1..src width.
     * @param height output height, 1..src height.
     * @return a new image.
     */
    public static RgbImage resize(final RgbImage src, final int width, final int height)
    {
        if (width < 1 || height < 1)
        {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        final int sw = src.width();
        final int sh = src.height();
        final byte[] s = src.rgb();
        // horizontal pass: sw x sh bytes -> width x sh floats
        final float[] tmp = new float[width * sh * 3];
        final double fx = (double)sw / width;
        for (int x = 0; x < width; x++)
        {
            final double a = x * fx;
            final double b = Math.min(sw, (x + 1) * fx);
            final int i0 = (int)a;
            final int i1 = Math.min(sw - 1, (int)Math.ceil(b) - 1);
            final double inv = 1.0 / (b - a);
            for (int i = i0; i <= i1; i++)
            {
                final float wgt = (float)((Math.min(b, i + 1) - Math.max(a, i)) * inv);
                if (wgt <= 0)
                {
                    continue;
                }
                for (int y = 0; y < sh; y++)
                {
                    final int si = (y * sw + i) * 3;
                    final int ti = (y * width + x) * 3;
                    tmp[ti] += wgt * (s[si] & 0xFF);
                    tmp[ti + 1] += wgt * (s[si + 1] & 0xFF);
                    tmp[ti + 2] += wgt * (s[si + 2] & 0xFF);
                }
            }
        }
        // vertical pass: width x sh floats -> width x height bytes
        final RgbImage out = RgbImage.allocate(width, height, src.name());
        final byte[] d = out.rgb();
        final float[] acc = new float[width * 3];
        final double fy = (double)sh / height;
        for (int y = 0; y < height; y++)
        {
            final double a = y * fy;
            final double b = Math.min(sh, (y + 1) * fy);
            final int j0 = (int)a;
            final int j1 = Math.min(sh - 1, (int)Math.ceil(b) - 1);
            final double inv = 1.0 / (b - a);
            java.util.Arrays.fill(acc, 0f);
            for (int j = j0; j <= j1; j++)
            {
                final float wgt = (float)((Math.min(b, j + 1) - Math.max(a, j)) * inv);
                if (wgt <= 0)
                {
                    continue;
                }
                final int row = j * width * 3;
                for (int k = 0; k < width * 3; k++)
                {
                    acc[k] += wgt * tmp[row + k];
                }
            }
            final int o = y * width * 3;
            for (int k = 0; k < width * 3; k++)
            {
                d[o + k] = (byte)Math.min(255, Math.max(0, Math.round(acc[k])));
            }
        }
        return out;
    }
}
