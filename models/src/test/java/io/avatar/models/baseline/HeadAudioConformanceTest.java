package io.avatar.models.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java port against the original JavaScript, run with Node.js on the same WAV by
 * models/testdata/headaudio/gen_expected.mjs (outputs committed next to it): raw MFCC blocks, the per-block log energy
 * and compressed feature vector, the classifier's viseme messages, and the animated viseme values per 25 fps frame.
 */
class HeadAudioConformanceTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode expected(final String name) throws IOException
    {
        return JSON.readTree(TestData.file("headaudio/expected_" + name + ".json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"papa", "ahoh"})
    void shouldComputeTheSameMfccAsMfccMjs(final String name) throws IOException
    {
        final JsonNode exp = expected(name);
        final float[] pcm = TestData.readWav16k(TestData.file("audio/" + exp.get("wav").asText()));
        assertEquals(exp.get("samples").asInt(), pcm.length);
        final HeadAudioMfcc mfcc = new HeadAudioMfcc();
        final float[] out = new float[12];
        int bitExact = 0;
        int total = 0;
        for (final JsonNode b : exp.get("blocks"))
        {
            final int off = b.get("offset").asInt();
            final double le = off < 0 ? mfcc.compute(new float[512], 0, out, 0) : mfcc.compute(pcm, off, out, 0);
            assertEquals(b.get("le").asDouble(), le, 1e-12 * Math.abs(le), "le at " + off);
            for (int c = 0; c < 12; c++)
            {
                final float js = (float)b.get("mfcc").get(c).asDouble();
                assertEquals(js, out[c], 1e-6f * Math.max(1f, Math.abs(js)), "c" + (c + 1) + " at " + off);
                bitExact += js == out[c] ? 1 : 0;
                total++;
            }
        }
        for (final JsonNode b : exp.get("warped"))
        {
            final HeadAudioMfcc warped = new HeadAudioMfcc(b.get("speakerMeanHz").asDouble());
            final double le = warped.compute(pcm, b.get("offset").asInt(), out, 0);
            assertEquals(b.get("le").asDouble(), le, 1e-12 * Math.abs(le));
            for (int c = 0; c < 12; c++)
            {
                final float js = (float)b.get("mfcc").get(c).asDouble();
                assertEquals(js, out[c], 1e-6f * Math.max(1f, Math.abs(js)), "warped c" + (c + 1));
                bitExact += js == out[c] ? 1 : 0;
                total++;
            }
        }
        assertTrue(bitExact >= total - 2, bitExact + " of " + total + " coefficients bit-exact");
    }

    @ParameterizedTest
    @ValueSource(strings = {"papa", "ahoh"})
    void shouldStreamTheSameFeaturesAndVisemesAsProcessorMjs(final String name) throws IOException
    {
        final JsonNode exp = expected(name);
        final float[] pcm = TestData.readWav16k(TestData.file("audio/" + exp.get("wav").asText()));
        final HeadAudioOptions o = HeadAudioOptions.asShipped();
        final HeadAudioFeatures f = new HeadAudioFeatures();
        final HeadAudioVadGate vad = new HeadAudioVadGate(o.vadGateActiveDb(), o.vadGateActiveMs(),
            o.vadGateInactiveDb(), o.vadGateInactiveMs());
        final HeadAudioClassifier cls = new HeadAudioClassifier(TestData.model(), o.silSensitivity());
        final JsonNode hops = exp.get("hops");
        final List<Integer> visemes = new ArrayList<>();
        final float[] v = new float[12];
        boolean speaking = false;
        int hop = 0;
        int compared = 0;
        for (final float x : pcm)
        {
            if (!f.push(x))
            {
                continue;
            }
            final JsonNode h = hops.get(hop++);
            assertEquals(h.get("db").asDouble(), 10 * f.logEnergy(), 1e-9, "dB of block " + hop);
            // The processor's state machine (processor.mjs), as HeadAudioVisemeBaseline runs it.
            final boolean inactive = vad.process(f.logEnergy());
            assertEquals(h.get("inactive").asInt() != 0, inactive, "VAD gate at block " + hop);
            if (inactive)
            {
                speaking = false;
                continue;
            }
            f.copyVector(v, 0);
            for (int c = 0; c < 12; c++)
            {
                assertEquals((float)h.get("vector").get(c).asDouble(), v[c], 1e-6f, "c" + (c + 1) + " block " + hop);
            }
            compared++;
            final int viseme = cls.predict(v);
            if (speaking && viseme == HeadAudioClassifier.SIL)
            {
                speaking = false;
            }
            else if (!speaking && viseme != HeadAudioClassifier.NONE && viseme != HeadAudioClassifier.SIL)
            {
                speaking = true;
            }
            if (speaking)
            {
                visemes.add(viseme);
            }
        }
        assertEquals(hops.size(), hop, "number of blocks");
        assertTrue(compared > 40, "compared " + compared + " speech blocks");
        final List<Integer> js = new ArrayList<>();
        exp.get("visemes").forEach(n -> js.add(n.get("viseme").asInt()));
        assertEquals(js, visemes, "viseme messages");
    }

    @ParameterizedTest
    @ValueSource(strings = {"papa", "ahoh"})
    void shouldAnimateTheSameVisemeValuesAsHeadaudioMjsAt25Fps(final String name) throws IOException
    {
        final JsonNode exp = expected(name);
        final float[] pcm = TestData.readWav16k(TestData.file("audio/" + exp.get("wav").asText()));
        final HeadAudioVisemeBaseline b = new HeadAudioVisemeBaseline(TestData.model(), HeadAudioOptions.asShipped(),
            exp.get("fps").asInt());
        final JsonNode frames = exp.get("frames");
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] vis = new float[OculusViseme.COUNT];
        int k = 0;
        double nonZero = 0;
        for (int off = 0; off < pcm.length; off += 333)
        {
            b.process(pcm, off, Math.min(333, pcm.length - off));
            while (b.pollFrame(w, vis))
            {
                assertEquals(k, b.lastPolledFrameIndex());
                final JsonNode js = frames.get(k);
                for (int id = 0; id < OculusViseme.COUNT; id++)
                {
                    final OculusViseme ov = OculusViseme.fromHeadAudioId(id);
                    if (ov != OculusViseme.sil)
                    {
                        assertEquals(js.get(id).asDouble(), vis[ov.ordinal()], 1e-6, ov + " at frame " + k);
                        nonZero += vis[ov.ordinal()];
                    }
                }
                k++;
            }
        }
        assertEquals(frames.size(), k, "frames");
        assertTrue(nonZero > 1, "the clip animates visemes");
    }
}
