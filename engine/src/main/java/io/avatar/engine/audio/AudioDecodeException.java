package io.avatar.engine.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An audio source that cannot be decoded: the message names the file and what is wrong with it (empty, truncated
 * header, not audio, no audio stream, no samples, sample rate out of range, decoding error at a position).
 */
public final class AudioDecodeException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * Any thread.
     *
     * @param file    the file (or a descriptive pseudo-path for a stream).
     * @param problem what is wrong, in words a user can act on.
     */
    public AudioDecodeException(final Path file, final String problem)
    {
        this(file, problem, null);
    }

    /**
     * Any thread.
     *
     * @param file    the file.
     * @param problem what is wrong.
     * @param cause   the underlying failure, e.g. FFmpeg's error.
     */
    public AudioDecodeException(final Path file, final String problem, final Throwable cause)
    {
        super("cannot decode audio file " + file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * @return the file that failed. Any thread.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return what was wrong with it, without the file name. Any thread.
     */
    public String problem()
    {
        return problem;
    }
}
