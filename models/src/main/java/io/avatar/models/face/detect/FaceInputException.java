package io.avatar.models.face.detect;

/**
 * An image cannot be used as a face source (no face, or one too small); the message names the image and says why.
 */
public class FaceInputException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the image.
     */
    public FaceInputException(final String message)
    {
        super(message);
    }
}
