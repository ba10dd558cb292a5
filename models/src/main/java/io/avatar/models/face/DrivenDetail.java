package io.avatar.models.face;

import io.avatar.kernels.render.DetailTexture;
import io.avatar.models.rig.ArkitBlendshape;

/**
 * A portrait's detail texture driven by rig weights: region {@code r} of the {@link DetailTexture} shows
 * {@code clamp(weights[driver(r)] / full(r), 0, 1)} of the detail texture per frame. A photo portrait's smile
 * creases: the portrait's texture has them taken out, the photo has them at the photo's own smile weight, so a driven
 * smile of that weight draws the photo's creases and the neutral none (one region per side of the face, driven by
 * {@code mouthSmileLeft} and {@code mouthSmileRight}). Immutable; any thread.
 */
public final class DrivenDetail
{
    private final DetailTexture texture;
    private final int[] drivers;
    private final float[] full;

    /**
     * @param texture the detail texture (its target, region map and region count).
     * @param drivers per region, the {@link ArkitBlendshape} index that drives it.
     * @param full    per region, the driver's weight at which the region shows all of the target (a weight of 0
     *                or less: the region never shows it).
     */
    public DrivenDetail(final DetailTexture texture, final int[] drivers, final float[] full)
    {
        if (drivers.length != texture.count() || full.length != texture.count())
        {
            throw new IllegalArgumentException("need a driver and a full weight for each of the " + texture.count()
                + " regions, got " + drivers.length + " and " + full.length);
        }
        for (int r = 0; r < drivers.length; r++)
        {
            if (drivers[r] < 0 || drivers[r] >= ArkitBlendshape.COUNT)
            {
                throw new IllegalArgumentException("region " + r + " driver " + drivers[r] + " is not a blendshape");
            }
            if (!Float.isFinite(full[r]))
            {
                throw new IllegalArgumentException("region " + r + " full weight is not finite");
            }
        }
        this.texture = texture;
        this.drivers = drivers.clone();
        this.full = full.clone();
    }

    /**
     * @return the detail texture.
     */
    public DetailTexture texture()
    {
        return texture;
    }

    /**
     * @return the number of regions.
     */
    public int regions()
    {
        return drivers.length;
    }

    /**
     * @param region  a region, 0-based.
     * @param weights the frame's rig weights, {@link ArkitBlendshape} order.
     * @return how much of the detail texture the region shows, 0 to 1. Allocation-free; any thread.
     */
    public float amount(final int region, final float[] weights)
    {
        final float f = full[region];
        if (f <= 0f)
        {
            return 0f;
        }
        return Math.max(0f, Math.min(1f, weights[drivers[region]] / f));
    }
}
