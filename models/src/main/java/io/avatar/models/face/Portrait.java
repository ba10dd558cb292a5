package io.avatar.models.face;

import io.avatar.kernels.render.RenderCamera;
import io.avatar.kernels.render.RenderTexture;

/**
 * What the renderer needs to animate one face: the texture image (a photo, or the built-in avatar's generated
 * portrait), where each of the 468 face landmarks lies in it (pixels), the identity shape (per-landmark offsets from
 * the canonical mesh, cm), the rest camera that projects that shape onto the image, and the static background shown
 * where nothing moves. A fitted photo provides its detected landmarks and fitted shape and pose; the built-in avatar
 * provides the projection of its own shape. It also names the colours of its mouth interior ({@link MouthPalette}:
 * a photo's own tooth colour, or the default ivory), which {@link MouthAtlas#generate(MouthPalette)} turns into the
 * atlas. A photo portrait may carry a {@link DrivenDetail}: texture detail the renderer blends in per frame with the
 * driven weights (the photo's smile creases). Immutable.
 */
public final class Portrait
{
    private final RenderTexture image;
    private final RenderTexture background;
    private final float[] landmarkPixels;
    private final float[] identityOffsets;
    private final RenderCamera camera;
    private final MouthPalette mouthPalette;
    private final DrivenDetail detail;

    /**
     * A portrait with the default mouth colours ({@link MouthPalette#DEFAULT}).
     *
     * @param image           the texture (reference frame of the camera).
     * @param background      the static background (usually the same image), stretched over the reference frame.
     * @param landmarkPixels  468 {@code x, y} pairs in image pixels.
     * @param identityOffsets 468 {@code dx, dy, dz} offsets from the canonical mesh, cm.
     * @param camera          rest camera; its reference frame must match the image size.
     */
    public Portrait(final RenderTexture image, final RenderTexture background, final float[] landmarkPixels,
        final float[] identityOffsets, final RenderCamera camera)
    {
        this(image, background, landmarkPixels, identityOffsets, camera, MouthPalette.DEFAULT);
    }

    /**
     * @param image           the texture (reference frame of the camera).
     * @param background      the static background (usually the same image), stretched over the reference frame.
     * @param landmarkPixels  468 {@code x, y} pairs in image pixels.
     * @param identityOffsets 468 {@code dx, dy, dz} offsets from the canonical mesh, cm.
     * @param camera          rest camera; its reference frame must match the image size.
     * @param mouthPalette    the colours of the mouth interior (e.g. measured on the photo).
     */
    public Portrait(final RenderTexture image, final RenderTexture background, final float[] landmarkPixels,
        final float[] identityOffsets, final RenderCamera camera, final MouthPalette mouthPalette)
    {
        this(image, background, landmarkPixels, identityOffsets, camera, mouthPalette, null);
    }

    /**
     * @param image           the texture (reference frame of the camera) as drawn with no detail.
     * @param background      the static background (usually the same image), stretched over the reference frame.
     * @param landmarkPixels  468 {@code x, y} pairs in image pixels.
     * @param identityOffsets 468 {@code dx, dy, dz} offsets from the canonical mesh, cm.
     * @param camera          rest camera; its reference frame must match the image size.
     * @param mouthPalette    the colours of the mouth interior (e.g. measured on the photo).
     * @param detail          texture detail driven by the rig weights (the image's size), or null for none.
     */
    public Portrait(final RenderTexture image, final RenderTexture background, final float[] landmarkPixels,
        final float[] identityOffsets, final RenderCamera camera, final MouthPalette mouthPalette,
        final DrivenDetail detail)
    {
        if (detail != null && (detail.texture().target().width() != image.width()
            || detail.texture().target().height() != image.height()))
        {
            throw new IllegalArgumentException("detail texture " + detail.texture().target().width() + "x"
                + detail.texture().target().height() + " differs from the image " + image.width() + "x"
                + image.height());
        }
        if (mouthPalette == null)
        {
            throw new IllegalArgumentException("a portrait needs a mouth palette (MouthPalette.DEFAULT when unknown)");
        }
        if (landmarkPixels.length != 2 * CanonicalFaceMesh.VERTEX_COUNT)
        {
            throw new IllegalArgumentException("need 468 landmark x,y pairs, got " + landmarkPixels.length + " numbers");
        }
        if (identityOffsets.length != 3 * CanonicalFaceMesh.VERTEX_COUNT)
        {
            throw new IllegalArgumentException("need 468 identity offsets (x,y,z), got " + identityOffsets.length
                + " numbers");
        }
        if (camera.refWidth() != image.width() || camera.refHeight() != image.height())
        {
            throw new IllegalArgumentException("camera reference frame " + camera.refWidth() + "x" + camera.refHeight()
                + " differs from the image " + image.width() + "x" + image.height());
        }
        for (final float f : landmarkPixels)
        {
            if (!Float.isFinite(f))
            {
                throw new IllegalArgumentException("landmark pixels contain a non-finite value");
            }
        }
        this.image = image;
        this.background = background;
        this.landmarkPixels = landmarkPixels.clone();
        this.identityOffsets = identityOffsets.clone();
        this.camera = camera;
        this.mouthPalette = mouthPalette;
        this.detail = detail;
    }

    /**
     * @return the texture image.
     */
    public RenderTexture image()
    {
        return image;
    }

    /**
     * @return the static background.
     */
    public RenderTexture background()
    {
        return background;
    }

    /**
     * @return a copy of the landmark positions in the image, pixels.
     */
    public float[] landmarkPixels()
    {
        return landmarkPixels.clone();
    }

    /**
     * @return a copy of the identity offsets, cm.
     */
    public float[] identityOffsets()
    {
        return identityOffsets.clone();
    }

    /**
     * @return the rest camera.
     */
    public RenderCamera camera()
    {
        return camera;
    }

    /**
     * @return the texture detail the renderer blends in per frame from the driven weights, or null when none.
     */
    public DrivenDetail detail()
    {
        return detail;
    }

    /**
     * @return the colours of the mouth interior, for {@link MouthAtlas#generate(MouthPalette)}.
     */
    public MouthPalette mouthPalette()
    {
        return mouthPalette;
    }
}
