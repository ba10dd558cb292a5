package io.avatar.engine.output;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Encoder hand-off: one 512x512 I420 frame and its 40 ms of audio into the MP4 writer (H.264 with the shipped
 * encoder, AAC), as the offline render's output stage does per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Mp4WriterBenchmark
{
    private static final int SIZE = 512;

    private Path file;
    private Mp4Writer writer;
    private final byte[] frame = new byte[SIZE * SIZE * 3 / 2];
    private final float[] audio = new float[640];
    private int n;

    /**
     * Opens a writer on a temporary file.
     *
     * @throws Exception when FFmpeg cannot open it.
     */
    @Setup(Level.Iteration)
    public void setUp() throws Exception
    {
        file = Files.createTempFile("avatar-bench", ".mp4");
        writer = new Mp4Writer(file, SIZE, SIZE, 25);
    }

    /**
     * @throws Exception when encoding fails.
     */
    @Benchmark
    public void writeFrameWithAudio() throws Exception
    {
        // A moving gradient so the encoder has real work.
        final int shift = n++;
        for (int i = 0; i < SIZE * SIZE; i++)
        {
            frame[i] = (byte)((i & 511) + shift);
        }
        writer.writeI420(frame);
        writer.writeAudio(audio, 0, audio.length, 16_000);
    }

    /**
     * Finishes and deletes the file.
     *
     * @throws Exception when closing fails.
     */
    @TearDown(Level.Iteration)
    public void tearDown() throws Exception
    {
        writer.close();
        Files.deleteIfExists(file);
    }
}
