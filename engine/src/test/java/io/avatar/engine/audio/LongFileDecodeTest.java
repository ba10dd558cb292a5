package io.avatar.engine.audio;

import io.avatar.kernels.dsp.LogMel80;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongFileDecodeTest
{
    private static final int RATE = 8_000;
    private static final long SECONDS = 2 * 3600;
    private static final int MARK_EVERY_S = 600;

    @TempDir
    Path dir;

    /**
     * A 2-hour 8 kHz 16-bit WAV (115 MB of data) made sparse: a header, a 0.5 s 1 kHz marker every 10 minutes, and
     * holes (zeros) between them, so the test costs no disk and little time to build, yet FFmpeg reads every byte.
     */
    private Path twoHourWav() throws Exception
    {
        final Path file = dir.resolve("two-hours.wav");
        final long dataBytes = SECONDS * RATE * 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.write(TestAudio.wavHeader(RATE, 1, 16, dataBytes));
            raf.setLength(44 + dataBytes);
            final float[] tone = TestAudio.tone(1000, 0.5, RATE, RATE / 2);
            final ByteBuffer marker = ByteBuffer.allocate(tone.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (final float v : tone)
            {
                marker.putShort((short)Math.round(v * 32767));
            }
            for (long s = MARK_EVERY_S; s < SECONDS; s += MARK_EVERY_S)
            {
                raf.seek(44 + s * RATE * 2);
                raf.write(marker.array());
            }
        }
        return file;
    }

    private static long usedHeapAfterGc(final MemoryMXBean memory)
    {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void shouldStreamATwoHourFileInBoundedMemory() throws Exception
    {
        final Path file = twoHourWav();
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final float[] block = new float[4096];
        final long baseline = usedHeapAfterGc(memory);
        long peakGrowth = 0;
        long samples = 0;
        int markersSeen = 0;
        boolean inMarker = false;
        long nextHeapCheck = 600L * 16_000;
        final long start = System.nanoTime();
        try (AudioFileDecoder decoder = AudioFileDecoder.open(file))
        {
            int n;
            while ((n = decoder.read(block, 0, block.length)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    final boolean loud = Math.abs(block[i]) > 0.25f;
                    if (loud && !inMarker)
                    {
                        // Markers must land where they were written: 10-minute marks, within a few ms.
                        final long at = samples + i;
                        final long expected = (long)(markersSeen + 1) * MARK_EVERY_S * 16_000;
                        assertTrue(Math.abs(at - expected) < 160, "marker " + markersSeen + " at sample " + at
                            + ", expected about " + expected);
                        markersSeen++;
                        inMarker = true;
                    }
                    else if (inMarker && samples + i - (long)markersSeen * MARK_EVERY_S * 16_000 > 16_000)
                    {
                        inMarker = false;
                    }
                }
                samples += n;
                if (samples >= nextHeapCheck)
                {
                    peakGrowth = Math.max(peakGrowth, usedHeapAfterGc(memory) - baseline);
                    nextHeapCheck += 600L * 16_000;
                }
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        // Decoding only: the features' own cost is measured by LogMelBenchmark, and this test must stay cheap.
        System.out.printf("2 h WAV (8 kHz -> 16 kHz): %.1f s wall, %.0fx real time, peak heap growth %.1f MB%n",
            seconds, SECONDS / seconds, peakGrowth / 1e6);
        assertEquals(SECONDS * 16_000, samples, 16, "16 kHz samples of a 2-hour file");
        assertEquals((SECONDS * 16_000 - LogMel80.WINDOW) / LogMel80.HOP + 1, LogMel80.frameCount(samples),
            "features of 2 h: 100 frames/s less the first window");
        assertEquals(SECONDS / MARK_EVERY_S - 1, markersSeen);
        assertTrue(peakGrowth < 32_000_000, "heap grew by " + peakGrowth + " bytes while streaming a 115 MB file");
    }
}
