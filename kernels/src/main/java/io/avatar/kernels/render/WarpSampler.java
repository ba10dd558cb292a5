package io.avatar.kernels.render;

/**
 * Samples a texture through a dense warp map, like OpenCV's {@code remap} with bilinear filtering and a transparent
 * border: the renderer's sampling step on its own (the renderer fuses it with rasterization and stores no map), for
 * resampling a recorded warp map ({@link FaceRenderer#warpX()}) and for comparing the sampler with other
 * implementations. Same filter as the renderer's fast path: 16.16 fixed-point coordinates, 8-bit weights, four
 * channels at once in 16-bit lanes. Immutable after construction; {@link #remap} may run on any number of threads
 * at once, each with its own output.
 */
public final class WarpSampler
{
    private final long[] lanes;
    private final int width;
    private final int height;
    private final int maxFu;
    private final int maxFv;

    /**
     * Spreads the texture into the sampler's lane layout. Setup time; any thread.
     *
     * @param texture the texture the maps point into.
     */
    public WarpSampler(final RenderTexture texture)
    {
        this.lanes = texture.lanes();
        this.width = texture.width();
        this.height = texture.height();
        // the largest fixed-point coordinate whose 2x2 footprint is still inside the texture
        this.maxFu = ((width - 1) << 16) - 1;
        this.maxFv = ((height - 1) << 16) - 1;
    }

    /**
     * Writes {@code out[i]} = the texture bilinearly sampled at {@code (mapX[i], mapY[i])} for {@code i} in
     * {@code [0, count)}: texel centres at +0.5 (the renderer's warp-map convention; OpenCV's map is this minus
     * 0.5), coordinates past the border clamped to the last footprint inside the texture (weight 255/256 on the
     * edge texel, as the renderer clamps), and pixels with a negative map coordinate (the
     * renderer's "nothing sampled here") left as they are. Allocation-free; any thread.
     *
     * @param mapX  x texture coordinate per output pixel.
     * @param mapY  y texture coordinate per output pixel.
     * @param out   ARGB output pixels.
     * @param count number of pixels.
     */
    public void remap(final float[] mapX, final float[] mapY, final int[] out, final int count)
    {
        if (mapX.length < count || mapY.length < count || out.length < count)
        {
            throw new IllegalArgumentException("maps and output need " + count + " entries, got " + mapX.length + ", "
                + mapY.length + " and " + out.length);
        }
        final long[] tex = lanes;
        final int tw = width;
        final int mu = maxFu;
        final int mv = maxFv;
        for (int i = 0; i < count; i++)
        {
            final float u = mapX[i];
            final float v = mapY[i];
            if (u < 0f || v < 0f)
            {
                continue;
            }
            int fu = (int)((u - 0.5f) * 65536f);
            int fv = (int)((v - 0.5f) * 65536f);
            fu = fu < 0 ? 0 : Math.min(fu, mu);
            fv = fv < 0 ? 0 : Math.min(fv, mv);
            out[i] = FaceRenderer.sampleFixedArgb(tex, tw, fu, fv);
        }
    }

    /**
     * @return texture width in pixels.
     */
    public int width()
    {
        return width;
    }

    /**
     * @return texture height in pixels.
     */
    public int height()
    {
        return height;
    }
}
