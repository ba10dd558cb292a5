package io.avatar.models.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An 8-bit RGB raster, interleaved {@code R, G, B} per pixel, rows top to bottom without padding. The pixel array
 * is exposed and mutable so video paths can refill one image per frame without allocating; an instance is not
 * thread-safe: one thread writes it, readers run after that write (a frame hand-off gives the ordering).
 */
public final class RgbImage
{
    private final int width;
    private final int height;
    private final byte[] rgb;
    private final String name;

    /**
     * Wraps an existing array.
     *
     * @param width  width in pixels, at least 1.
     * @param height height in pixels, at least 1.
     * @param rgb    {@code width * height * 3} bytes, interleaved RGB.
     * @param name   where the pixels came from (a file name), used in error messages.
     */
    public RgbImage(final int width, final int height, final byte[] rgb, final String name)
    {
        if (width < 1 || height < 1)
        {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if ((long)width * height * 3 != rgb.length)
        {
            throw new IllegalArgumentException("image " + name + ": " + width + "x" + height + " needs "
                + ((long)width * height * 3) + " bytes, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.name = name == null ? "<image>" : name;
    }

    /**
     * Allocates a black image.
     *
     * @param width  width in pixels.
     * @param height height in pixels.
     * @param name   a name for error messages.
     * @return the image.
     */
    public static RgbImage allocate(final int width, final int height, final String name)
    {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)], name);
    }

    /**
     * Copies a {@link BufferedImage} through its sRGB {@code getRGB} view (alpha is dropped, not composited: use
     * {@link ImageLoader} for files with transparency).
     *
     * @param image the source.
     * @param name  a name for error messages.
     * @return a new RGB image.
     */
    public static RgbImage fromBufferedImage(final BufferedImage image, final String name)
    {
        final int w = image.getWidth();
        final int h = image.getHeight();
        final RgbImage out = allocate(w, h, name);
        final int[] row = new int[w];
        final byte[] dst = out.rgb;
        for (int y = 0; y < h; y++)
        {
            image.getRGB(0, y, w, 1, row, 0, w);
            int o = y * w * 3;
            for (int x = 0; x < w; x++)
            {
                final int p = row[x];
                dst[o++] = (byte)(p >> 16);
                dst[o++] = (byte)(p >> 8);
                dst[o++] = (byte)p;
            }
        }
        return out;
    }

    /**
     * @return a new {@link BufferedImage#TYPE_INT_RGB} copy, for drawing and writing files.
     */
    public BufferedImage toBufferedImage()
    {
        final BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final int[] row = new int[width];
        for (int y = 0; y < height; y++)
        {
            int o = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                row[x] = (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
                o += 3;
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    /**
     * Refills this image from a packed 24-bit frame buffer (e.g. a JavaCV/FFmpeg video frame in {@code BGR24} or
     * {@code RGB24}) of the same size, without allocating: the per-frame entry of video tracking. Owner thread.
     *
     * @param src    the pixels, read with absolute gets from index 0.
     * @param stride bytes per source row (at least {@code 3 * width}).
     * @param bgr    true when the source is in B, G, R order.
     * @return this.
     */
    public RgbImage copyFrom(final java.nio.ByteBuffer src, final int stride, final boolean bgr)
    {
        if (stride < 3 * width || (long)stride * (height - 1) + 3L * width > src.limit())
        {
            throw new IllegalArgumentException("frame buffer of " + src.limit() + " bytes with stride " + stride
                + " does not hold " + width + "x" + height + " 24-bit pixels");
        }
        int o = 0;
        for (int y = 0; y < height; y++)
        {
            final int row = y * stride;
            if (bgr)
            {
                for (int x = 0; x < width; x++)
                {
                    final int p = row + 3 * x;
                    rgb[o++] = src.get(p + 2);
                    rgb[o++] = src.get(p + 1);
                    rgb[o++] = src.get(p);
                }
            }
            else
            {
                src.get(row, rgb, o, 3 * width);
                o += 3 * width;
            }
        }
        return this;
    }

    /**
     * @return width in pixels.
     */
    public int width()
    {
        return width;
    }

    /**
     * @return height in pixels.
     */
    public int height()
    {
        return height;
    }

    /**
     * @return the interleaved RGB bytes (the live array, not a copy).
     */
    public byte[] rgb()
    {
        return rgb;
    }

    /**
     * @return where the pixels came from, for error messages.
     */
    public String name()
    {
        return name;
    }

    @Override
    public String toString()
    {
        return name + " (" + width + "x" + height + ")";
    }
}
