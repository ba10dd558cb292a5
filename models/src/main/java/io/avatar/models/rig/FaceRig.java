package io.avatar.models.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.models.face.CanonicalFaceMesh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The face rig: the canonical mesh's 468 vertices plus the extra vertices the renderer needs (eyeball fills, the
 * mouth interior, the skirt rings around the face outline), the triangles of each render layer, and one sparse
 * vertex displacement field (centimetres, canonical-mesh frame) per ARKit blendshape. Names that are not modelled
 * have an empty field and are listed by {@link #isModelled}.
 * <p>
 * The rig is data: {@code rig-v1.json} on the class path, written by {@link RigBuilder} (regenerate with
 * {@code RigBuilder.main} or {@code avatar rig build}). Immutable after loading; {@link #apply} is allocation-free
 * and may be called from any thread on caller-owned arrays.
 */
public final class FaceRig
{
    /** Version of the file format and of the authored fields. */
    public static final int VERSION = 1;
    /** Class-path resource holding the shipped rig. */
    public static final String RESOURCE = "/io/avatar/models/rig/rig-v1.json";

    /** Texture coordinates of the vertex come from face landmarks (its anchors), like a face vertex. */
    public static final int TEX_LANDMARK = 0;
    /** Texture coordinates of the vertex are fixed in the mouth-interior atlas ({@link #atlasUv}). */
    public static final int TEX_ATLAS = 1;
    /** Texture coordinates of the vertex are its projection into the portrait at rest (skirt). */
    public static final int TEX_PROJECTED = 2;

    private final int vertexCount;
    private final float[] neutral;
    private final int[] anchorA;
    private final int[] anchorB;
    private final float[] anchorT;
    private final int[] texSource;
    private final float[] atlasUv;
    private final float[] pin;
    private final int[] faceTriangles;
    private final int[] eyeTriangles;
    private final int[] mouthTriangles;
    private final int[] skirtTriangles;
    private final int[][] shapeIndex;
    private final float[][] shapeDelta;

    FaceRig(final float[] neutral, final int[] anchorA, final int[] anchorB, final float[] anchorT,
        final int[] texSource, final float[] atlasUv, final float[] pin, final int[] faceTriangles,
        final int[] eyeTriangles, final int[] mouthTriangles, final int[] skirtTriangles, final int[][] shapeIndex,
        final float[][] shapeDelta)
    {
        this.vertexCount = neutral.length / 3;
        this.neutral = neutral;
        this.anchorA = anchorA;
        this.anchorB = anchorB;
        this.anchorT = anchorT;
        this.texSource = texSource;
        this.atlasUv = atlasUv;
        this.pin = pin;
        this.faceTriangles = faceTriangles;
        this.eyeTriangles = eyeTriangles;
        this.mouthTriangles = mouthTriangles;
        this.skirtTriangles = skirtTriangles;
        this.shapeIndex = shapeIndex;
        this.shapeDelta = shapeDelta;
        validate();
    }

    /**
     * Loads the shipped rig from the class path. Any thread.
     *
     * @return the rig.
     * @throws IOException when the resource is missing or malformed.
     */
    public static FaceRig loadDefault() throws IOException
    {
        try (InputStream in = FaceRig.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IOException("rig resource " + RESOURCE + " is not on the class path (regenerate it with "
                    + "'avatar rig build')");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Parses a rig file. Any thread.
     *
     * @param json the file content.
     * @return the rig.
     * @throws IOException naming what is malformed.
     */
    public static FaceRig fromJson(final String json) throws IOException
    {
        final JsonNode root = new ObjectMapper().readTree(json);
        final int version = root.path("version").asInt(-1);
        if (version != VERSION)
        {
            throw new IOException("rig file version " + version + ", this build reads version " + VERSION);
        }
        try
        {
            final float[] neutral = floats(root, "neutral");
            final int n = neutral.length / 3;
            final int[][] idx = new int[ArkitBlendshape.COUNT][];
            final float[][] delta = new float[ArkitBlendshape.COUNT][];
            final JsonNode shapes = root.path("blendshapes");
            for (int k = 0; k < ArkitBlendshape.COUNT; k++)
            {
                final JsonNode s = shapes.path(ArkitBlendshape.at(k).name());
                if (s.isMissingNode())
                {
                    throw new IOException("blendshape " + ArkitBlendshape.at(k).name() + " is missing");
                }
                idx[k] = ints(s, "index");
                delta[k] = floats(s, "delta");
            }
            final float[] anchorT = floats(root, "anchorT");
            if (anchorT.length != n)
            {
                throw new IOException("anchorT has " + anchorT.length + " entries for " + n + " vertices");
            }
            return new FaceRig(neutral, ints(root, "anchorA"), ints(root, "anchorB"), anchorT,
                ints(root, "texSource"), floats(root, "atlasUv"), floats(root, "pin"), ints(root, "faceTriangles"),
                ints(root, "eyeTriangles"), ints(root, "mouthTriangles"), ints(root, "skirtTriangles"), idx, delta);
        }
        catch (final IllegalStateException ex)
        {
            throw new IOException("malformed rig file: " + ex.getMessage(), ex);
        }
    }

    private static float[] floats(final JsonNode parent, final String name) throws IOException
    {
        final JsonNode a = parent.path(name);
        if (!a.isArray())
        {
            throw new IOException("rig file: '" + name + "' is missing or not an array");
        }
        final float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (float)a.get(i).asDouble();
        }
        return out;
    }

    private static int[] ints(final JsonNode parent, final String name) throws IOException
    {
        final JsonNode a = parent.path(name);
        if (!a.isArray())
        {
            throw new IOException("rig file: '" + name + "' is missing or not an array");
        }
        final int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private void validate()
    {
        final int n = vertexCount;
        if (n < CanonicalFaceMesh.VERTEX_COUNT || neutral.length != 3 * n)
        {
            throw new IllegalStateException("neutral has " + neutral.length + " floats");
        }
        check(anchorA.length == n && anchorB.length == n && anchorT.length == n, "anchor arrays");
        check(texSource.length == n && atlasUv.length == 2 * n && pin.length == n, "per-vertex arrays");
        for (int i = 0; i < n; i++)
        {
            check(anchorA[i] >= 0 && anchorA[i] < CanonicalFaceMesh.VERTEX_COUNT
                && anchorB[i] >= 0 && anchorB[i] < CanonicalFaceMesh.VERTEX_COUNT, "anchor of vertex " + i);
            check(texSource[i] >= TEX_LANDMARK && texSource[i] <= TEX_PROJECTED, "texSource of vertex " + i);
            check(pin[i] >= 0f && pin[i] <= 1f, "pin of vertex " + i);
        }
        for (final int[] tris : new int[][]{faceTriangles, eyeTriangles, mouthTriangles, skirtTriangles})
        {
            check(tris.length % 3 == 0, "triangle array length");
            for (final int v : tris)
            {
                check(v >= 0 && v < n, "triangle vertex " + v);
            }
        }
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            check(shapeDelta[k].length == 3 * shapeIndex[k].length, "blendshape " + ArkitBlendshape.at(k) + " sizes");
            for (final int v : shapeIndex[k])
            {
                check(v >= 0 && v < n, "blendshape " + ArkitBlendshape.at(k) + " vertex " + v);
            }
            for (final float d : shapeDelta[k])
            {
                check(Float.isFinite(d) && Math.abs(d) < 10f, "blendshape " + ArkitBlendshape.at(k) + " delta " + d);
            }
        }
    }

    private static void check(final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new IllegalStateException("invalid " + what);
        }
    }

    /**
     * Deforms: {@code out = base + sum_k weights[k] * field_k}. Allocation-free; any thread on its own arrays.
     *
     * @param weights 52 weights in {@link ArkitBlendshape} order (any values; usually [0, 1]).
     * @param base    rest positions, {@code 3 * vertexCount()} (the neutral, or a portrait's identity-shaped one).
     * @param out     deformed positions, {@code 3 * vertexCount()}; may not alias {@code base}.
     */
    public void apply(final float[] weights, final float[] base, final float[] out)
    {
        System.arraycopy(base, 0, out, 0, 3 * vertexCount);
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            final float w = weights[k];
            if (w == 0f)
            {
                continue;
            }
            final int[] idx = shapeIndex[k];
            final float[] d = shapeDelta[k];
            for (int j = 0; j < idx.length; j++)
            {
                final int o = 3 * idx[j];
                out[o] += w * d[3 * j];
                out[o + 1] += w * d[3 * j + 1];
                out[o + 2] += w * d[3 * j + 2];
            }
        }
    }

    /**
     * Extends per-landmark values (identity offsets or texture coordinates) to every rig vertex through the anchors:
     * vertex {@code i} gets {@code (1 - t) * value[a] + t * value[b]}. Setup time; any thread.
     *
     * @param perLandmark {@code dims} values per face landmark (468 landmarks).
     * @param dims        values per vertex (2 or 3).
     * @return {@code dims} values per rig vertex.
     */
    public float[] extendFromLandmarks(final float[] perLandmark, final int dims)
    {
        if (perLandmark.length != dims * CanonicalFaceMesh.VERTEX_COUNT)
        {
            throw new IllegalArgumentException("expected " + dims * CanonicalFaceMesh.VERTEX_COUNT + " values, got "
                + perLandmark.length);
        }
        final float[] out = new float[dims * vertexCount];
        for (int i = 0; i < vertexCount; i++)
        {
            final float t = anchorT[i];
            for (int c = 0; c < dims; c++)
            {
                out[dims * i + c] = (1f - t) * perLandmark[dims * anchorA[i] + c] + t * perLandmark[dims * anchorB[i] + c];
            }
        }
        return out;
    }

    /**
     * Adapts the rig to an identity shape: the eyelid fields (blink, squint, wide) were authored for the canonical
     * eye opening, so they are scaled per eye by the ratio of the identity's lid gap to the canonical one; a blink then
     * closes any eye exactly. Setup time; any thread.
     *
     * @param base identity-shaped rest positions, 3 per rig vertex.
     * @return a rig sharing everything but the adapted eyelid fields.
     */
    public FaceRig retargetedTo(final float[] base)
    {
        if (base.length != 3 * vertexCount)
        {
            throw new IllegalArgumentException("base needs " + 3 * vertexCount + " floats, got " + base.length);
        }
        final int[][] idx = shapeIndex.clone();
        final float[][] delta = shapeDelta.clone();
        scaleEye(base, delta, EYE_MID_LEFT, new ArkitBlendshape[]{ArkitBlendshape.eyeBlinkLeft,
            ArkitBlendshape.eyeSquintLeft, ArkitBlendshape.eyeWideLeft});
        scaleEye(base, delta, EYE_MID_RIGHT, new ArkitBlendshape[]{ArkitBlendshape.eyeBlinkRight,
            ArkitBlendshape.eyeSquintRight, ArkitBlendshape.eyeWideRight});
        return new FaceRig(neutral, anchorA, anchorB, anchorT, texSource, atlasUv, pin, faceTriangles, eyeTriangles,
            mouthTriangles, skirtTriangles, idx, delta);
    }

    /** Upper and lower lid contour midpoints of the left eye (MediaPipe 386 over 374). */
    private static final int[] EYE_MID_LEFT = {386, 374};
    /** Upper and lower lid contour midpoints of the right eye (159 over 145). */
    private static final int[] EYE_MID_RIGHT = {159, 145};

    private void scaleEye(final float[] base, final float[][] delta, final int[] mid, final ArkitBlendshape[] shapes)
    {
        final float canonical = neutral[3 * mid[0] + 1] - neutral[3 * mid[1] + 1];
        final float actual = base[3 * mid[0] + 1] - base[3 * mid[1] + 1];
        final float ratio = Math.max(0.3f, Math.min(3f, actual / canonical));
        for (final ArkitBlendshape s : shapes)
        {
            final float[] d = shapeDelta[s.ordinal()].clone();
            for (int i = 0; i < d.length; i++)
            {
                d[i] *= ratio;
            }
            delta[s.ordinal()] = d;
        }
    }

    /**
     * @return total number of rig vertices (468 face vertices first, then the extras).
     */
    public int vertexCount()
    {
        return vertexCount;
    }

    /**
     * @return a copy of the neutral positions of every rig vertex (canonical mesh for the first 468).
     */
    public float[] neutral()
    {
        return neutral.clone();
    }

    /**
     * @param vertex rig vertex.
     * @return how the vertex's texture coordinates are found: {@link #TEX_LANDMARK}, {@link #TEX_ATLAS} or
     *     {@link #TEX_PROJECTED}.
     */
    public int texSource(final int vertex)
    {
        return texSource[vertex];
    }

    /**
     * @return a copy of the mouth-atlas texture coordinates ({@code u, v} in [0, 1] per vertex; used where
     *     {@link #texSource} is {@link #TEX_ATLAS}).
     */
    public float[] atlasUv()
    {
        return atlasUv.clone();
    }

    /**
     * @return a copy of the per-vertex pin weights: 1 follows the head, 0 stays where it is in the portrait.
     */
    public float[] pin()
    {
        return pin.clone();
    }

    /**
     * @return a copy of the face-layer triangles (the canonical mesh without its mouth and eye openings).
     */
    public int[] faceTriangles()
    {
        return faceTriangles.clone();
    }

    /**
     * @return a copy of the eyeball-fill triangles (drawn under the face so the lids can close over them).
     */
    public int[] eyeTriangles()
    {
        return eyeTriangles.clone();
    }

    /**
     * @return a copy of the mouth-interior triangles in painter's order (cavity, tongue, lower then upper teeth).
     */
    public int[] mouthTriangles()
    {
        return mouthTriangles.clone();
    }

    /**
     * @return a copy of the skirt triangles (face outline to the pinned outer ring).
     */
    public int[] skirtTriangles()
    {
        return skirtTriangles.clone();
    }

    /**
     * @param shape a blendshape.
     * @return whether the rig has a non-empty field for it.
     */
    public boolean isModelled(final ArkitBlendshape shape)
    {
        return shapeIndex[shape.ordinal()].length > 0;
    }

    /**
     * Serializes the rig deterministically (fixed decimals, fixed order), so a regenerated file can be compared
     * byte for byte. Any thread.
     *
     * @return the JSON text.
     */
    public String toJson()
    {
        final StringBuilder sb = new StringBuilder(1 << 20);
        sb.append("{\n\"version\": ").append(VERSION).append(",\n");
        sb.append("\"comment\": \"generated by io.avatar.models.rig.RigBuilder; do not edit by hand. Units: cm, "
            + "canonical face mesh frame (x subject's left, y up, z toward the camera).\",\n");
        sb.append("\"vertexCount\": ").append(vertexCount).append(",\n");
        appendFloats(sb, "neutral", neutral, 4).append(",\n");
        appendInts(sb, "anchorA", anchorA).append(",\n");
        appendInts(sb, "anchorB", anchorB).append(",\n");
        appendFloats(sb, "anchorT", anchorT, 4).append(",\n");
        appendInts(sb, "texSource", texSource).append(",\n");
        appendFloats(sb, "atlasUv", atlasUv, 4).append(",\n");
        appendFloats(sb, "pin", pin, 4).append(",\n");
        appendInts(sb, "faceTriangles", faceTriangles).append(",\n");
        appendInts(sb, "eyeTriangles", eyeTriangles).append(",\n");
        appendInts(sb, "mouthTriangles", mouthTriangles).append(",\n");
        appendInts(sb, "skirtTriangles", skirtTriangles).append(",\n");
        sb.append("\"blendshapes\": {\n");
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            sb.append("\"").append(ArkitBlendshape.at(k).name()).append("\": {");
            appendInts(sb, "index", shapeIndex[k]).append(", ");
            appendFloats(sb, "delta", shapeDelta[k], 4).append("}");
            sb.append(k + 1 < ArkitBlendshape.COUNT ? ",\n" : "\n");
        }
        sb.append("}\n}\n");
        return sb.toString();
    }

    private static StringBuilder appendInts(final StringBuilder sb, final String name, final int[] a)
    {
        sb.append('"').append(name).append("\": [");
        for (int i = 0; i < a.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            sb.append(a[i]);
        }
        return sb.append(']');
    }

    private static StringBuilder appendFloats(final StringBuilder sb, final String name, final float[] a,
        final int decimals)
    {
        sb.append('"').append(name).append("\": [");
        final String fmt = "%." + decimals + "f";
        for (int i = 0; i < a.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            String s = String.format(Locale.ROOT, fmt, a[i]);
            if (s.startsWith("-") && Double.parseDouble(s) == 0.0)
            {
                s = s.substring(1);
            }
            sb.append(s);
        }
        return sb.append(']');
    }
}
