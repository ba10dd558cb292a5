package io.avatar.models.face;

import java.util.Arrays;

/**
 * Distance in mesh edges ("rings") from a set of seed vertices, over a triangle list: how the face code fades a
 * correction in away from an outline or keeps a change near one. Setup time; any thread.
 */
final class MeshRings
{
    private MeshRings()
    {
    }

    /**
     * @param triangles vertex indices, 3 per triangle; indices at or above {@code n} are ignored.
     * @param n         vertex count of the result.
     * @param maxRings  how far to walk.
     * @param seeds     vertex sets at ring 0.
     * @return per vertex, its ring (0 on a seed), or {@link Integer#MAX_VALUE} beyond {@code maxRings}.
     */
    static int[] from(final int[] triangles, final int n, final int maxRings, final int[]... seeds)
    {
        final int[] ring = new int[n];
        Arrays.fill(ring, Integer.MAX_VALUE);
        for (final int[] set : seeds)
        {
            for (final int i : set)
            {
                ring[i] = 0;
            }
        }
        for (int r = 0; r < maxRings; r++)
        {
            for (int t = 0; t + 2 < triangles.length; t += 3)
            {
                for (int e = 0; e < 3; e++)
                {
                    final int u = triangles[t + e];
                    final int v = triangles[t + (e + 1) % 3];
                    if (u < n && v < n)
                    {
                        if (ring[u] == r && ring[v] > r + 1)
                        {
                            ring[v] = r + 1;
                        }
                        if (ring[v] == r && ring[u] > r + 1)
                        {
                            ring[u] = r + 1;
                        }
                    }
                }
            }
        }
        return ring;
    }
}
