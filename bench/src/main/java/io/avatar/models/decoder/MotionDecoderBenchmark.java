package io.avatar.models.decoder;

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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The shipped decoder on ONNX Runtime (CPU, one intra-op thread): one call over a batch of windows, at batch 1 (one
 * session's frame) and larger batches (frames of many sessions in one call, what the decoder stage does). Divide by
 * the batch for the per-frame cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class MotionDecoderBenchmark
{
    @Param({"1", "4", "16"})
    int batch;

    private OnnxMotionDecoder decoder;
    private float[] windows;
    private float[] styles;
    private float[] weights;
    private float[] pose;

    /**
     * Loads the model and random inputs.
     *
     * @throws Exception when the model cannot load.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        decoder = OnnxMotionDecoder.openDefault(16);
        final Random r = new Random(1);
        windows = new float[batch * decoder.windowFrames() * 80];
        for (int i = 0; i < windows.length; i++)
        {
            windows[i] = (float)r.nextGaussian();
        }
        styles = new float[batch * 110];
        for (int i = 0; i < styles.length; i++)
        {
            styles[i] = 0.02f * r.nextFloat();
        }
        weights = new float[batch * 52];
        pose = new float[batch * 6];
    }

    /**
     * One model call.
     *
     * @return an output value (keeps the call alive).
     * @throws Exception when ORT fails.
     */
    @Benchmark
    public float run() throws Exception
    {
        decoder.run(windows, styles, batch, weights, pose);
        return weights[17];
    }

    /**
     * Frees the model.
     */
    @TearDown
    public void tearDown()
    {
        decoder.close();
    }
}
