package io.avatar.kernels.dsp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogMel80Test
{
    static Path featuresDir()
    {
        return Path.of(System.getProperty("avatar.repo.dir", "..")).resolve("models/testdata/features");
    }

    static float[] speechLikeSignal(final int samples, final long seed)
    {
        final Random random = new Random(seed);
        final float[] x = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            final double t = i / 16000.0;
            final double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            x[i] = (float)(envelope * (0.3 * Math.sin(2 * Math.PI * 150 * t) + 0.1 * Math.sin(2 * Math.PI * 1200 * t))
                + 0.01 * random.nextGaussian());
        }
        // A stretch of digital silence: exercises the 1e-10 floor.
        for (int i = samples / 2; i < samples / 2 + 1200 && i < samples; i++)
        {
            x[i] = 0f;
        }
        return x;
    }

    static List<float[]> extract(final float[] signal, final int chunk)
    {
        final LogMel80 mel = new LogMel80();
        final List<float[]> frames = new ArrayList<>();
        final float[] frame = new float[LogMel80.BANDS];
        for (int off = 0; off < signal.length; off += chunk)
        {
            final int len = Math.min(chunk, signal.length - off);
            int taken = 0;
            while (taken < len)
            {
                taken += mel.push(signal, off + taken, len - taken);
                while (mel.poll(frame, 0))
                {
                    frames.add(frame.clone());
                }
            }
        }
        return frames;
    }

    @Test
    void shouldMatchNaiveDoublePrecisionReference()
    {
        final float[] x = speechLikeSignal(16000, 3);
        final double[][] expected = ReferenceFeatures.logMel(x);
        final List<float[]> frames = extract(x, 160);
        assertEquals(expected.length, frames.size());
        assertEquals(98, frames.size());
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++)
        {
            for (int m = 0; m < LogMel80.BANDS; m++)
            {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i][m] - frames.get(i)[m]));
            }
        }
        assertTrue(maxDiff < 1e-4, "max abs diff vs naive reference " + maxDiff);
        // The silent stretch hits the floor exactly: frame 52 covers samples [8320, 8720) inside [8000, 9200).
        assertEquals((float)Math.log(1e-10), frames.get(52)[40], 0f);
    }

    @Test
    void shouldGiveIdenticalFramesForAnyChunking()
    {
        final float[] x = speechLikeSignal(16000 * 2 + 123, 11);
        final List<float[]> reference = extract(x, x.length);
        assertEquals(LogMel80.frameCount(x.length), reference.size());
        for (final int chunk : new int[] {1, 7, 160, 4000})
        {
            final List<float[]> frames = extract(x, chunk);
            assertEquals(reference.size(), frames.size(), "chunk " + chunk);
            for (int i = 0; i < frames.size(); i++)
            {
                assertArrayEquals(reference.get(i), frames.get(i), 0f, "chunk " + chunk + " frame " + i);
            }
        }
    }

    @Test
    void shouldMatchTheSharedTestVector() throws IOException
    {
        final NpyTestFiles.Array signal = NpyTestFiles.read(featuresDir().resolve("signal.npy"));
        final NpyTestFiles.Array expected = NpyTestFiles.read(featuresDir().resolve("logmel.npy"));
        assertArrayEquals(new int[] {16000}, signal.shape());
        assertArrayEquals(new int[] {98, 80}, expected.shape());
        final List<float[]> frames = extract(signal.data(), 4000);
        assertEquals(98, frames.size());
        double maxDiff = 0;
        for (int i = 0; i < 98; i++)
        {
            for (int m = 0; m < 80; m++)
            {
                maxDiff = Math.max(maxDiff, Math.abs(expected.data()[i * 80 + m] - frames.get(i)[m]));
            }
        }
        assertTrue(maxDiff <= 1e-3, "max abs diff vs models/testdata/features/logmel.npy " + maxDiff);
    }

    @Test
    void shouldEmitAFrameAsSoonAsItsWindowIsComplete()
    {
        final LogMel80 mel = new LogMel80();
        final float[] frame = new float[80];
        final float[] x = speechLikeSignal(560, 5);
        assertEquals(399, mel.push(x, 0, 399));
        assertFalse(mel.poll(frame, 0));
        assertEquals(1, mel.push(x, 399, 1));
        assertTrue(mel.poll(frame, 0));
        assertFalse(mel.poll(frame, 0));
        assertEquals(160, mel.push(x, 400, 160));
        assertTrue(mel.poll(frame, 0));
        assertEquals(2, mel.framesProduced());
    }

    @Test
    void shouldTakeOnlyWhatFitsWhenTheRingIsFull()
    {
        final LogMel80 mel = new LogMel80(1000);
        final float[] x = speechLikeSignal(5000, 9);
        assertEquals(1000, mel.push(x, 0, 5000));
        assertEquals(0, mel.push(x, 1000, 4000));
        final float[] frame = new float[80];
        int frames = 0;
        while (mel.poll(frame, 0))
        {
            frames++;
        }
        assertEquals(LogMel80.frameCount(1000), frames);
        assertEquals(LogMel80.HOP * frames, mel.push(x, 1000, 4000));
    }

    @Test
    void shouldNotAllocateWhileStreaming()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final LogMel80 mel = new LogMel80();
        final Mfcc13 mfcc = new Mfcc13();
        final float[] x = speechLikeSignal(16000, 13);
        final float[] frame = new float[80];
        final float[] cep = new float[13];
        final long[] sink = new long[1];
        final LogMel80.FrameConsumer consumer = (index, f, off) ->
        {
            mfcc.compute(f, off, cep, 0);
            sink[0] += index;
        };
        for (int warm = 0; warm < 20; warm++)
        {
            mel.process(x, 0, x.length, frame, 0, consumer);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int rep = 0; rep < 10; rep++)
        {
            for (int off = 0; off < x.length; off += 160)
            {
                mel.process(x, off, 160, frame, 0, consumer);
            }
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink[0] > 0);
        assertEquals(0, allocated, "bytes allocated while streaming 10 s of audio");
    }
}
