package io.avatar.models.face;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalFaceMeshTest
{
    @Test
    void shouldDecodeTheCanonicalMesh() throws IOException
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        assertEquals(468 * 3, mesh.positions().length);
        assertEquals(898 * 3, mesh.triangles().length);
        for (final float uv : mesh.uvs())
        {
            assertTrue(uv >= 0f && uv <= 1f, "uv in [0, 1]: " + uv);
        }
        // landmark order: 1 is the nose tip (most forward), 152 the chin (lowest), 10 the forehead (highest)
        final float[] p = mesh.positions();
        for (int i = 0; i < 468; i++)
        {
            assertTrue(p[3 * i + 2] <= p[3 * 4 + 2] + 1e-3f || i == 4 || i == 1, "nose tip is the most forward point");
            assertTrue(p[3 * i + 1] >= p[3 * 152 + 1] - 1e-3f, "chin is the lowest point");
            assertTrue(p[3 * i + 1] <= p[3 * 10 + 1] + 1e-3f, "forehead is the highest point");
        }
        // the right eye (33) is at negative x, the left eye (263) mirrored at positive x
        assertEquals(-mesh.position(33, 0), mesh.position(263, 0), 1e-4f);
        assertTrue(mesh.position(33, 0) < 0f);
    }

    @Test
    void shouldWindTrianglesConsistently() throws IOException
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final float[] p = mesh.positions();
        final int[] t = mesh.triangles();
        int ccw = 0;
        for (int i = 0; i < t.length; i += 3)
        {
            final float ax = p[3 * t[i]];
            final float ay = p[3 * t[i] + 1];
            final float cross = (p[3 * t[i + 1]] - ax) * (p[3 * t[i + 2] + 1] - ay)
                - (p[3 * t[i + 1] + 1] - ay) * (p[3 * t[i + 2]] - ax);
            ccw += cross > 0 ? 1 : 0;
        }
        // all but a few silhouette triangles face the front counter-clockwise (y up)
        assertTrue(ccw > 880, "counter-clockwise triangles: " + ccw);
    }

    @Test
    void shouldCarryProcrustesWeights() throws IOException
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final int[] ids = mesh.procrustesLandmarkIds();
        final float[] w = mesh.procrustesWeights();
        assertEquals(ids.length, w.length);
        assertTrue(ids.length >= 20, "procrustes basis size " + ids.length);
        assertEquals(ids.length, Arrays.stream(ids).distinct().count(), "distinct landmark ids");
        for (final float f : w)
        {
            assertTrue(f > 0f && f < 1f, "weight " + f);
        }
    }

    @Test
    void shouldRejectTruncatedOrForeignBytes() throws IOException
    {
        final byte[] good = java.nio.file.Files.readAllBytes(io.avatar.models.assets.AssetStore.openDefault()
            .ensure(io.avatar.models.assets.AssetId.CANONICAL_MESH));
        final IllegalStateException truncated = assertThrows(IllegalStateException.class,
            () -> CanonicalFaceMesh.decode(Arrays.copyOf(good, good.length / 2)));
        assertTrue(truncated.getMessage().contains("protobuf") || truncated.getMessage().contains("canonical"),
            truncated.getMessage());
        final IllegalStateException empty = assertThrows(IllegalStateException.class,
            () -> CanonicalFaceMesh.decode(new byte[0]));
        assertTrue(empty.getMessage().contains("canonical_mesh"), empty.getMessage());
    }
}
