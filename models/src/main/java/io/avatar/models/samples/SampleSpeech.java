package io.avatar.models.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bundled speech clip: 7.8 s of English from Festival's kal diphone voice, 16 kHz mono 16-bit WAV
 * (provenance: {@code sample_speech.md} beside it). Stateless; any thread.
 */
public final class SampleSpeech
{
    /** Class-path resource name of the clip. */
    public static final String RESOURCE = "/io/avatar/models/samples/sample_speech.wav";
    /** Sample rate of the clip in Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** The words spoken. */
    public static final String TEXT =
        "Hello, and welcome. I am a streaming avatar. I turn your voice into facial motion, in real time.";

    private SampleSpeech()
    {
    }

    /**
     * Any thread.
     *
     * @return a fresh stream over the WAV bytes; the caller closes it.
     */
    public static InputStream open()
    {
        final InputStream in = SampleSpeech.class.getResourceAsStream(RESOURCE);
        if (in == null)
        {
            throw new UncheckedIOException(new IOException("resource " + RESOURCE
                + " is missing from the class path (broken build of avatar-models)"));
        }
        return in;
    }

    /**
     * Copies the clip to a file, for tools that need a path (FFmpeg). Any thread.
     *
     * @param dir directory to write {@code sample_speech.wav} into.
     * @return the file written.
     * @throws IOException when it cannot be written.
     */
    public static Path extractTo(final Path dir) throws IOException
    {
        final Path file = dir.resolve("sample_speech.wav");
        try (InputStream in = open())
        {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
