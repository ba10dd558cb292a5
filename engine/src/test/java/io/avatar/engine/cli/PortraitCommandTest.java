package io.avatar.engine.cli;

import io.avatar.models.face.fit.FittedPortraitFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortraitCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldFitAPhotoSaveTheFitAndPrintTheRedetectionNumbers() throws Exception
    {
        final Path photo = dir.resolve("astronaut.png");
        Files.copy(Path.of(System.getProperty("avatar.shared.dir"), "assets", "astronaut.png"), photo);
        final Path fit = dir.resolve("astronaut.fit.json");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = AvatarMain.run(List.of("portrait", "--image", photo.toString(), "--fit-out",
            fit.toString(), "--check", "--size", "256"), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("as fitted (photo's own expression): landmarks mean"), text);
        assertTrue(text.contains("jawOpen sweep inner-lip gap"), text);
        assertTrue(text.contains("yaw +15: re-detected change"), text);
        assertTrue(FittedPortraitFile.load(fit).identity().length == 3 * 468, "the saved fit loads");
    }

    @Test
    void shouldRefuseAPortraitWithNothingToDo()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = AvatarMain.run(List.of("portrait", "--image", "x.png"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertNotEquals(0, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to do"), err.toString(
            StandardCharsets.UTF_8));
    }
}
