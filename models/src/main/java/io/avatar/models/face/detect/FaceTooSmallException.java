package io.avatar.models.face.detect;

import java.util.Locale;

/**
 * The face in an image is too small for reliable landmarks.
 */
public final class FaceTooSmallException extends FaceInputException
{
    private static final long serialVersionUID = 1L;
    private final float sizePx;

    /**
     * @param imageName the image.
     * @param face      the face found.
     * @param minPx     the smallest accepted face size in pixels.
     */
    public FaceTooSmallException(final String imageName, final Face face, final int minPx)
    {
        super(String.format(Locale.ROOT, "the face in %s is %.0fx%.0f px, smaller than the %d px minimum: use a "
            + "larger or closer photo", imageName, face.width(), face.height(), minPx));
        this.sizePx = face.size();
    }

    /**
     * @return the size of the face found (larger box side), pixels.
     */
    public float sizePx()
    {
        return sizePx;
    }
}
