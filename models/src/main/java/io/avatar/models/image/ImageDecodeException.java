package io.avatar.models.image;

import java.io.IOException;

/**
 * A file could not be read as an image; the message names the file and what was wrong with it.
 */
public final class ImageDecodeException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the file (or other source) that was being read.
     * @param problem what was wrong.
     * @param cause   the underlying failure, or null.
     */
    public ImageDecodeException(final String source, final String problem, final Throwable cause)
    {
        super("cannot read image " + source + ": " + problem, cause);
    }
}
