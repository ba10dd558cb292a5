package io.avatar.engine.render;

import io.avatar.models.face.fit.FittedPortrait;
import io.avatar.models.face.fit.FittedPortraitFile;
import io.avatar.models.rig.ArkitBlendshape;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortraitRenderersTest
{
    @Test
    void shouldRenderTheSameFramesFromAPhotoAndFromItsSavedFit() throws Exception
    {
        final Path dir = Files.createTempDirectory("portrait");
        final Path photo = dir.resolve("astronaut.png");
        Files.copy(Path.of(System.getProperty("avatar.shared.dir", "../shared"), "assets", "astronaut.png"), photo);
        final FittedPortrait fit = PortraitRenderers.fit(photo);
        final Path file = dir.resolve("astronaut.fit.json");
        FittedPortraitFile.save(fit, file);
        final float[] w = new float[ArkitBlendshape.COUNT];
        w[ArkitBlendshape.jawOpen.ordinal()] = 0.6f;
        final float[] pose = {0.05f, 0.1f, 0f, 0f, 0f, 0f};
        final byte[] a = frame(PortraitRenderers.fromImage(photo, 256), w, pose);
        final byte[] b = frame(PortraitRenderers.fromFitted(file, 256), w, pose);
        assertArrayEquals(a, b, "a saved fit renders exactly like a fresh fit of the same photo");
        final byte[] neutral = frame(PortraitRenderers.of(file, 256), new float[ArkitBlendshape.COUNT], pose);
        assertFalse(java.util.Arrays.equals(a, neutral), "jawOpen changes the frame");
    }

    @Test
    void shouldNameThePhotoWhenItHasNoFace() throws Exception
    {
        final Path dir = Files.createTempDirectory("portrait");
        final Path blank = dir.resolve("empty-room.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 300,
            java.awt.image.BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
        final IOException ex = assertThrows(IOException.class, () -> PortraitRenderers.fromImage(blank, 256));
        assertTrue(ex.getMessage().contains("empty-room.png") && ex.getMessage().contains("no face"), ex.getMessage());
    }

    private static byte[] frame(final AvatarFaceRenderer r, final float[] w, final float[] pose)
    {
        final byte[] out = new byte[r.width() * r.height() * 3 / 2];
        r.renderI420(w, pose, new UnsafeBuffer(out), 0);
        r.close();
        return out;
    }
}
