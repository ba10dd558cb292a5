package io.avatar.kernels.render;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Colour conversion of one rendered frame, packed RGB to I420 (what every frame pays before an encoder or a WebRTC
 * publisher takes it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true"})
public class I420ConverterBenchmark
{
    @Param({"512"})
    int size;

    private int[] rgb;
    private byte[] i420;

    /**
     * Random frame.
     */
    @Setup
    public void setUp()
    {
        rgb = new int[size * size];
        final Random r = new Random(3);
        for (int i = 0; i < rgb.length; i++)
        {
            rgb[i] = r.nextInt() & 0xFFFFFF;
        }
        i420 = new byte[size * size * 3 / 2];
    }

    /**
     * @return a byte of the result.
     */
    @Benchmark
    public byte convert()
    {
        I420Converter.convert(rgb, size, size, i420);
        return i420[17];
    }
}
