package io.avatar.models.eval;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.baseline.HeadAudioModel;
import io.avatar.models.baseline.HeadAudioOptions;
import io.avatar.models.baseline.HeadAudioVisemeBaseline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics end to end on the named baseline and the committed Festival clips with phone labels. */
class BaselineEvalTest
{
    private static final double LAG_S = HeadAudioVisemeBaseline.NOMINAL_LAG_MS / 1000.0;
    private static HeadAudioVisemeBaseline baseline;

    @BeforeAll
    static void load() throws Exception
    {
        final HeadAudioModel model = HeadAudioModel.load(AssetStore.openDefault().ensure(AssetId.HEADAUDIO_MODEL));
        baseline = new HeadAudioVisemeBaseline(model, HeadAudioOptions.defaults(), 25);
    }

    private static Path file(final String name)
    {
        return Path.of(System.getProperty("avatar.repo.dir", ".."), "models", "testdata", "audio", name);
    }

    private static float[] wav(final String name) throws Exception
    {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file(name + ".wav").toFile()))
        {
            final AudioFormat f = in.getFormat();
            assertEquals(16_000f, f.getSampleRate());
            final byte[] b = in.readAllBytes();
            final float[] out = new float[b.length / 2];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = (short)((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8)) / 32768f;
            }
            return out;
        }
    }

    private static MotionSeries run(final float[] pcm)
    {
        return MotionSeries.ofWeights(25, baseline.run(pcm, 25));
    }

    @Test
    void shouldSeparateBilabialsAboveChanceOnPapaAndPop() throws Exception
    {
        final ArticulationMetrics pooled = new ArticulationMetrics();
        for (final String clip : new String[] {"papa", "pop"})
        {
            pooled.add(run(wav(clip)), PhoneAlignment.readLab(file(clip + ".lab")), LAG_S);
        }
        final ArticulationMetrics.Result r = pooled.result();
        System.out.println("baseline papa+pop: " + r);
        assertTrue(r.closureAuc() > 0.5, "closure AUC " + r.closureAuc());
        assertTrue(r.bilabialFrames() > 20 && r.otherFrames() > 20, r.toString());
        assertTrue(r.closureRate() >= 0 && r.closureRate() <= 1, r.toString());
    }

    @Test
    void shouldGiveLipSyncNumbersInRangeAndRoundingOnAllThreeClips() throws Exception
    {
        final ArticulationMetrics pooled = new ArticulationMetrics();
        for (final String clip : new String[] {"papa", "ahoh", "pop"})
        {
            final float[] pcm = wav(clip);
            final MotionSeries m = run(pcm);
            assertEquals(pcm.length * 25 / 16_000 + 1, m.frames());
            pooled.add(m, PhoneAlignment.readLab(file(clip + ".lab")), LAG_S);
            final LipSync.Result s = LipSync.crossCorrelate(LipSync.mouthOpening(m),
                LipSync.envelopeDb(pcm, 25, m.frames()), 25, LipSync.DEFAULT_MAX_LAG_MS);
            System.out.println("baseline " + clip + ": " + s);
            assertTrue(s.r0() >= -1 && s.r0() <= 1 && s.rBest() >= s.r0() - 1e-12, s.toString());
            assertTrue(Math.abs(s.bestLagMs()) <= LipSync.DEFAULT_MAX_LAG_MS, s.toString());
            // The baseline speaks with its mouth: it follows the loudness positively somewhere in +-200 ms.
            assertTrue(s.rBest() > 0.3, clip + " " + s);
        }
        final ArticulationMetrics.Result r = pooled.result();
        System.out.println("baseline papa+ahoh+pop: " + r);
        assertTrue(r.roundedFrames() > 0 && r.unroundedFrames() > 0, r.toString());
        assertTrue(r.roundingAuc() >= 0 && r.roundingAuc() <= 1, r.toString());
    }
}
