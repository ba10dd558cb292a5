package io.avatar.models.style;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A style as stored on disk (JSON): format name and version, rig version, fps, the 110-number code, a name, a
 * provenance text, and optionally the motion clip it was measured from (which can drive idle motion).
 * <pre>
 * {"format": "avatar-style", "version": 1, "rig": "arkit52-v1", "fps": 25, "name": "calm",
 *  "provenance": "...", "code": [110 numbers],
 *  "motion": {"frames": N, "weights": [N*52 numbers], "pose": [N*6 numbers]}}
 * </pre>
 *
 * @param name       a short name, e.g. "calm".
 * @param provenance how the code was made.
 * @param fps        frame rate of the motion clip (25 or 30).
 * @param code       the style code.
 * @param motion     the motion clip, or null.
 */
public record StyleFile(String name, String provenance, int fps, StyleCode code, MotionClip motion)
{
    /** Value of the "format" field. */
    public static final String FORMAT = "avatar-style";
    /** Current file version. */
    public static final int VERSION = 1;
    /** The rig the code refers to. */
    public static final String RIG = "arkit52-v1";
    /** Largest style file accepted, so a hostile upload cannot exhaust memory. */
    public static final long MAX_BYTES = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A motion clip: rig weights and head poses per frame.
     *
     * @param frames  number of frames.
     * @param weights frames x 52, row-major.
     * @param pose    frames x 6, row-major.
     */
    public record MotionClip(int frames, float[] weights, float[] pose)
    {
        /**
         * Validates sizes.
         */
        public MotionClip
        {
            if (frames < 0 || weights.length != frames * ArkitBlendshape.COUNT || pose.length != frames * HeadPose.SIZE)
            {
                throw new IllegalArgumentException("motion clip of " + frames + " frames needs "
                    + frames * ArkitBlendshape.COUNT + " weights and " + frames * HeadPose.SIZE + " pose values, got "
                    + weights.length + " and " + pose.length);
            }
        }
    }

    /**
     * Reads and validates a style file.
     *
     * @param path the file.
     * @return the style.
     * @throws IOException naming the file and what is wrong with it.
     */
    public static StyleFile read(final Path path) throws IOException
    {
        try
        {
            if (Files.size(path) > MAX_BYTES)
            {
                throw new IOException("style file " + path + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new IOException("style file " + path + " does not exist", ex);
        }
        try (InputStream in = Files.newInputStream(path))
        {
            return parse(in.readAllBytes(), path.toString());
        }
    }

    /**
     * Parses and validates a style from JSON bytes.
     *
     * @param json   the bytes.
     * @param origin where they came from, for error messages.
     * @return the style.
     * @throws IOException naming the origin and what is wrong.
     */
    public static StyleFile parse(final byte[] json, final String origin) throws IOException
    {
        if (json.length > MAX_BYTES)
        {
            throw new IOException("style " + origin + " is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        final JsonNode root;
        try
        {
            root = JSON.readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IOException("style " + origin + " is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !root.isObject())
        {
            throw new IOException("style " + origin + " must be a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText()))
        {
            throw new IOException("style " + origin + " has format '" + root.path("format").asText()
                + "', expected '" + FORMAT + "'");
        }
        final int version = root.path("version").asInt(-1);
        if (version != VERSION)
        {
            throw new IOException("style " + origin + " has version " + version + "; this engine reads version "
                + VERSION);
        }
        if (!RIG.equals(root.path("rig").asText()))
        {
            throw new IOException("style " + origin + " is for rig '" + root.path("rig").asText() + "', expected '"
                + RIG + "'");
        }
        final int fps = root.path("fps").asInt(-1);
        if (fps != 25 && fps != 30)
        {
            throw new IOException("style " + origin + " has fps " + fps + "; allowed: 25, 30");
        }
        final float[] code = floats(root.path("code"), StyleCode.SIZE, "code", origin);
        final StyleCode styleCode;
        try
        {
            styleCode = StyleCode.of(code);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("style " + origin + ": " + ex.getMessage(), ex);
        }
        MotionClip motion = null;
        final JsonNode m = root.path("motion");
        if (!m.isMissingNode() && !m.isNull())
        {
            final int frames = m.path("frames").asInt(-1);
            if (frames < 0 || frames > 10_000_000 / ArkitBlendshape.COUNT)
            {
                throw new IOException("style " + origin + " has a motion clip with an invalid frame count " + frames);
            }
            motion = new MotionClip(frames, floats(m.path("weights"), frames * ArkitBlendshape.COUNT,
                "motion.weights", origin), floats(m.path("pose"), frames * HeadPose.SIZE, "motion.pose", origin));
        }
        return new StyleFile(root.path("name").asText("unnamed"), root.path("provenance").asText(""), fps,
            styleCode, motion);
    }

    private static float[] floats(final JsonNode node, final int expected, final String field, final String origin)
        throws IOException
    {
        if (!node.isArray() || node.size() != expected)
        {
            throw new IOException("style " + origin + ": '" + field + "' must be an array of " + expected
                + " numbers" + (node.isArray() ? ", got " + node.size() : ""));
        }
        final float[] out = new float[expected];
        for (int i = 0; i < expected; i++)
        {
            final JsonNode v = node.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble()))
            {
                throw new IOException("style " + origin + ": '" + field + "'[" + i + "] is not a finite number");
            }
            out[i] = (float)v.asDouble();
        }
        return out;
    }

    /**
     * @return the JSON bytes of this style.
     * @throws IOException never in practice (in-memory serialisation).
     */
    public byte[] toJson() throws IOException
    {
        final ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("rig", RIG);
        root.put("fps", fps);
        root.put("name", name);
        root.put("provenance", provenance);
        final ArrayNode c = root.putArray("code");
        for (final float v : code.toArray())
        {
            c.add(v);
        }
        if (motion != null)
        {
            final ObjectNode m = root.putObject("motion");
            m.put("frames", motion.frames());
            final ArrayNode w = m.putArray("weights");
            for (final float v : motion.weights())
            {
                w.add(v);
            }
            final ArrayNode p = m.putArray("pose");
            for (final float v : motion.pose())
            {
                p.add(v);
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /**
     * Writes this style.
     *
     * @param path the file.
     * @throws IOException when it cannot be written.
     */
    public void write(final Path path) throws IOException
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.write(path, toJson());
    }
}
