package io.avatar.models.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.style.StyleCode;

import java.io.IOException;

/**
 * The decoder's manifest ({@code decoder.manifest.json}, written by {@code models/training/export.py}): model
 * identity and checksum, input/output names and shapes, window geometry, and the front end's constants. Loading
 * validates everything the runtime relies on, so a mismatched model fails at start-up with a message naming the field.
 *
 * @param name         model name.
 * @param recipe       training recipe version.
 * @param licence      licence of the weights.
 * @param onnxFile     file name of the ONNX graph next to the manifest.
 * @param onnxSha256   expected SHA-256 of the graph.
 * @param windowFrames mel frames per window.
 * @param past         mel frames before the anchor.
 * @param future       mel frames after the anchor.
 * @param lookaheadMs  audio after the frame time the window needs.
 * @param alpha        CMVN smoothing constant.
 * @param logFloor     CMVN log floor.
 * @param varFloor     CMVN variance floor.
 * @param priorMean    CMVN starting mean (80).
 * @param priorVar     CMVN starting variance (80).
 * @param padFrame     window value before the stream start (80).
 * @param styleScale   per-dimension spread of training style codes (110), for scale-free style distances.
 */
public record DecoderManifest(String name, String recipe, String licence, String onnxFile, String onnxSha256,
    int windowFrames, int past, int future, int lookaheadMs, double alpha, double logFloor, double varFloor,
    float[] priorMean, float[] priorVar, float[] padFrame, float[] styleScale)
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses and validates.
     *
     * @param json   manifest bytes.
     * @param origin where they came from, for messages.
     * @return the manifest.
     * @throws IOException naming the field that is missing or wrong.
     */
    public static DecoderManifest parse(final byte[] json, final String origin) throws IOException
    {
        final JsonNode m = JSON.readTree(json);
        final JsonNode window = field(m, "window", origin);
        final int frames = window.path("mel_frames").asInt(-1);
        final int past = window.path("past").asInt(-1);
        final int futureInclusive = window.path("future").asInt(-1);
        if (frames <= 0 || past < 0 || futureInclusive < 1 || past + futureInclusive != frames)
        {
            throw new IOException(origin + ": window must have mel_frames = past + future > 0, got " + window);
        }
        checkTensor(m.path("inputs"), 0, "mel", new int[] {-1, frames, 80}, origin);
        checkTensor(m.path("inputs"), 1, "style", new int[] {-1, StyleCode.SIZE}, origin);
        checkTensor(m.path("outputs"), 0, "weights", new int[] {-1, ArkitBlendshape.COUNT}, origin);
        checkTensor(m.path("outputs"), 1, "pose", new int[] {-1, 6}, origin);
        final JsonNode order = m.path("outputs").path(0).path("order");
        for (int i = 0; i < ArkitBlendshape.COUNT; i++)
        {
            if (!ArkitBlendshape.at(i).name().equals(order.path(i).asText()))
            {
                throw new IOException(origin + ": output weight " + i + " is '" + order.path(i).asText()
                    + "', the engine expects '" + ArkitBlendshape.at(i).name() + "'");
            }
        }
        final JsonNode fe = field(m, "frontend", origin);
        if (!"ema_cmvn".equals(fe.path("type").asText()))
        {
            throw new IOException(origin + ": unsupported front end '" + fe.path("type").asText()
                + "' (this engine implements ema_cmvn)");
        }
        return new DecoderManifest(m.path("name").asText("decoder"), m.path("recipe_version").asText("?"),
            m.path("licence").asText("?"), text(m, "onnx", origin), text(m, "onnx_sha256", origin), frames, past,
            futureInclusive - 1, m.path("lookahead_ms").asInt(-1), number(fe, "alpha", origin),
            number(fe, "log_floor", origin), number(fe, "var_floor", origin), floats(fe, "prior_mean", 80, origin),
            floats(fe, "prior_var", 80, origin), floats(fe, "pad_frame", 80, origin),
            floats(field(m, "style", origin), "scale", StyleCode.SIZE, origin));
    }

    private static void checkTensor(final JsonNode list, final int index, final String name, final int[] shape,
        final String origin) throws IOException
    {
        final JsonNode t = list.path(index);
        if (!name.equals(t.path("name").asText()) || !"float32".equals(t.path("dtype").asText()))
        {
            throw new IOException(origin + ": tensor " + index + " should be float32 '" + name + "', got " + t);
        }
        final JsonNode s = t.path("shape");
        for (int i = 0; i < shape.length; i++)
        {
            if (shape[i] >= 0 && s.path(i).asInt(-2) != shape[i])
            {
                throw new IOException(origin + ": tensor '" + name + "' dimension " + i + " should be " + shape[i]
                    + ", got " + s.path(i));
            }
        }
    }

    private static JsonNode field(final JsonNode m, final String name, final String origin) throws IOException
    {
        final JsonNode n = m.path(name);
        if (n.isMissingNode() || n.isNull())
        {
            throw new IOException(origin + ": missing '" + name + "'");
        }
        return n;
    }

    private static String text(final JsonNode m, final String name, final String origin) throws IOException
    {
        return field(m, name, origin).asText();
    }

    private static double number(final JsonNode m, final String name, final String origin) throws IOException
    {
        final JsonNode n = field(m, name, origin);
        if (!n.isNumber())
        {
            throw new IOException(origin + ": '" + name + "' must be a number");
        }
        return n.asDouble();
    }

    private static float[] floats(final JsonNode m, final String name, final int n, final String origin)
        throws IOException
    {
        final JsonNode a = field(m, name, origin);
        if (!a.isArray() || a.size() != n)
        {
            throw new IOException(origin + ": '" + name + "' must be an array of " + n + " numbers");
        }
        final float[] out = new float[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = (float)a.get(i).asDouble();
            if (!Float.isFinite(out[i]))
            {
                throw new IOException(origin + ": '" + name + "'[" + i + "] is not finite");
            }
        }
        return out;
    }
}
