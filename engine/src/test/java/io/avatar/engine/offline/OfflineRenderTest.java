package io.avatar.engine.offline;

import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.decoder.MotionModel;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.style.StyleCode;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineRenderTest
{
    @TempDir
    Path tmp;

    /** A loudness follower standing in for the trained decoder: this test is about the render path and timing. */
    static final class LoudnessModel implements MotionModel
    {
        @Override
        public int pastFeatureFrames()
        {
            return 8;
        }

        @Override
        public int futureFeatureFrames()
        {
            return 3;
        }

        @Override
        public int maxBatch()
        {
            return 4;
        }

        @Override
        public void padFrame(final float[] dst, final int off)
        {
            java.util.Arrays.fill(dst, off, off + 80, -23f);
        }

        @Override
        public FrontEnd newFrontEnd()
        {
            return (in, off, out, outOff) -> System.arraycopy(in, off, out, outOff, 80);
        }

        @Override
        public String describe()
        {
            return "loudness follower (test)";
        }

        @Override
        public void run(final float[] windows, final float[] styles, final int batch, final float[] weights,
            final float[] pose)
        {
            final int w = windowFrames() * 80;
            java.util.Arrays.fill(weights, 0, batch * 52, 0f);
            java.util.Arrays.fill(pose, 0, batch * 6, 0f);
            for (int b = 0; b < batch; b++)
            {
                double e = 0;
                for (int m = 0; m < 80; m++)
                {
                    e += windows[b * w + pastFeatureFrames() * 80 + m];
                }
                weights[b * 52 + ArkitBlendshape.jawOpen.ordinal()] = (float)(1 / (1 + Math.exp(-(e / 80 + 5))));
            }
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    void shouldRenderTheSampleClipToAnMp4AsLongAsTheAudio() throws Exception
    {
        final Path audio = tmp.resolve("sample.wav");
        try (java.io.InputStream in = getClass().getResourceAsStream("/io/avatar/models/samples/sample_speech.wav"))
        {
            java.nio.file.Files.copy(in, audio);
        }
        final Path out = tmp.resolve("sample.mp4");
        final OfflineRender.Summary s = OfflineRender.render(audio, StyleCode.zero(), FaceRenderers.builtIn(256),
            new LoudnessModel(), out, 25, List.of(), null);
        final long expectedFrames = (long)Math.ceil(s.audioSeconds() * 25);
        assertEquals(expectedFrames, s.frames());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile()))
        {
            g.start();
            assertEquals("h264", g.getVideoCodecName());
            assertEquals("aac", g.getAudioCodecName());
            assertEquals(256, g.getImageWidth());
            int frames = 0;
            while (g.grabImage() != null)
            {
                frames++;
            }
            assertEquals(expectedFrames, frames);
            final double videoSeconds = frames / 25.0;
            assertTrue(Math.abs(videoSeconds - s.audioSeconds()) <= 1.0 / 25, videoSeconds + " vs " + s.audioSeconds());
            g.stop();
        }
    }
}
