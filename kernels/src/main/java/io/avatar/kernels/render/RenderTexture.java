package io.avatar.kernels.render;

/**
 * An immutable ARGB image ({@code 0xAARRGGBB} per pixel, row-major) that renderers sample. The pixel array is copied
 * at construction, so instances may be shared by any number of renderers on any threads.
 */
public final class RenderTexture
{
    private final int width;
    private final int height;
    private final int[] argb;
    /** The texels in the renderers' 16-bit-lane layout, made on first use and shared by every renderer. */
    private volatile long[] lanes;

    /**
     * @param width  width in pixels, at least 2.
     * @param height height in pixels, at least 2.
     * @param argb   {@code width * height} pixels, copied.
     */
    public RenderTexture(final int width, final int height, final int[] argb)
    {
        if (width < 2 || height < 2)
        {
            throw new IllegalArgumentException("texture must be at least 2x2, got " + width + "x" + height);
        }
        if (argb.length != width * height)
        {
            throw new IllegalArgumentException("texture " + width + "x" + height + " needs " + width * height
                + " pixels, got " + argb.length);
        }
        this.width = width;
        this.height = height;
        this.argb = argb.clone();
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
     * @return the pixels; callers must not modify them (renderers read them on their own threads).
     */
    int[] pixels()
    {
        return argb;
    }

    /**
     * @return the texels spread into 16-bit lanes ({@code FaceRenderer.lanes}), computed once per texture so that
     *     renderers sharing a texture (the mouth atlas, a portrait shown at its own size) share them too; any thread
     *     (two threads may both compute it the first time; they get equal arrays). Callers must not modify them.
     */
    long[] lanes()
    {
        long[] l = lanes;
        if (l == null)
        {
            l = FaceRenderer.lanes(argb);
            lanes = l;
        }
        return l;
    }

    /**
     * @param x column.
     * @param y row.
     * @return the ARGB pixel.
     */
    public int pixel(final int x, final int y)
    {
        return argb[y * width + x];
    }
}
