package io.avatar.models.face.detect;

/**
 * The detector (or the face mesh's presence check) found no face in an image.
 */
public final class NoFaceException extends FaceInputException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param imageName the image, as the user knows it.
     * @param detail    what was looked at, e.g. the best score seen.
     */
    public NoFaceException(final String imageName, final String detail)
    {
        super("no face found in " + imageName + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }
}
