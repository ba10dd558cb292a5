package io.avatar.kernels.render;

/**
 * RGB to I420 (planar Y, U, V; chroma subsampled 2x2) with BT.601 limited-range coefficients in integer arithmetic.
 * Stateless and allocation-free; any thread.
 */
public final class I420Converter
{
    private I420Converter()
    {
    }

    /**
     * @param rgb    {@code 0x??RRGGBB} pixels, row-major.
     * @param width  even width.
     * @param height even height.
     * @param dst    {@code width * height * 3 / 2} bytes.
     */
    public static void convert(final int[] rgb, final int width, final int height, final byte[] dst)
    {
        if ((width & 1) != 0 || (height & 1) != 0)
        {
            throw new IllegalArgumentException("I420 needs even dimensions, got " + width + "x" + height);
        }
        final int ySize = width * height;
        if (dst.length < ySize * 3 / 2 || rgb.length < ySize)
        {
            throw new IllegalArgumentException("I420 buffer needs " + ySize * 3 / 2 + " bytes, got " + dst.length);
        }
        for (int i = 0; i < ySize; i++)
        {
            final int p = rgb[i];
            final int r = (p >> 16) & 0xFF;
            final int g = (p >> 8) & 0xFF;
            final int b = p & 0xFF;
            dst[i] = (byte)(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
        }
        final int cw = width >> 1;
        final int uOff = ySize;
        final int vOff = ySize + (ySize >> 2);
        for (int cy = 0; cy < (height >> 1); cy++)
        {
            final int row = 2 * cy * width;
            for (int cx = 0; cx < cw; cx++)
            {
                final int i = row + 2 * cx;
                final int p0 = rgb[i];
                final int p1 = rgb[i + 1];
                final int p2 = rgb[i + width];
                final int p3 = rgb[i + width + 1];
                final int r = (((p0 >> 16) & 0xFF) + ((p1 >> 16) & 0xFF) + ((p2 >> 16) & 0xFF) + ((p3 >> 16) & 0xFF) + 2) >> 2;
                final int g = (((p0 >> 8) & 0xFF) + ((p1 >> 8) & 0xFF) + ((p2 >> 8) & 0xFF) + ((p3 >> 8) & 0xFF) + 2) >> 2;
                final int b = ((p0 & 0xFF) + (p1 & 0xFF) + (p2 & 0xFF) + (p3 & 0xFF) + 2) >> 2;
                dst[uOff + cy * cw + cx] = (byte)(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                dst[vOff + cy * cw + cx] = (byte)(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
            }
        }
    }
}
