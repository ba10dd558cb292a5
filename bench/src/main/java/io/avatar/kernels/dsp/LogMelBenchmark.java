package io.avatar.kernels.dsp;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the feature kernels per 10 ms hop: push 160 new samples into {@link LogMel80} and compute the frame
 * (window, 512-point FFT, 80 mel bands, log), and MFCC-13 of a frame. Runs on the JMH thread that owns the state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true"})
public class LogMelBenchmark
{
    private final LogMel80 mel = new LogMel80();
    private final Mfcc13 mfcc = new Mfcc13();
    private final float[] audio = new float[16_000];
    private final float[] frame = new float[LogMel80.BANDS];
    private final float[] cepstrum = new float[Mfcc13.COEFFICIENTS];
    private int position;

    /**
     * Fills one second of noisy tones and primes the ring with a window. JMH thread.
     */
    @Setup
    public void setUp()
    {
        final Random random = new Random(1);
        for (int i = 0; i < audio.length; i++)
        {
            audio[i] = (float)(0.3 * Math.sin(2 * Math.PI * 220 * i / 16_000.0) + 0.05 * random.nextGaussian());
        }
        mel.push(audio, 0, LogMel80.WINDOW - LogMel80.HOP);
        position = LogMel80.WINDOW - LogMel80.HOP;
    }

    /**
     * One hop: 160 samples in, one 80-band frame out. JMH thread.
     *
     * @return a value of the frame, so the work is not eliminated.
     */
    @Benchmark
    public float logMelPerHop()
    {
        if (position + LogMel80.HOP > audio.length)
        {
            position = 0;
        }
        mel.push(audio, position, LogMel80.HOP);
        position += LogMel80.HOP;
        mel.poll(frame, 0);
        return frame[7];
    }

    /**
     * MFCC-13 of one log-mel frame. JMH thread.
     *
     * @return a coefficient, so the work is not eliminated.
     */
    @Benchmark
    public float mfccPerFrame()
    {
        mfcc.compute(frame, 0, cepstrum, 0);
        return cepstrum[3];
    }
}
