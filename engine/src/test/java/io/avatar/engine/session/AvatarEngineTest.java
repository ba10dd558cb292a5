package io.avatar.engine.session;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.models.style.StyleCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvatarEngineTest
{
    private static float[] speech;

    @BeforeAll
    static synchronized void decodeSample() throws Exception
    {
        if (speech != null)
        {
            return;
        }
        final Path wav = sample();
        final float[] buf = new float[16_000 * 20];
        int n = 0;
        try (AudioFileDecoder d = AudioFileDecoder.open(wav))
        {
            int r;
            while ((r = d.read(buf, n, buf.length - n)) > 0)
            {
                n += r;
            }
        }
        speech = Arrays.copyOf(buf, n);
    }

    /**
     * @return the decoded sample clip (16 kHz mono).
     */
    static synchronized float[] speech() throws Exception
    {
        if (speech == null)
        {
            decodeSample();
        }
        return speech;
    }

    /**
     * @return the bundled sample clip as a file (the resource may sit inside the models jar).
     * @throws java.io.IOException when it cannot be copied.
     */
    static Path sample() throws java.io.IOException
    {
        final Path file = java.nio.file.Files.createTempFile("sample_speech", ".wav");
        file.toFile().deleteOnExit();
        try (java.io.InputStream in = AvatarEngineTest.class.getResourceAsStream(
            "/io/avatar/models/samples/sample_speech.wav"))
        {
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** Collects what the output stage publishes. */
    static final class Collector implements FrameOutput
    {
        final List<Long> frames = new ArrayList<>();
        final List<Float> bars = new ArrayList<>();
        final List<Float> yaw = new ArrayList<>();
        float[] audio = new float[0];
        boolean closed;

        @Override
        public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
            final int offset, final int width, final int height, final float[] samples, final int audioLen,
            final float[] weights, final float[] pose)
        {
            frames.add(frameIndex);
            bars.add(BarTestRenderer.barOf(i420, offset, width, height));
            yaw.add(pose[1]);
            final int old = audio.length;
            audio = Arrays.copyOf(audio, old + audioLen);
            System.arraycopy(samples, 0, audio, old, audioLen);
        }

        @Override
        public void onClose()
        {
            closed = true;
        }
    }

    private static AvatarEngine offlineEngine(final LoudnessTestModel model)
    {
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.INVOKER)
            .fullRingPolicy(FullRingPolicy.BACKPRESSURE).fps(25);
        return new AvatarEngine(ctx, model, 64, 64);
    }

    @Test
    void shouldRenderEveryFrameOfAFileWithItsOwnAudio() throws Exception
    {
        final LoudnessTestModel model = new LoudnessTestModel();
        try (AvatarEngine engine = offlineEngine(model))
        {
            final Collector out = new Collector();
            final BarTestRenderer renderer = new BarTestRenderer(64, 64);
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), renderer, List.of(out), false, 1));
            int pushed = 0;
            int guard = 0;
            while (pushed < speech.length || !engine.status(id).done())
            {
                if (pushed < speech.length)
                {
                    pushed += engine.pushAudio(id, speech, pushed, Math.min(3000, speech.length - pushed), 16_000, 1);
                    if (pushed == speech.length)
                    {
                        engine.finish(id);
                    }
                }
                engine.engine().invoke();
                assertTrue(++guard < 200_000, "pipeline stalled: " + engine.status(id));
            }
            final long expected = (speech.length * 25L + 15_999) / 16_000;
            assertEquals(expected, engine.status(id).expectedFrames());
            assertEquals(expected, out.frames.size());
            for (int i = 0; i < out.frames.size(); i++)
            {
                assertEquals(i, out.frames.get(i));
            }
            // Sync by construction: the published audio is the input, sample for sample, frame by frame.
            assertArrayEquals(speech, Arrays.copyOf(out.audio, speech.length));
            assertTrue(model.largestBatch > 1, "decoder never batched: " + model.largestBatch);

            // The mouth moves with speech and is closed (speech gate) in the leading silence.
            double speaking = 0;
            int speakingN = 0;
            for (int i = 0; i < out.bars.size(); i++)
            {
                if (i < 3)
                {
                    assertEquals(0f, out.bars.get(i), "frame " + i + " before any speech");
                }
                speaking += out.bars.get(i);
                speakingN++;
            }
            assertTrue(speaking / speakingN > 0.05, "mouth never opened: " + speaking / speakingN);

            engine.closeSession(id);
            for (int i = 0; i < 10; i++)
            {
                engine.engine().invoke();
            }
            assertTrue(out.closed && renderer.closed);
        }
    }

    /** Pushes the sample clip in pieces of {@code piece} samples, stepping the pipeline after each: the bars drawn. */
    private static List<Float> barsWhenPushedIn(final int piece) throws Exception
    {
        try (AvatarEngine engine = offlineEngine(new LoudnessTestModel()))
        {
            final Collector out = new Collector();
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(out), false, 1));
            int pushed = 0;
            while (pushed < speech.length)
            {
                pushed += engine.pushAudio(id, speech, pushed, Math.min(piece, speech.length - pushed), 16_000, 1);
                engine.engine().invoke();
            }
            engine.finish(id);
            for (int i = 0; i < 200_000 && !engine.status(id).done(); i++)
            {
                engine.engine().invoke();
            }
            assertTrue(engine.status(id).done(), "not done with pieces of " + piece);
            return out.bars;
        }
    }

    @Test
    void shouldDrawTheSameFramesHoweverTheAudioIsCutIntoPieces() throws Exception
    {
        // Each frame's voice probability is the one of the audio up to the frame's own last sample, so the speech
        // gate (and with it every picture) does not depend on how the caller or the ingest stage cut the audio.
        final List<Float> whole = barsWhenPushedIn(3000);
        assertEquals(whole, barsWhenPushedIn(320));
        assertEquals(whole, barsWhenPushedIn(77));
    }

    @Test
    void shouldCarryAStyleChangeSmoothlyIntoTheModelInput() throws Exception
    {
        final LoudnessTestModel model = new LoudnessTestModel();
        try (AvatarEngine engine = offlineEngine(model))
        {
            final Collector out = new Collector();
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(out), false, 2));
            final float[] target = new float[StyleCode.SIZE];
            target[104] = 0.5f;
            engine.setStyle(id, StyleCode.of(target));
            int pushed = 0;
            while (pushed < speech.length)
            {
                pushed += engine.pushAudio(id, speech, pushed, Math.min(3000, speech.length - pushed), 16_000, 1);
                engine.engine().invoke();
            }
            engine.finish(id);
            for (int i = 0; i < 50_000 && !engine.status(id).done(); i++)
            {
                engine.engine().invoke();
            }
            assertTrue(engine.status(id).done());
            assertTrue(out.frames.size() > 100);
            // The model saw the style move from 0 to 0.5 in equal steps over 0.5 s (12.5 frames), never jumping.
            final List<Float> seen = model.styleSeen;
            assertEquals(0.5f, seen.get(seen.size() - 1), 1e-6);
            int rampFrames = 0;
            for (int i = 1; i < seen.size(); i++)
            {
                final float step = seen.get(i) - seen.get(i - 1);
                assertTrue(step >= -1e-6 && step <= 0.5f / 12 + 1e-6, "style step " + step + " at frame " + i);
                rampFrames += step > 1e-6 ? 1 : 0;
            }
            assertTrue(rampFrames >= 12 && rampFrames <= 14, "style ramped over " + rampFrames + " frames");
        }
    }

    @Test
    void shouldRejectBadAudioArgumentsForTheCallerOnly() throws Exception
    {
        try (AvatarEngine engine = offlineEngine(new LoudnessTestModel()))
        {
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(new Collector()), false, 3));
            final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> engine.pushAudio(id, new float[10], 0, 10, 0, 1));
            assertTrue(ex.getMessage().contains("sample rate"));
            org.junit.jupiter.api.Assertions.assertThrows(java.util.NoSuchElementException.class,
                () -> engine.pushAudio(999, new float[10], 0, 10, 16_000, 1));
            assertEquals(10, engine.pushAudio(id, new float[10], 0, 10, 16_000, 1));
        }
    }

    @Test
    void shouldReportTheAlgorithmicLatency()
    {
        try (AvatarEngine engine = offlineEngine(new LoudnessTestModel()))
        {
            // one frame (40 ms) + look-ahead of 4 feature frames past the centre, minus the half frame
            final double ms = engine.algorithmicLatencyNs() / 1e6;
            assertTrue(ms > 40 && ms < 100, "latency " + ms + " ms");
        }
    }
}
