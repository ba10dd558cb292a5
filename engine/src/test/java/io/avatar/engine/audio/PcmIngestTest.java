package io.avatar.engine.audio;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcmIngestTest
{
    /** Runs a whole mono float signal through an ingest in chunks of {@code chunk} frames. */
    static float[] resample(final float[] interleaved, final int rate, final int channels, final int chunk)
    {
        try (PcmIngest ingest = new PcmIngest(rate, channels))
        {
            final int frames = interleaved.length / channels;
            final float[] out = new float[(int)((long)frames * 16000 / rate) + 8192];
            int n = 0;
            int done = 0;
            while (done < frames)
            {
                done += ingest.writeFloat(interleaved, done * channels, Math.min(chunk, frames - done));
                n += ingest.read(out, n, out.length - n);
            }
            ingest.flush();
            n += ingest.read(out, n, out.length - n);
            return Arrays.copyOf(out, n);
        }
    }

    private static double gainDb(final double hz, final int rate)
    {
        final float[] in = TestAudio.tone(hz, 0.5, rate, rate);
        final float[] out = resample(in, rate, 1, 480);
        final double level = TestAudio.rms(out, 2000, out.length - 2000);
        return 20 * Math.log10(level / (0.5 / Math.sqrt(2)));
    }

    @Test
    void shouldPassTonesBelowTheNewNyquistAndRejectAliases()
    {
        for (final int rate : new int[] {48_000, 44_100, 96_000})
        {
            assertTrue(Math.abs(gainDb(1000, rate)) < 0.1, "1 kHz at " + rate + " Hz: " + gainDb(1000, rate));
            final double pass = gainDb(7000, rate);
            assertTrue(pass > -1.0 && pass < 0.1, "7 kHz at " + rate + " Hz must pass, gain " + pass + " dB");
            for (final double hz : new double[] {9000, 10000, 11000, 12000})
            {
                final double gain = gainDb(hz, rate);
                assertTrue(gain <= -40, hz + " Hz at " + rate + " Hz must be attenuated >= 40 dB, gain " + gain);
            }
        }
    }

    @Test
    void shouldKeepToneFrequencyAmplitudeAndDurationAtEveryRate()
    {
        for (final int rate : new int[] {8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 48_000, 96_000})
        {
            final float[] out = resample(TestAudio.tone(440, 0.5, rate, rate * 2), rate, 1, 333);
            assertEquals(32_000, out.length, 2, "output length for 2 s at " + rate);
            final double a = TestAudio.amplitudeAt(out, 1600, 30400, 440, 16000);
            assertEquals(0.5, a, 0.005, "440 Hz amplitude after " + rate + " -> 16000");
        }
    }

    @Test
    void shouldGiveTheSameOutputForAnyChunking()
    {
        final float[] in = TestAudio.tone(1234, 0.4, 44_100, 44_100);
        final float[] reference = resample(in, 44_100, 1, in.length);
        for (final int chunk : new int[] {1, 7, 441, 5000})
        {
            assertArrayEquals(reference, resample(in, 44_100, 1, chunk), 1e-6f, "chunk " + chunk);
        }
    }

    @Test
    void shouldAverageStereoAndScaleShorts()
    {
        final int rate = 48_000;
        final float[] left = TestAudio.tone(440, 0.6, rate, rate);
        final float[] stereo = new float[rate * 2];
        final short[] stereo16 = new short[rate * 2];
        for (int i = 0; i < rate; i++)
        {
            stereo[2 * i] = left[i];
            stereo16[2 * i] = (short)Math.round(left[i] * 32768f);
        }
        final float[] fromFloat = resample(stereo, rate, 2, 480);
        assertEquals(0.3, TestAudio.amplitudeAt(fromFloat, 1600, 14400, 440, 16000), 0.003,
            "stereo (tone, silence) averages to half the tone");
        try (PcmIngest ingest = new PcmIngest(rate, 2))
        {
            final float[] out = new float[20000];
            int n = 0;
            for (int done = 0; done < rate; )
            {
                done += ingest.writeShort(stereo16, done * 2, Math.min(480, rate - done));
                n += ingest.read(out, n, out.length - n);
            }
            assertEquals(0.3, TestAudio.amplitudeAt(out, 1600, 14400, 440, 16000), 0.003, "16-bit input");
            for (int i = 0; i < n; i++)
            {
                assertEquals(fromFloat[i], out[i], 1e-4f, "16-bit and float input agree at " + i);
            }
        }
        final byte[] bytes = new byte[stereo16.length * 2];
        for (int i = 0; i < stereo16.length; i++)
        {
            bytes[2 * i] = (byte)stereo16[i];
            bytes[2 * i + 1] = (byte)(stereo16[i] >> 8);
        }
        try (PcmIngest ingest = new PcmIngest(rate, 2))
        {
            final float[] out = new float[20000];
            int n = 0;
            for (int done = 0; done < rate; )
            {
                done += ingest.writePcm16Le(bytes, done * 4, Math.min(441, rate - done));
                n += ingest.read(out, n, out.length - n);
            }
            for (int i = 0; i < n; i++)
            {
                assertEquals(fromFloat[i], out[i], 1e-4f, "little-endian bytes and float input agree at " + i);
            }
        }
    }

    @Test
    void shouldRejectBadParametersWithTheirValues()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new PcmIngest(0, 1));
        assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PcmIngest(1_000_000, 1));
        assertThrows(IllegalArgumentException.class, () -> new PcmIngest(16_000, 0));
        try (PcmIngest ingest = new PcmIngest(16_000, 1))
        {
            ingest.flush();
            assertThrows(IllegalStateException.class, () -> ingest.writeFloat(new float[10], 0, 10));
        }
    }

    @Test
    void shouldTakeOnlyWhatFitsAndNeverLoseSamples()
    {
        final float[] in = TestAudio.tone(300, 0.5, 8_000, 80_000);
        try (PcmIngest ingest = new PcmIngest(8_000, 1, 256))
        {
            final int first = ingest.writeFloat(in, 0, in.length);
            assertTrue(first < in.length, "a 10 s write into a small FIFO must stop early, took " + first);
            final float[] out = new float[200_000];
            int n = ingest.read(out, 0, out.length);
            int done = first;
            while (done < in.length)
            {
                done += ingest.writeFloat(in, done, in.length - done);
                n += ingest.read(out, n, out.length - n);
            }
            ingest.flush();
            n += ingest.read(out, n, out.length - n);
            assertEquals(160_000, n, 2);
        }
    }

    @Test
    void shouldNotAllocateWhileStreaming()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final float[] in = TestAudio.tone(440, 0.5, 48_000, 48_000 * 2);
        final float[] out = new float[4096];
        try (PcmIngest ingest = new PcmIngest(48_000, 2))
        {
            for (int rep = 0; rep < 3; rep++)
            {
                for (int off = 0; off + 960 <= in.length; off += 960)
                {
                    ingest.writeFloat(in, off, 480);
                    ingest.read(out, 0, out.length);
                }
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            long produced = 0;
            for (int off = 0; off + 960 <= in.length; off += 960)
            {
                ingest.writeFloat(in, off, 480);
                produced += ingest.read(out, 0, out.length);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, allocated, "bytes allocated while resampling 1 s of stereo in 10 ms chunks");
            assertEquals(16_000, produced, 50);
        }
    }
}
