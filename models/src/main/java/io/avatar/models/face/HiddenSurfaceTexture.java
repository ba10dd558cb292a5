package io.avatar.models.face;

import io.avatar.kernels.render.RenderCamera;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Texture coordinates for the part of the face surface the portrait saw edge-on or not at all: the side of the
 * cheek and jaw beyond the rest silhouette. A face vertex's texture coordinate is where the portrait shows it, so
 * such a band (the face oval and the vertices next to it on the far side of the silhouette) maps onto a sliver of
 * the portrait one or two pixels wide, often folded; a head turn that brings that side into view stretched the
 * sliver into a smear, and where the sliver held the outline's hair or background pixels into a saw-tooth of
 * streaks along the jaw (issue #3, "no visible tear or seam at the jaw line"). Here every vertex all of whose face
 * triangles are seen edge-on at rest gets its texture unfolded instead: the skin just inside the silhouette,
 * reflected outward, at the vertex's distance over the surface from the nearest vertex the portrait does show. Only
 * triangles that cover almost no pixels at rest change, so the rest frame stays the portrait. Setup time; any
 * thread.
 */
final class HiddenSurfaceTexture
{
    /**
     * Foreshortening (projected area over true area, that is the cosine between the triangle's normal and the line
     * of sight) below which a triangle counts as seen edge-on: at 0.1 a 15 degree turn toward the camera already
     * stretches it about 3.5 times.
     */
    static final double EDGE_ON = 0.1;

    /**
     * How far inside the silhouette (cm over the surface) the unfolded skin is taken from, at most: past the
     * outline's blend with hair or background, yet close enough to have the edge's shading (skin from further in
     * is lighter: it showed as a light line along the outline once the outline was anti-aliased).
     */
    static final double INSET_CM = 0.1;

    /**
     * Mesh rings from the face oval within which a vertex may be unfolded. The slivers are the oval and its first
     * two rings (e.g. oval 234 with 227 by the ear, oval 58 with 215 on the jaw); further in, edge-on triangles are
     * the inner lips and eyelids, whose texture must stay the portrait's (unfolding moved the inner-lip texture by up
     * to 0.5 px and changed what style extraction reads from rendered speech).
     */
    static final int OVAL_RINGS = 3;

    private HiddenSurfaceTexture()
    {
    }

    /**
     * @param face face-layer triangles.
     * @param n    vertex count.
     * @return per vertex, whether it lies within {@link #OVAL_RINGS} mesh rings of the face oval.
     */
    static boolean[] nearFaceOval(final int[] face, final int n)
    {
        final int[] ring = MeshRings.from(face, n, OVAL_RINGS, FaceLandmarkSets.FACE_OVAL);
        final boolean[] near = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            near[i] = ring[i] <= OVAL_RINGS;
        }
        return near;
    }

    /**
     * Rewrites, in place, the texture coordinates of the face vertices the portrait saw only edge-on.
     *
     * @param base      identity-shaped rest positions, 3 per vertex (cm, head frame).
     * @param face      face-layer triangles.
     * @param camera    the portrait's rest camera.
     * @param eligible  per vertex, whether its texture coordinate is the portrait's pixel where the vertex shows at
     *                  rest (landmark texture), so it may be unfolded.
     * @param tex       texture coordinates, 2 per vertex (portrait pixels); rewritten for the unfolded vertices.
     * @return the number of vertices unfolded.
     */
    static int unfold(final float[] base, final int[] face, final RenderCamera camera, final boolean[] eligible,
        final float[] tex)
    {
        final int n = base.length / 3;
        final float[] screen = new float[2 * n];
        final float[] pt = new float[2];
        for (int i = 0; i < n; i++)
        {
            camera.projectRest(base, 3 * i, pt);
            screen[2 * i] = pt[0];
            screen[2 * i + 1] = pt[1];
        }
        final int tris = face.length / 3;
        // foreshortening per triangle: signed projected area (facing > 0) over true area, normalised by the scale
        // (pixels per cm) of the triangles that face the camera most squarely
        final double[] ratio = new double[tris];
        final double[] scale = new double[tris];
        for (int t = 0; t < tris; t++)
        {
            final int a = face[3 * t];
            final int b = face[3 * t + 1];
            final int c = face[3 * t + 2];
            final double screenArea = -0.5 * ((screen[2 * b] - screen[2 * a]) * (screen[2 * c + 1] - screen[2 * a + 1])
                - (screen[2 * b + 1] - screen[2 * a + 1]) * (screen[2 * c] - screen[2 * a]));
            final double trueArea = area(base, a, b, c);
            ratio[t] = trueArea > 1e-9 ? screenArea / trueArea : 0.0;
            scale[t] = Math.sqrt(Math.max(0.0, ratio[t]));
        }
        final double[] sorted = scale.clone();
        Arrays.sort(sorted);
        final double pxPerCm = sorted[(int)(0.9 * (tris - 1))];
        if (!(pxPerCm > 0))
        {
            throw new IllegalArgumentException("the face faces away from the portrait's camera");
        }
        final boolean[] inFace = new boolean[n];
        final boolean[] seen = new boolean[n];
        for (int t = 0; t < tris; t++)
        {
            final boolean shown = ratio[t] / (pxPerCm * pxPerCm) >= EDGE_ON;
            for (int k = 0; k < 3; k++)
            {
                inFace[face[3 * t + k]] = true;
                seen[face[3 * t + k]] |= shown;
            }
        }
        // the face's centre in the portrait: the direction "inward" from a silhouette vertex
        double cx = 0;
        double cy = 0;
        int shownCount = 0;
        for (int i = 0; i < n; i++)
        {
            if (inFace[i] && seen[i])
            {
                cx += tex[2 * i];
                cy += tex[2 * i + 1];
                shownCount++;
            }
        }
        cx /= shownCount;
        cy /= shownCount;
        // surface distance (along face edges) from the nearest vertex the portrait shows, and which one that is
        final double[] dist = new double[n];
        final int[] source = new int[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(source, -1);
        final PriorityQueue<double[]> queue = new PriorityQueue<>((p, q) -> Double.compare(p[0], q[0]));
        for (int i = 0; i < n; i++)
        {
            if (inFace[i] && (seen[i] || !eligible[i]))
            {
                dist[i] = 0;
                source[i] = i;
                queue.add(new double[]{0, i});
            }
        }
        final int[][] adjacency = adjacency(face, n);
        while (!queue.isEmpty())
        {
            final double[] top = queue.poll();
            final int v = (int)top[1];
            if (top[0] > dist[v])
            {
                continue;
            }
            for (final int w : adjacency[v])
            {
                final double d = dist[v] + length(base, v, w);
                if (d < dist[w])
                {
                    dist[w] = d;
                    source[w] = source[v];
                    queue.add(new double[]{d, w});
                }
            }
        }
        int unfolded = 0;
        for (int i = 0; i < n; i++)
        {
            if (!inFace[i] || dist[i] == 0 || source[i] < 0)
            {
                continue;
            }
            final int s = source[i];
            final double dx = cx - tex[2 * s];
            final double dy = cy - tex[2 * s + 1];
            final double len = Math.hypot(dx, dy);
            final double step = Math.min(dist[i], INSET_CM) * pxPerCm / len;
            tex[2 * i] = (float)(tex[2 * s] + dx * step);
            tex[2 * i + 1] = (float)(tex[2 * s + 1] + dy * step);
            unfolded++;
        }
        return unfolded;
    }

    private static double area(final float[] p, final int a, final int b, final int c)
    {
        final double[] n = new double[3];
        TriangleNormal.of(p, a, b, c, n);
        return 0.5 * Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    }

    private static double length(final float[] p, final int a, final int b)
    {
        final double dx = p[3 * b] - p[3 * a];
        final double dy = p[3 * b + 1] - p[3 * a + 1];
        final double dz = p[3 * b + 2] - p[3 * a + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static int[][] adjacency(final int[] face, final int n)
    {
        final java.util.List<java.util.Set<Integer>> sets = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            sets.add(new java.util.TreeSet<>());
        }
        for (int t = 0; t < face.length; t += 3)
        {
            for (int k = 0; k < 3; k++)
            {
                final int a = face[t + k];
                final int b = face[t + (k + 1) % 3];
                sets.get(a).add(b);
                sets.get(b).add(a);
            }
        }
        final int[][] out = new int[n][];
        for (int i = 0; i < n; i++)
        {
            out[i] = sets.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
