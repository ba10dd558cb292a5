package io.avatar.models.face.detect;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference shape for {@link PoseSolver}: the 468 canonical face-mesh vertices (centimetres, x to the subject's
 * left, y up, z towards the viewer) and MediaPipe's Procrustes landmark weights, read from
 * {@code geometry_pipeline_metadata_landmarks.binarypb}. Only the two fields the pose needs are decoded (a minimal
 * protobuf walk); the full mesh (UVs, triangles) belongs to the canonical-mesh decoder of the rig. Any thread may
 * read it; the arrays are shared, not copied, so nobody may write to them.
 *
 * @param vertices {@code 468 * 3} floats.
 * @param weights  468 weights, zero for landmarks outside the Procrustes basis.
 */
public record ProcrustesReference(float[] vertices, float[] weights)
{
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LEN = 2;
    private static final int WIRE_FIXED32 = 5;
    // GeometryPipelineMetadata: canonical_mesh = 1 (Mesh3d), procrustes_landmark_basis = 2 (WeightedLandmarkRef)
    private static final int FIELD_MESH = 1;
    private static final int FIELD_BASIS = 2;
    // Mesh3d: vertex_buffer = 3 (x, y, z, u, v per vertex); WeightedLandmarkRef: landmark_id = 1, weight = 2
    private static final int FIELD_VERTEX_BUFFER = 3;
    private static final int VERTEX_STRIDE = 5;

    /**
     * Loads the reference from the default asset store.
     *
     * @return the reference.
     * @throws IOException when the file cannot be read or is not the expected metadata.
     */
    public static ProcrustesReference openDefault() throws IOException
    {
        return load(AssetStore.openDefault().ensure(AssetId.CANONICAL_MESH));
    }

    /**
     * @param file {@code geometry_pipeline_metadata_landmarks.binarypb}.
     * @return the reference.
     * @throws IOException when the file cannot be read or is not the expected metadata.
     */
    public static ProcrustesReference load(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final float[] vertices = new float[3 * FaceMesh.LANDMARKS];
        final float[] weights = new float[FaceMesh.LANDMARKS];
        int floats = 0;
        int basis = 0;
        try
        {
            while (b.hasRemaining())
            {
                final long key = varint(b);
                final int field = (int)(key >>> 3);
                final int wire = (int)(key & 7);
                if (field == FIELD_MESH && wire == WIRE_LEN)
                {
                    final ByteBuffer mesh = slice(b);
                    while (mesh.hasRemaining())
                    {
                        final long mk = varint(mesh);
                        final int mf = (int)(mk >>> 3);
                        final int mw = (int)(mk & 7);
                        if (mf == FIELD_VERTEX_BUFFER && mw == WIRE_FIXED32)
                        {
                            floats = putVertexFloat(vertices, floats, mesh.getFloat());
                        }
                        else if (mf == FIELD_VERTEX_BUFFER && mw == WIRE_LEN)
                        {
                            final ByteBuffer packed = slice(mesh);
                            while (packed.remaining() >= 4)
                            {
                                floats = putVertexFloat(vertices, floats, packed.getFloat());
                            }
                        }
                        else
                        {
                            skip(mesh, mw);
                        }
                    }
                }
                else if (field == FIELD_BASIS && wire == WIRE_LEN)
                {
                    final ByteBuffer ref = slice(b);
                    long id = -1;
                    float weight = Float.NaN;
                    while (ref.hasRemaining())
                    {
                        final long rk = varint(ref);
                        if ((rk >>> 3) == 1 && (rk & 7) == WIRE_VARINT)
                        {
                            id = varint(ref);
                        }
                        else if ((rk >>> 3) == 2 && (rk & 7) == WIRE_FIXED32)
                        {
                            weight = ref.getFloat();
                        }
                        else
                        {
                            skip(ref, (int)(rk & 7));
                        }
                    }
                    if (id < 0 || id >= FaceMesh.LANDMARKS || !(weight >= 0))
                    {
                        throw new IOException("Procrustes basis entry " + basis + " has landmark " + id
                            + " and weight " + weight);
                    }
                    weights[(int)id] = weight;
                    basis++;
                }
                else
                {
                    skip(b, wire);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            throw new IOException("cannot parse " + file + " as MediaPipe geometry metadata: " + ex, ex);
        }
        if (floats != VERTEX_STRIDE * FaceMesh.LANDMARKS || basis < 3)
        {
            throw new IOException(file + " holds " + floats / VERTEX_STRIDE + " vertices and " + basis
                + " Procrustes landmarks, expected " + FaceMesh.LANDMARKS + " vertices and at least 3 landmarks");
        }
        return new ProcrustesReference(vertices, weights);
    }

    private static int putVertexFloat(final float[] vertices, final int index, final float value)
    {
        final int vertex = index / VERTEX_STRIDE;
        final int component = index % VERTEX_STRIDE;
        if (vertex < FaceMesh.LANDMARKS && component < 3)
        {
            vertices[3 * vertex + component] = value;
        }
        return index + 1;
    }

    private static long varint(final ByteBuffer b)
    {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            final int c = b.get() & 0xFF;
            v |= (long)(c & 0x7F) << shift;
            if (c < 0x80)
            {
                return v;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    private static ByteBuffer slice(final ByteBuffer b)
    {
        final int len = (int)varint(b);
        if (len < 0 || len > b.remaining())
        {
            throw new IllegalStateException("length " + len + " runs past the end");
        }
        final ByteBuffer s = b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + len);
        return s;
    }

    private static void skip(final ByteBuffer b, final int wire)
    {
        switch (wire)
        {
            case WIRE_VARINT -> varint(b);
            case WIRE_FIXED64 -> b.position(b.position() + 8);
            case WIRE_LEN -> slice(b);
            case WIRE_FIXED32 -> b.position(b.position() + 4);
            default -> throw new IllegalStateException("unsupported wire type " + wire);
        }
    }
}
