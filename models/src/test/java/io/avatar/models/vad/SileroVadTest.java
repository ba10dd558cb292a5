package io.avatar.models.vad;

import ai.onnxruntime.OrtException;
import io.avatar.models.samples.SampleSpeech;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SileroVadTest
{
    static float[] sampleSpeech() throws Exception
    {
        try (InputStream in = SampleSpeech.open())
        {
            return WavTestFiles.readMono16(in, 16_000);
        }
    }

    static float[] probabilities(final SileroVad vad, final float[] x) throws OrtException
    {
        final float[] p = new float[x.length / SileroVad.CHUNK];
        for (int i = 0; i < p.length; i++)
        {
            p[i] = vad.process(x, i * SileroVad.CHUNK);
        }
        return p;
    }

    static double chunkRms(final float[] x, final int chunk)
    {
        double s = 0;
        for (int i = chunk * SileroVad.CHUNK; i < (chunk + 1) * SileroVad.CHUNK; i++)
        {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / SileroVad.CHUNK);
    }

    @Test
    void shouldFindSpeechWhereTheSampleClipIsLoudAndNotInItsSilences() throws Exception
    {
        final float[] x = sampleSpeech();
        try (SileroVad vad = SileroVad.open())
        {
            final float[] p = probabilities(vad, x);
            int loud = 0;
            int loudSpeech = 0;
            int quiet = 0;
            int quietSpeech = 0;
            for (int i = 0; i < p.length; i++)
            {
                final double rms = chunkRms(x, i);
                if (rms > 0.03)
                {
                    loud++;
                    loudSpeech += p[i] >= 0.5f ? 1 : 0;
                }
                else if (rms < 0.001)
                {
                    quiet++;
                    quietSpeech += p[i] >= 0.5f ? 1 : 0;
                }
            }
            System.out.printf("sample clip: %d loud chunks, %.1f%% called speech; %d silent chunks, %.1f%% called "
                + "speech%n", loud, 100.0 * loudSpeech / loud, quiet, 100.0 * quietSpeech / Math.max(1, quiet));
            assertTrue(loud > 100, "the clip has voiced chunks: " + loud);
            assertTrue(loudSpeech >= 0.9 * loud, "voiced chunks called speech: " + loudSpeech + " of " + loud);
            assertTrue(quiet > 3, "the clip starts and ends in silence: " + quiet);
            assertTrue(quietSpeech <= 0.2 * quiet, "silent chunks called speech: " + quietSpeech + " of " + quiet);
        }
    }

    @Test
    void shouldSegmentTheSampleClipIntoSpeechCoveringTheVoicedChunks() throws Exception
    {
        final float[] x = sampleSpeech();
        final List<long[]> segments = new ArrayList<>();
        try (SileroVad vad = SileroVad.open())
        {
            final VoiceActivityDetector detector = new VoiceActivityDetector(vad,
                new SpeechSegmenter((s, e) -> segments.add(new long[] {s, e})), null);
            for (int off = 0; off < x.length; off += 333)
            {
                detector.push(x, off, Math.min(333, x.length - off));
            }
            detector.finish();
        }
        assertTrue(!segments.isEmpty(), "segments found");
        final long clipMs = x.length * 1000L / 16_000;
        long covered = 0;
        long previousEnd = -1;
        for (final long[] s : segments)
        {
            assertTrue(s[0] >= 0 && s[1] <= clipMs && s[0] < s[1] && s[0] > previousEnd, "ordered, disjoint: "
                + s[0] + "-" + s[1]);
            assertTrue(s[1] - s[0] >= SpeechSegmenter.MIN_SPEECH_MS_DEFAULT, "long enough: " + s[0] + "-" + s[1]);
            previousEnd = s[1];
            covered += s[1] - s[0];
        }
        int voiced = 0;
        int voicedCovered = 0;
        for (int i = 0; i < x.length / SileroVad.CHUNK; i++)
        {
            if (chunkRms(x, i) > 0.03)
            {
                voiced++;
                final long mid = (i * SileroVad.CHUNK + SileroVad.CHUNK / 2) * 1000L / 16_000;
                for (final long[] s : segments)
                {
                    if (mid >= s[0] && mid < s[1])
                    {
                        voicedCovered++;
                        break;
                    }
                }
            }
        }
        assertTrue(voicedCovered >= 0.95 * voiced, "voiced chunks inside segments: " + voicedCovered + "/" + voiced);
        assertTrue(covered < 0.97 * clipMs, "not everything is speech: " + covered + " of " + clipMs + " ms");
    }

    @Test
    void shouldKeepStateAcrossChunksAndRestartAfterReset() throws Exception
    {
        final float[] x = sampleSpeech();
        try (SileroVad vad = SileroVad.open())
        {
            final float[] first = probabilities(vad, x);
            vad.reset();
            final float[] again = probabilities(vad, x);
            for (int i = 0; i < first.length; i++)
            {
                assertEquals(first[i], again[i], 0f, "deterministic after reset, chunk " + i);
            }
            // Without the state carried over, the model judges each chunk alone and the answers change.
            int differs = 0;
            for (int i = 1; i < first.length; i++)
            {
                vad.reset();
                if (Math.abs(vad.process(x, i * SileroVad.CHUNK) - first[i]) > 0.05f)
                {
                    differs++;
                }
            }
            assertTrue(differs > first.length / 10, "state matters for " + differs + " chunks");
        }
    }

    @Test
    void shouldCallDigitalSilenceNonSpeech() throws Exception
    {
        try (SileroVad vad = SileroVad.open())
        {
            final float[] p = probabilities(vad, new float[16_000 * 3]);
            for (final float v : p)
            {
                assertTrue(v < 0.1f, "silence probability " + v);
            }
        }
    }

    @Test
    void shouldRejectAModelWithADifferentInterface() throws URISyntaxException
    {
        final Path wrong = Path.of(SileroVadTest.class.getResource("not_silero.onnx").toURI());
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> new SileroVad(wrong));
        assertTrue(ex.getMessage().contains("not Silero VAD v5") && ex.getMessage().contains("'input'"),
            ex.getMessage());
    }

    @Test
    void shouldAllocateLittlePerChunk() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final float[] x = sampleSpeech();
        try (SileroVad vad = SileroVad.open())
        {
            probabilities(vad, x);
            final int chunks = x.length / SileroVad.CHUNK;
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long t0 = System.nanoTime();
            for (int i = 0; i < chunks; i++)
            {
                vad.process(x, i * SileroVad.CHUNK);
            }
            final double usPerChunk = (System.nanoTime() - t0) / 1e3 / chunks;
            final long perChunk = (threads.getCurrentThreadAllocatedBytes() - before) / chunks;
            System.out.printf("Silero VAD: %.1f us and %d bytes of Java heap per 32 ms chunk%n", usPerChunk,
                perChunk);
            // ORT's binding allocates a Result and a few small arrays per run; tensors and state are ours.
            assertTrue(perChunk < 2048, "bytes per chunk " + perChunk);
        }
    }
}
