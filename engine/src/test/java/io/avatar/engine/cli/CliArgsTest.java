package io.avatar.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shared option checks every rendering command uses (frame rate, frame size, input file). */
class CliArgsTest
{
    private static CliArgs args(final String... words)
    {
        return CliArgs.parse(List.of(words), Set.of());
    }

    @Test
    void shouldAcceptOnlyTheDecoderFrameRates()
    {
        assertEquals(25, args().videoFps());
        assertEquals(30, args("--fps", "30").videoFps());
        assertEquals("--fps must be 25 or 30, got 27",
            assertThrows(CliArgs.UsageException.class, () -> args("--fps", "27").videoFps()).getMessage());
        assertEquals("--fps must be in [25, 30], got 60",
            assertThrows(CliArgs.UsageException.class, () -> args("--fps", "60").videoFps()).getMessage());
    }

    @Test
    void shouldAcceptEvenFrameSizesInTheRenderersRange()
    {
        assertEquals(512, args().frameSize());
        assertEquals(256, args("--size", "256").frameSize());
        assertEquals("--size must be even, got 301",
            assertThrows(CliArgs.UsageException.class, () -> args("--size", "301").frameSize()).getMessage());
        assertEquals("--size must be in [256, 1024], got 2048",
            assertThrows(CliArgs.UsageException.class, () -> args("--size", "2048").frameSize()).getMessage());
    }

    @Test
    void shouldNameAMissingInputFile(@TempDir final Path dir) throws IOException
    {
        final Path wav = Files.write(dir.resolve("a.wav"), new byte[]{1});
        assertEquals(wav, args("--audio", wav.toString()).requiredFile("audio", "audio file"));
        final Path missing = dir.resolve("nope.wav");
        assertEquals("audio file " + missing + " does not exist", assertThrows(IOException.class,
            () -> args("--audio", missing.toString()).requiredFile("audio", "audio file")).getMessage());
        assertEquals("audio file " + dir + " does not exist", assertThrows(IOException.class,
            () -> args("--audio", dir.toString()).requiredFile("audio", "audio file")).getMessage());
        assertEquals("missing required option --audio",
            assertThrows(CliArgs.UsageException.class, () -> args().requiredFile("audio", "audio file")).getMessage());
    }
}
