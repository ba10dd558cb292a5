package io.avatar.models.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.kernels.dsp.LogMel80;
import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped decoder on ONNX Runtime against the vector the training recipe exported with it
 * (models/testdata/decoder/decoder_vector.json): same graph, same front end, same numbers.
 */
class OnnxMotionDecoderTest
{
    private static JsonNode vector;

    @BeforeAll
    static void load() throws IOException
    {
        final Path repo = Path.of(System.getProperty("avatar.repo.dir", "."));
        vector = new ObjectMapper().readTree(repo.resolve("models/testdata/decoder/decoder_vector.json").toFile());
    }

    private static float[] flat(final JsonNode n)
    {
        int size = 0;
        for (final JsonNode row : n)
        {
            size += row.isArray() ? countLeaves(row) : 1;
        }
        final float[] out = new float[size];
        final int[] i = {0};
        fill(n, out, i);
        return out;
    }

    private static int countLeaves(final JsonNode n)
    {
        if (!n.isArray())
        {
            return 1;
        }
        int c = 0;
        for (final JsonNode x : n)
        {
            c += countLeaves(x);
        }
        return c;
    }

    private static void fill(final JsonNode n, final float[] out, final int[] i)
    {
        if (!n.isArray())
        {
            out[i[0]++] = (float)n.asDouble();
            return;
        }
        for (final JsonNode x : n)
        {
            fill(x, out, i);
        }
    }

    @Test
    void shouldReproduceTheRecipesOutputsForTheTestVector() throws Exception
    {
        try (OnnxMotionDecoder d = OnnxMotionDecoder.openDefault(4))
        {
            final float[] mel = flat(vector.path("mel"));
            final float[] style = flat(vector.path("style"));
            final float[] expectedW = flat(vector.path("weights"));
            final float[] expectedP = flat(vector.path("pose"));
            final int batch = vector.path("mel").size();
            assertEquals(batch * d.windowFrames() * 80, mel.length);
            final float[] w = new float[batch * ArkitBlendshape.COUNT];
            final float[] p = new float[batch * 6];
            d.run(mel, style, batch, w, p);
            for (int i = 0; i < w.length; i++)
            {
                assertEquals(expectedW[i], w[i], 1e-4, "weight " + i);
            }
            for (int i = 0; i < p.length; i++)
            {
                assertEquals(expectedP[i], p[i], 1e-4, "pose " + i);
            }
            // Batch 1 gives the same as the first row of batch 2 (the per-batch-size tensors are wired right).
            final float[] w1 = new float[ArkitBlendshape.COUNT];
            d.run(mel, style, 1, w1, new float[6]);
            for (int i = 0; i < w1.length; i++)
            {
                assertEquals(w[i], w1[i], 1e-5);
            }
            assertTrue(d.describe().contains("window"));
        }
    }

    @Test
    void shouldApplyTheStreamingFrontEndExactlyAsTheRecipe() throws Exception
    {
        try (OnnxMotionDecoder d = OnnxMotionDecoder.openDefault(1))
        {
            final JsonNode fe = vector.path("frontend");
            final double tol = fe.path("tolerance").asDouble(1e-3);
            final MotionModel.FrontEnd cmvn = d.newFrontEnd();
            final float[] out = new float[80];
            for (int t = 0; t < fe.path("logmel").size(); t++)
            {
                final float[] in = flat(fe.path("logmel").get(t));
                cmvn.apply(in, 0, out, 0);
                final float[] expected = flat(fe.path("cmvn").get(t));
                for (int j = 0; j < 80; j++)
                {
                    assertEquals(expected[j], out[j], tol, "frame " + t + " bin " + j);
                }
            }
            // And our log-mel kernel makes the recipe's log-mel from the same closed-form signal.
            final int n = (int)(0.3 * 16_000);
            final float[] pcm = new float[n];
            for (int i = 0; i < n; i++)
            {
                final double t = i / 16_000.0;
                pcm[i] = (float)(0.3 * Math.sin(2 * Math.PI * 220 * t) * Math.sin(2 * Math.PI * 3 * t)
                    + 0.01 * Math.sin(2 * Math.PI * 3100 * t));
            }
            final LogMel80 mel = new LogMel80();
            mel.push(pcm, 0, n);
            final float[] frame = new float[80];
            for (int t = 0; t < fe.path("logmel").size() && mel.poll(frame, 0); t++)
            {
                final float[] expected = flat(fe.path("logmel").get(t));
                for (int j = 0; j < 80; j++)
                {
                    assertEquals(expected[j], frame[j], tol, "log-mel frame " + t + " bin " + j);
                }
            }
        }
    }

    @Test
    void shouldRefuseAGraphThatDoesNotMatchItsManifest() throws Exception
    {
        final byte[] manifest;
        try (var in = OnnxMotionDecoder.class.getResourceAsStream(OnnxMotionDecoder.RESOURCE_DIR
            + "decoder.manifest.json"))
        {
            manifest = in.readAllBytes();
        }
        final DecoderManifest m = DecoderManifest.parse(manifest, "test");
        final IOException ex = assertThrows(IOException.class,
            () -> new OnnxMotionDecoder(m, "not a graph".getBytes(StandardCharsets.UTF_8), 1));
        assertTrue(ex.getMessage().contains("SHA-256"), ex.getMessage());
        final IOException bad = assertThrows(IOException.class,
            () -> DecoderManifest.parse("{\"window\": {\"mel_frames\": 3}}".getBytes(StandardCharsets.UTF_8), "x"));
        assertTrue(bad.getMessage().contains("window"), bad.getMessage());
    }

    @Test
    void shouldTurnInterpolatedStylesIntoInterpolatedMotion() throws Exception
    {
        try (OnnxMotionDecoder d = OnnxMotionDecoder.openDefault(3))
        {
            final float[] oneWindow = java.util.Arrays.copyOf(flat(vector.path("mel")), d.windowFrames() * 80);
            final float[] windows = new float[3 * oneWindow.length];
            for (int b = 0; b < 3; b++)
            {
                System.arraycopy(oneWindow, 0, windows, b * oneWindow.length, oneWindow.length);
            }
            final io.avatar.models.style.StyleCode calm = io.avatar.models.style.StylePresets.load("calm").code();
            final io.avatar.models.style.StyleCode excited =
                io.avatar.models.style.StylePresets.load("excited").code();
            final float[] styles = new float[3 * 110];
            calm.copyTo(styles, 0);
            io.avatar.models.style.StyleCode.lerp(calm, excited, 0.5).copyTo(styles, 110);
            excited.copyTo(styles, 220);
            final float[] w = new float[3 * 52];
            d.run(windows, styles, 3, w, new float[18]);
            double ends = 0;
            double offMid = 0;
            for (int i = 0; i < 52; i++)
            {
                final double a = w[i];
                final double m = w[52 + i];
                final double b = w[104 + i];
                ends += (a - b) * (a - b);
                offMid += (m - 0.5 * (a + b)) * (m - 0.5 * (a + b));
            }
            // The half-way style lands near the middle of the two styles' outputs (not on either end).
            assertTrue(ends > 1e-6, "the two styles give the same motion");
            assertTrue(Math.sqrt(offMid) < 0.35 * Math.sqrt(ends), "mid-style output is " + Math.sqrt(offMid)
                + " from the midpoint; the ends are " + Math.sqrt(ends) + " apart");
        }
    }
}
