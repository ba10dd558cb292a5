package io.avatar.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LandmarksCommandTest
{
    @TempDir
    Path dir;

    private static Path astronaut()
    {
        return Path.of(System.getProperty("avatar.shared.dir"), "assets", "astronaut.png");
    }

    @Test
    void shouldPrintTheFaceAndWriteAnOverlay() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Path overlay = dir.resolve("overlay.png");
        final int status = AvatarMain.run(List.of("landmarks", "--image", astronaut().toString(), "--out",
            overlay.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("faces      1"), text);
        assertTrue(text.matches("(?s).*box        x=\\d+\\.\\d y=\\d+\\.\\d w=\\d+\\.\\d h=\\d+\\.\\d px.*"), text);
        assertTrue(text.contains("pose       pitch"), text);
        final BufferedImage img = ImageIO.read(overlay.toFile());
        assertEquals(512, img.getWidth());
        // the landmarks are drawn in green over the face area, where the portrait itself has no green
        final BufferedImage original = ImageIO.read(astronaut().toFile());
        assertTrue(greenPixels(img) > 400 + greenPixels(original), "green landmark pixels over the face: "
            + greenPixels(img) + " vs " + greenPixels(original) + " in the portrait");
    }

    private static int greenPixels(final BufferedImage img)
    {
        int green = 0;
        for (int y = 60; y < 200; y++)
        {
            for (int x = 160; x < 290; x++)
            {
                final int p = img.getRGB(x, y);
                final int g = p >> 8 & 0xFF;
                green += g - Math.max(p >> 16 & 0xFF, p & 0xFF) > 80 ? 1 : 0;
            }
        }
        return green;
    }

    @Test
    void shouldFailClearlyWithoutAFace() throws Exception
    {
        final BufferedImage flat = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        final Path file = dir.resolve("flat.png");
        ImageIO.write(flat, "png", file.toFile());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = AvatarMain.run(List.of("landmarks", "--image", file.toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        final String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("no face found in " + file), message);

        final Path text = Files.writeString(dir.resolve("notes.jpg"), "not a picture");
        final ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(1, AvatarMain.run(List.of("landmarks", "--image", text.toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err2, true, StandardCharsets.UTF_8)));
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("cannot read image " + text),
            err2.toString(StandardCharsets.UTF_8));
    }
}
