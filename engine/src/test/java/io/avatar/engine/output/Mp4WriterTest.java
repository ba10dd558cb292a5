package io.avatar.engine.output;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mp4WriterTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldWriteH264AndAacWhoseDurationsMatch() throws Exception
    {
        final Path file = tmp.resolve("out.mp4");
        final int w = 64;
        final int h = 48;
        final int fps = 25;
        final int frames = 50;
        final int rate = 16_000;
        try (Mp4Writer writer = new Mp4Writer(file, w, h, fps))
        {
            final byte[] i420 = new byte[w * h * 3 / 2];
            for (int f = 0; f < frames; f++)
            {
                for (int i = 0; i < w * h; i++)
                {
                    i420[i] = (byte)((i % w) * 4 + f);
                }
                java.util.Arrays.fill(i420, w * h, i420.length, (byte)128);
                writer.writeI420(i420);
            }
            final float[] tone = new float[rate * frames / fps];
            for (int i = 0; i < tone.length; i++)
            {
                tone[i] = (float)(0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
            }
            writer.writeAudio(tone, 0, tone.length, rate);
            assertEquals(frames, writer.framesWritten());
        }
        assertTrue(Files.size(file) > 1000);

        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile()))
        {
            g.start();
            assertEquals("h264", g.getVideoCodecName());
            assertEquals("aac", g.getAudioCodecName());
            int videoFrames = 0;
            Frame f;
            while ((f = g.grabImage()) != null)
            {
                assertEquals(w, f.imageWidth);
                videoFrames++;
            }
            assertEquals(frames, videoFrames);
            g.stop();
        }
    }

    @Test
    void shouldRejectOddSizesAndUseAfterClose() throws Exception
    {
        assertThrows(IllegalArgumentException.class, () -> new Mp4Writer(tmp.resolve("x.mp4"), 63, 48, 25));
        final Mp4Writer writer = new Mp4Writer(tmp.resolve("y.mp4"), 32, 32, 25);
        writer.close();
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.writeRgb(new byte[32 * 32 * 3]));
    }

    @Test
    void shouldNameTheFileWhenItCannotBeOpened()
    {
        final Exception ex = assertThrows(java.io.IOException.class,
            () -> new Mp4Writer(tmp.resolve("no/such/dir/z.mp4"), 32, 32, 25));
        assertTrue(ex.getMessage().contains("z.mp4"), ex.getMessage());
    }
}
