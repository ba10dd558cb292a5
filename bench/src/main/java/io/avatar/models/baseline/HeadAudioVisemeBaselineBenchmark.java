package io.avatar.models.baseline;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.rig.ArkitBlendshape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the HeadAudio baseline per 10 ms of 16 kHz audio (160 samples: pre-emphasis and low-pass per sample, a
 * feature block and a classification every 256 samples, a 25 fps frame every 640), and of one MFCC block alone.
 * The audio is a loud synthetic vowel sequence, so the energy gate stays open and the classifier runs on every
 * block (the worst case; silence skips the classifier).
 * <p>
 * Run: {@code java -cp <bench classpath> org.openjdk.jmh.Main HeadAudioVisemeBaselineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeadAudioVisemeBaselineBenchmark
{
    private static final int CHUNK = 160;
    private static final int SECONDS = 10;

    private HeadAudioVisemeBaseline baseline;
    private HeadAudioMfcc mfcc;
    private float[] audio;
    private final float[] weights = new float[ArkitBlendshape.COUNT];
    private final float[] coeffs = new float[HeadAudioMfcc.COEFFS];
    private int pos;

    /**
     * Loads the model and makes the audio.
     *
     * @throws IOException when the model cannot be read.
     */
    @Setup
    public void setUp() throws IOException
    {
        final HeadAudioModel model = HeadAudioModel.load(AssetStore.openDefault().ensure(AssetId.HEADAUDIO_MODEL));
        baseline = new HeadAudioVisemeBaseline(model, HeadAudioOptions.defaults(), 25);
        mfcc = new HeadAudioMfcc();
        audio = vowels(SECONDS * HeadAudioVisemeBaseline.SAMPLE_RATE);
    }

    /** A 120 Hz pulse train through two resonances that move every 200 ms (vowel-like), peak about 0.3. */
    private static float[] vowels(final int n)
    {
        final double[][] formants = {{700, 1200}, {300, 2300}, {500, 900}, {400, 2000}, {650, 1700}};
        final float[] x = new float[n];
        double y1 = 0;
        double y2 = 0;
        double z1 = 0;
        double z2 = 0;
        for (int i = 0; i < n; i++)
        {
            final double[] f = formants[(i / 3200) % formants.length];
            final double src = i % 133 == 0 ? 1.0 : 0.0;
            final double y = src + 2 * 0.97 * Math.cos(2 * Math.PI * f[0] / 16_000) * y1 - 0.97 * 0.97 * y2;
            y2 = y1;
            y1 = y;
            final double z = y + 2 * 0.95 * Math.cos(2 * Math.PI * f[1] / 16_000) * z1 - 0.95 * 0.95 * z2;
            z2 = z1;
            z1 = z;
            x[i] = (float)Math.max(-1, Math.min(1, 0.01 * z));
        }
        return x;
    }

    /**
     * Processes the next 10 ms and takes the frames it completed.
     *
     * @return frames completed (keeps the work observable).
     */
    @Benchmark
    public int process10ms()
    {
        if (pos + CHUNK > audio.length)
        {
            pos = 0;
        }
        baseline.process(audio, pos, CHUNK);
        pos += CHUNK;
        int frames = 0;
        while (baseline.pollFrame(weights))
        {
            frames++;
        }
        return frames;
    }

    /**
     * One 512-sample MFCC block.
     *
     * @return the block's log energy.
     */
    @Benchmark
    public double mfccBlock()
    {
        return mfcc.compute(audio, 4096, coeffs, 0);
    }
}
