package io.avatar.engine.audio;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Cost of the streaming ingest (channel averaging + swr resampling to 16 kHz) per 10 ms chunk of input, as a live
 * source (WebRTC 48 kHz, telephone 8 kHz) delivers it. Runs on the JMH thread that owns the state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PcmIngestBenchmark
{
    /** Input rate in Hz. */
    @Param({"48000", "8000"})
    public int rate;

    /** Input channels. */
    @Param({"1", "2"})
    public int channels;

    private PcmIngest ingest;
    private float[] chunk;
    private short[] chunk16;
    private final float[] out = new float[4096];
    private int frames;

    /**
     * Opens the resampler and makes one 10 ms chunk of a tone. JMH thread.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        ingest = new PcmIngest(rate, channels);
        frames = rate / 100;
        chunk = new float[frames * channels];
        chunk16 = new short[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                chunk[i * channels + c] = (float)(0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
                chunk16[i * channels + c] = (short)(chunk[i * channels + c] * 32767);
            }
        }
    }

    /**
     * Frees the resampler. JMH thread.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        ingest.close();
    }

    /**
     * One 10 ms float chunk in, its 160 samples at 16 kHz out. JMH thread.
     *
     * @return samples produced, so the work is not eliminated.
     */
    @Benchmark
    public int floatChunk10ms()
    {
        ingest.writeFloat(chunk, 0, frames);
        return ingest.read(out, 0, out.length);
    }

    /**
     * One 10 ms 16-bit chunk in, its 160 samples at 16 kHz out. JMH thread.
     *
     * @return samples produced, so the work is not eliminated.
     */
    @Benchmark
    public int shortChunk10ms()
    {
        ingest.writeShort(chunk16, 0, frames);
        return ingest.read(out, 0, out.length);
    }
}
