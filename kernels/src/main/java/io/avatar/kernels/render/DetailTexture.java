package io.avatar.kernels.render;

/**
 * A second version of a portrait texture that a renderer blends in per frame, region by region: the portrait texture
 * is drawn at amount 0 and this one at amount 1, each region of texels following its own amount (a photo portrait's
 * smile creases: the texture without them is the portrait, the photo is the target, one region per side of the face,
 * each following that side's driven smile). Texels outside every region always show the portrait. Immutable (the
 * region map is copied); any thread; may be shared by any number of renderers.
 */
public final class DetailTexture
{
    /** Most regions one detail texture may have. */
    public static final int MAX_REGIONS = 8;

    private final RenderTexture target;
    private final byte[] regions;
    private final int count;

    /**
     * @param target  the texture at amount 1, the portrait's size.
     * @param regions per texel (row-major, the target's size): 0 = never blended, {@code 1..count} = the region
     *                (copied).
     * @param count   number of regions, 1 to {@value #MAX_REGIONS}.
     */
    public DetailTexture(final RenderTexture target, final byte[] regions, final int count)
    {
        if (count < 1 || count > MAX_REGIONS)
        {
            throw new IllegalArgumentException("a detail texture needs 1 to " + MAX_REGIONS + " regions, got " + count);
        }
        if (regions.length != target.width() * target.height())
        {
            throw new IllegalArgumentException("region map has " + regions.length + " entries for a "
                + target.width() + "x" + target.height() + " texture");
        }
        for (final byte r : regions)
        {
            if (r < 0 || r > count)
            {
                throw new IllegalArgumentException("region map holds " + r + ", outside 0.." + count);
            }
        }
        this.target = target;
        this.regions = regions.clone();
        this.count = count;
    }

    /**
     * @return the texture at amount 1.
     */
    public RenderTexture target()
    {
        return target;
    }

    /**
     * @return the number of regions.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param x column.
     * @param y row.
     * @return the region of a texel (0 = none).
     */
    public int region(final int x, final int y)
    {
        return regions[y * target.width() + x];
    }
}
