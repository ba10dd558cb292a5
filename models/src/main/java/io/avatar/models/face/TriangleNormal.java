package io.avatar.models.face;

/**
 * The cross product of a triangle's two edges from its first corner: a normal whose length is twice the triangle's
 * area (unnormalised, so summing it over a vertex's triangles weights each by its area). Setup time; any thread.
 */
final class TriangleNormal
{
    private TriangleNormal()
    {
    }

    /**
     * @param p   positions, x y z per vertex.
     * @param a   first corner.
     * @param b   second corner.
     * @param c   third corner.
     * @param out receives (b - a) x (c - a) in its first three entries.
     */
    static void of(final float[] p, final int a, final int b, final int c, final double[] out)
    {
        final double ux = p[3 * b] - p[3 * a];
        final double uy = p[3 * b + 1] - p[3 * a + 1];
        final double uz = p[3 * b + 2] - p[3 * a + 2];
        final double vx = p[3 * c] - p[3 * a];
        final double vy = p[3 * c + 1] - p[3 * a + 1];
        final double vz = p[3 * c + 2] - p[3 * a + 2];
        out[0] = uy * vz - uz * vy;
        out[1] = uz * vx - ux * vz;
        out[2] = ux * vy - uy * vx;
    }
}
