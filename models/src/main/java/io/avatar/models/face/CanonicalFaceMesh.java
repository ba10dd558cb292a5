package io.avatar.models.face;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MediaPipe's canonical face mesh: 468 vertices in face-landmark order (centimetres; x toward the subject's left,
 * y up, z out of the face toward the camera), their texture coordinates (u to the right, v down, in [0, 1]), 898
 * triangles (clockwise in image coordinates, i.e. counter-clockwise seen from the front with y up) and the
 * Procrustes landmark weights MediaPipe uses to solve head pose.
 * <p>
 * Decoded from {@code geometry_pipeline_metadata_landmarks.binarypb} ({@link AssetId#CANONICAL_MESH}), a
 * {@code GeometryPipelineMetadata} message: field 1 {@code canonical_mesh} (Mesh3d: 1 vertex_type, 2 primitive_type,
 * 3 vertex_buffer floats x,y,z,u,v, 4 index_buffer uint32), field 2 repeated {@code procrustes_landmark_basis}
 * (1 landmark_id, 2 weight), field 3 {@code input_source} (field numbers checked against the bytes of the pinned
 * asset). Immutable; safe to share between threads.
 */
public final class CanonicalFaceMesh
{
    /** Number of vertices (face landmarks). */
    public static final int VERTEX_COUNT = 468;
    /** Number of triangles. */
    public static final int TRIANGLE_COUNT = 898;

    private static final int FLOATS_PER_VERTEX = 5;
    private static final int INPUT_SOURCE_FACE_LANDMARK_PIPELINE = 1;

    private final float[] positions;
    private final float[] uvs;
    private final int[] triangles;
    private final int[] procrustesIds;
    private final float[] procrustesWeights;

    private CanonicalFaceMesh(final float[] positions, final float[] uvs, final int[] triangles,
        final int[] procrustesIds, final float[] procrustesWeights)
    {
        this.positions = positions;
        this.uvs = uvs;
        this.triangles = triangles;
        this.procrustesIds = procrustesIds;
        this.procrustesWeights = procrustesWeights;
    }

    /**
     * Loads the mesh from the default asset store (fetching it if needed). Any thread.
     *
     * @return the mesh.
     * @throws IOException when the asset cannot be read or is malformed.
     */
    public static CanonicalFaceMesh loadDefault() throws IOException
    {
        return load(AssetStore.openDefault().ensure(AssetId.CANONICAL_MESH));
    }

    /**
     * Loads and validates the mesh from a file. Any thread.
     *
     * @param file the {@code .binarypb} file.
     * @return the mesh.
     * @throws IOException when the file cannot be read or is not a valid canonical face mesh (the message says why).
     */
    public static CanonicalFaceMesh load(final Path file) throws IOException
    {
        try
        {
            return decode(Files.readAllBytes(file));
        }
        catch (final IllegalStateException ex)
        {
            throw new IOException("canonical face mesh " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Decodes and validates the mesh from the protobuf bytes. Any thread.
     *
     * @param bytes the serialized {@code GeometryPipelineMetadata}.
     * @return the mesh.
     * @throws IllegalStateException naming what is malformed.
     */
    public static CanonicalFaceMesh decode(final byte[] bytes)
    {
        final FloatList vertexBuffer = new FloatList();
        final IntList indexBuffer = new IntList();
        final IntList ids = new IntList();
        final FloatList weights = new FloatList();
        int inputSource = -1;
        boolean sawMesh = false;

        final ProtoWireReader top = new ProtoWireReader(bytes, 0, bytes.length);
        while (top.next())
        {
            if (top.fieldNumber() == 1 && top.wireType() == ProtoWireReader.LENGTH_DELIMITED)
            {
                final int[] slice = top.readLengthDelimited();
                decodeMesh(new ProtoWireReader(bytes, slice[0], slice[1]), vertexBuffer, indexBuffer);
                sawMesh = true;
            }
            else if (top.fieldNumber() == 2 && top.wireType() == ProtoWireReader.LENGTH_DELIMITED)
            {
                final int[] slice = top.readLengthDelimited();
                decodeWeightedLandmark(new ProtoWireReader(bytes, slice[0], slice[1]), ids, weights);
            }
            else if (top.fieldNumber() == 3 && top.wireType() == ProtoWireReader.VARINT)
            {
                inputSource = (int)top.readVarint();
            }
            else
            {
                top.skip();
            }
        }
        if (!sawMesh)
        {
            throw new IllegalStateException("no canonical_mesh (field 1) in the metadata");
        }
        if (inputSource != INPUT_SOURCE_FACE_LANDMARK_PIPELINE)
        {
            throw new IllegalStateException("input_source is " + inputSource
                + ", expected FACE_LANDMARK_PIPELINE (1): this is not the landmark-ordered metadata");
        }
        return validate(vertexBuffer.toArray(), indexBuffer.toArray(), ids.toArray(), weights.toArray());
    }

    private static void decodeMesh(final ProtoWireReader r, final FloatList vertexBuffer, final IntList indexBuffer)
    {
        while (r.next())
        {
            switch (r.fieldNumber())
            {
                case 1, 2 ->
                {
                    final long type = r.readVarint();
                    if (type != 0)
                    {
                        throw new IllegalStateException("mesh field " + r.fieldNumber() + " (vertex/primitive type) is "
                            + type + ", expected 0 (VERTEX_PT / TRIANGLE)");
                    }
                }
                case 3 ->
                {
                    if (r.wireType() == ProtoWireReader.FIXED32)
                    {
                        vertexBuffer.add(r.readFloat());
                    }
                    else
                    {
                        final int[] s = r.readLengthDelimited();
                        final ProtoWireReader packed = new ProtoWireReader(r.array(), s[0], s[1]);
                        for (int i = 0; i < s[1] / 4; i++)
                        {
                            vertexBuffer.add(packed.readFloat());
                        }
                    }
                }
                case 4 ->
                {
                    if (r.wireType() == ProtoWireReader.VARINT)
                    {
                        indexBuffer.add(toIndex(r.readVarint()));
                    }
                    else
                    {
                        final int[] s = r.readLengthDelimited();
                        final ProtoWireReader packed = new ProtoWireReader(r.array(), s[0], s[1]);
                        while (packed.hasMore())
                        {
                            indexBuffer.add(toIndex(packed.readVarint()));
                        }
                    }
                }
                default -> r.skip();
            }
        }
    }

    private static int toIndex(final long v)
    {
        if (v < 0 || v >= VERTEX_COUNT)
        {
            throw new IllegalStateException("index_buffer entry " + v + " outside [0, " + VERTEX_COUNT + ")");
        }
        return (int)v;
    }

    private static void decodeWeightedLandmark(final ProtoWireReader r, final IntList ids, final FloatList weights)
    {
        int id = -1;
        float weight = Float.NaN;
        while (r.next())
        {
            if (r.fieldNumber() == 1 && r.wireType() == ProtoWireReader.VARINT)
            {
                id = (int)r.readVarint();
            }
            else if (r.fieldNumber() == 2 && r.wireType() == ProtoWireReader.FIXED32)
            {
                weight = r.readFloat();
            }
            else
            {
                r.skip();
            }
        }
        if (id < 0 || id >= VERTEX_COUNT || !(weight > 0f))
        {
            throw new IllegalStateException("bad procrustes_landmark_basis entry: id " + id + ", weight " + weight);
        }
        ids.add(id);
        weights.add(weight);
    }

    private static CanonicalFaceMesh validate(final float[] vb, final int[] ib, final int[] ids, final float[] w)
    {
        if (vb.length != VERTEX_COUNT * FLOATS_PER_VERTEX)
        {
            throw new IllegalStateException("vertex_buffer has " + vb.length + " floats, expected "
                + VERTEX_COUNT * FLOATS_PER_VERTEX + " (468 vertices of x,y,z,u,v)");
        }
        if (ib.length != TRIANGLE_COUNT * 3)
        {
            throw new IllegalStateException("index_buffer has " + ib.length + " entries, expected "
                + TRIANGLE_COUNT * 3 + " (898 triangles)");
        }
        if (ids.length == 0)
        {
            throw new IllegalStateException("no procrustes_landmark_basis entries");
        }
        final float[] pos = new float[VERTEX_COUNT * 3];
        final float[] uv = new float[VERTEX_COUNT * 2];
        for (int i = 0; i < VERTEX_COUNT; i++)
        {
            for (int k = 0; k < FLOATS_PER_VERTEX; k++)
            {
                final float f = vb[i * FLOATS_PER_VERTEX + k];
                if (!Float.isFinite(f))
                {
                    throw new IllegalStateException("vertex " + i + " component " + k + " is not finite");
                }
            }
            System.arraycopy(vb, i * FLOATS_PER_VERTEX, pos, i * 3, 3);
            final float u = vb[i * FLOATS_PER_VERTEX + 3];
            final float v = vb[i * FLOATS_PER_VERTEX + 4];
            if (u < 0f || u > 1f || v < 0f || v > 1f)
            {
                throw new IllegalStateException("vertex " + i + " UV (" + u + ", " + v + ") outside [0, 1]");
            }
            uv[i * 2] = u;
            uv[i * 2 + 1] = v;
        }
        for (int t = 0; t < TRIANGLE_COUNT; t++)
        {
            final int a = ib[3 * t];
            final int b = ib[3 * t + 1];
            final int c = ib[3 * t + 2];
            if (a == b || b == c || a == c)
            {
                throw new IllegalStateException("triangle " + t + " is degenerate (" + a + ", " + b + ", " + c + ")");
            }
        }
        return new CanonicalFaceMesh(pos, uv, ib, ids, w);
    }

    /**
     * @return a copy of the positions, {@code x, y, z} per vertex, centimetres.
     */
    public float[] positions()
    {
        return positions.clone();
    }

    /**
     * @param vertex vertex index.
     * @param axis   0 x, 1 y, 2 z.
     * @return one coordinate.
     */
    public float position(final int vertex, final int axis)
    {
        return positions[vertex * 3 + axis];
    }

    /**
     * @return a copy of the texture coordinates, {@code u, v} per vertex in [0, 1], v down.
     */
    public float[] uvs()
    {
        return uvs.clone();
    }

    /**
     * @return a copy of the triangles, three vertex indices each.
     */
    public int[] triangles()
    {
        return triangles.clone();
    }

    /**
     * @return a copy of the landmark indices used for Procrustes pose solving.
     */
    public int[] procrustesLandmarkIds()
    {
        return procrustesIds.clone();
    }

    /**
     * @return a copy of the Procrustes weights, parallel to {@link #procrustesLandmarkIds()}.
     */
    public float[] procrustesWeights()
    {
        return procrustesWeights.clone();
    }

    /** A growable float array (decode time only). */
    private static final class FloatList
    {
        private float[] a = new float[256];
        private int n;

        void add(final float f)
        {
            if (n == a.length)
            {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = f;
        }

        float[] toArray()
        {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable int array (decode time only). */
    private static final class IntList
    {
        private int[] a = new int[256];
        private int n;

        void add(final int v)
        {
            if (n == a.length)
            {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray()
        {
            return Arrays.copyOf(a, n);
        }
    }
}
