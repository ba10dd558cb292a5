package io.avatar.models.style.extract;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A reference video from which no style can be extracted, with the file and the reason (no video stream, corrupt
 * file, no face, too little usable face). Thrown by {@link StyleExtractor#extract}.
 */
public final class StyleExtractionException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the video.
     * @param reason what was wrong.
     */
    public StyleExtractionException(final Path file, final String reason)
    {
        super(file + ": " + reason);
    }

    /**
     * @param file   the video.
     * @param reason what was wrong.
     * @param cause  the underlying failure.
     */
    public StyleExtractionException(final Path file, final String reason, final Throwable cause)
    {
        super(file + ": " + reason, cause);
    }
}
