package io.avatar.kernels.render;

/**
 * The static description of what a renderer draws: vertex count, rest positions (head frame, cm), pin weights
 * (1 = moves with the head, 0 = stays where it is in the portrait), texture coordinates (pixels of the texture the
 * vertex's layer samples) and the triangles of each layer, drawn in this order: skirt, mouth interior (mouth atlas,
 * with alpha, painter's order), eyeball fills, face (depth-tested). Triangles are wound clockwise in image coordinates
 * when facing the camera. Arrays are copied; immutable.
 */
public final class RenderMesh
{
    private final int vertexCount;
    private final float[] restPositions;
    private final float[] pin;
    private final float[] texcoords;
    private final int[] skirt;
    private final int[] mouth;
    private final int[] eyes;
    private final int[] face;

    /**
     * @param restPositions rest positions, 3 per vertex.
     * @param pin           pin weights in [0, 1], 1 per vertex.
     * @param texcoords     texture coordinates in texture pixels, 2 per vertex.
     * @param skirt         skirt triangles (portrait texture).
     * @param mouth         mouth-interior triangles (mouth atlas).
     * @param eyes          eyeball-fill triangles (portrait texture).
     * @param face          face triangles (portrait texture).
     */
    public RenderMesh(final float[] restPositions, final float[] pin, final float[] texcoords, final int[] skirt,
        final int[] mouth, final int[] eyes, final int[] face)
    {
        if (restPositions.length % 3 != 0)
        {
            throw new IllegalArgumentException("rest positions must be 3 per vertex, got " + restPositions.length);
        }
        this.vertexCount = restPositions.length / 3;
        if (pin.length != vertexCount || texcoords.length != 2 * vertexCount)
        {
            throw new IllegalArgumentException("pin needs " + vertexCount + " and texcoords " + 2 * vertexCount
                + " values, got " + pin.length + " and " + texcoords.length);
        }
        for (int i = 0; i < vertexCount; i++)
        {
            if (!(pin[i] >= 0f && pin[i] <= 1f))
            {
                throw new IllegalArgumentException("pin weight of vertex " + i + " is " + pin[i] + ", not in [0, 1]");
            }
        }
        for (final float f : restPositions)
        {
            if (!Float.isFinite(f))
            {
                throw new IllegalArgumentException("rest positions contain a non-finite value");
            }
        }
        for (final float f : texcoords)
        {
            if (!Float.isFinite(f))
            {
                throw new IllegalArgumentException("texture coordinates contain a non-finite value");
            }
        }
        checkTriangles("skirt", skirt, vertexCount);
        checkTriangles("mouth", mouth, vertexCount);
        checkTriangles("eyes", eyes, vertexCount);
        checkTriangles("face", face, vertexCount);
        this.restPositions = restPositions.clone();
        this.pin = pin.clone();
        this.texcoords = texcoords.clone();
        this.skirt = skirt.clone();
        this.mouth = mouth.clone();
        this.eyes = eyes.clone();
        this.face = face.clone();
    }

    private static void checkTriangles(final String layer, final int[] t, final int n)
    {
        if (t.length % 3 != 0)
        {
            throw new IllegalArgumentException(layer + " triangle array length " + t.length + " is not a multiple of 3");
        }
        for (final int v : t)
        {
            if (v < 0 || v >= n)
            {
                throw new IllegalArgumentException(layer + " triangle refers to vertex " + v + " of " + n);
            }
        }
    }

    /**
     * @return number of vertices.
     */
    public int vertexCount()
    {
        return vertexCount;
    }

    float[] restPositions()
    {
        return restPositions;
    }

    float[] pin()
    {
        return pin;
    }

    float[] texcoords()
    {
        return texcoords;
    }

    int[] skirt()
    {
        return skirt;
    }

    int[] mouth()
    {
        return mouth;
    }

    int[] eyes()
    {
        return eyes;
    }

    int[] face()
    {
        return face;
    }
}
