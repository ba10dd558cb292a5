package io.avatar.models.rig;

import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.FaceLandmarkSets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Authors the face rig procedurally from semantic regions of the canonical mesh (lip contours, jaw, eyelids, brows,
 * cheeks, nose) and writes {@code rig-v1.json}. Deterministic: running it twice gives the same bytes. Setup-time
 * tool, single thread.
 * <p>
 * Regions come from the MediaPipe contour index sets ({@link FaceLandmarkSets}) plus geometry: the lip midline, a
 * jaw line from the mouth corners to the jaw hinge, rings of mesh neighbours around the eyelids, and Gaussian
 * falloffs around named landmarks. Displacements are centimetres in the canonical frame at weight 1.
 */
public final class RigBuilder
{
    /** Jaw hinge (rotation pivot of {@code jawOpen}), canonical frame. */
    static final double[] JAW_PIVOT = {0.0, -0.5, -3.2};
    /** Jaw rotation at {@code jawOpen = 1}, radians (about 14 degrees). */
    static final double JAW_OPEN_ANGLE = 0.25;
    /** Atlas rectangles of the mouth interior texture, {@code u0, v0, u1, v1}. */
    static final double[] ATLAS_CAVITY = {0.0, 0.0, 1.0, 0.5};
    /** Atlas rectangle of the upper teeth (gum at the top, biting edge at the bottom). */
    static final double[] ATLAS_UPPER_TEETH = {0.0, 0.5, 1.0, 0.625};
    /** Atlas rectangle of the lower teeth (biting edge at the top). */
    static final double[] ATLAS_LOWER_TEETH = {0.0, 0.625, 1.0, 0.75};
    /** Atlas rectangle of the tongue (tip at the top). */
    static final double[] ATLAS_TONGUE = {0.0, 0.75, 1.0, 1.0};

    private static final int N0 = CanonicalFaceMesh.VERTEX_COUNT;
    private static final double[] SKIRT_DISTANCE = {1.3, 3.4, 6.5};
    private static final double[] SKIRT_DEPTH = {0.6, 2.0, 3.5};
    private static final double[] SKIRT_FOLLOW = {0.7, 0.3, 0.0};
    private static final int MOUTH_COLUMNS = 13;
    private static final double MOUTH_HALF_WIDTH = 3.0;

    private final double[] p;
    private final int[] tris;
    private final List<Set<Integer>> adjacency = new ArrayList<>();
    private final boolean[] mouthHoleTri;
    private final boolean[] eyeHoleTri;
    private final Piecewise midY;
    private final Piecewise upperInnerY;
    private final Piecewise lowerInnerY;
    private final Piecewise upperOuterY;
    private final Piecewise lowerOuterY;
    private final boolean[] upperLip = new boolean[N0];
    private final boolean[] lowerLip = new boolean[N0];
    private final double[] jawWeight = new double[N0];

    // extras
    private final List<double[]> extraPos = new ArrayList<>();
    private final List<int[]> extraAnchor = new ArrayList<>();
    private final List<Double> extraT = new ArrayList<>();
    private final List<Integer> extraTex = new ArrayList<>();
    private final List<double[]> extraUv = new ArrayList<>();
    private final List<Double> extraPin = new ArrayList<>();
    /** Per extra vertex: 0 skull, 1 jaw (full), 0.5 half jaw; or -1 = skirt ring (follows its anchor). */
    private final List<Double> extraJaw = new ArrayList<>();
    private final List<Double> extraFollow = new ArrayList<>();
    private final List<Integer> eyeTris = new ArrayList<>();
    private final List<Integer> mouthTris = new ArrayList<>();
    private final List<Integer> skirtTris = new ArrayList<>();

    private RigBuilder(final CanonicalFaceMesh mesh)
    {
        this.p = new double[3 * N0];
        for (int i = 0; i < 3 * N0; i++)
        {
            p[i] = mesh.position(i / 3, i % 3);
        }
        this.tris = mesh.triangles();
        final int nt = tris.length / 3;
        mouthHoleTri = new boolean[nt];
        eyeHoleTri = new boolean[nt];
        final Set<Integer> inner = setOf(FaceLandmarkSets.LIPS_UPPER_INNER, FaceLandmarkSets.LIPS_LOWER_INNER);
        final Set<Integer> rEye = setOf(FaceLandmarkSets.RIGHT_EYE_UPPER, FaceLandmarkSets.RIGHT_EYE_LOWER);
        final Set<Integer> lEye = setOf(FaceLandmarkSets.LEFT_EYE_UPPER, FaceLandmarkSets.LEFT_EYE_LOWER);
        for (int i = 0; i < N0; i++)
        {
            adjacency.add(new HashSet<>());
        }
        for (int t = 0; t < nt; t++)
        {
            final int a = tris[3 * t];
            final int b = tris[3 * t + 1];
            final int c = tris[3 * t + 2];
            mouthHoleTri[t] = inner.contains(a) && inner.contains(b) && inner.contains(c);
            eyeHoleTri[t] = (rEye.contains(a) && rEye.contains(b) && rEye.contains(c))
                || (lEye.contains(a) && lEye.contains(b) && lEye.contains(c));
            if (!mouthHoleTri[t] && !eyeHoleTri[t])
            {
                link(a, b);
                link(b, c);
                link(c, a);
            }
        }
        upperInnerY = contour(FaceLandmarkSets.LIPS_UPPER_INNER, 1);
        lowerInnerY = contour(FaceLandmarkSets.LIPS_LOWER_INNER, 1);
        upperOuterY = contour(FaceLandmarkSets.LIPS_UPPER_OUTER, 1);
        lowerOuterY = contour(FaceLandmarkSets.LIPS_LOWER_OUTER, 1);
        final double[] mx = new double[FaceLandmarkSets.LIPS_UPPER_INNER.length];
        final double[] my = new double[mx.length];
        for (int i = 0; i < mx.length; i++)
        {
            final int u = FaceLandmarkSets.LIPS_UPPER_INNER[i];
            final int l = FaceLandmarkSets.LIPS_LOWER_INNER[i];
            mx[i] = 0.5 * (x(u) + x(l));
            my[i] = 0.5 * (y(u) + y(l));
        }
        midY = new Piecewise(mx, my);
        classifyLips();
        buildJawWeight();
    }

    /**
     * Builds the rig from the canonical mesh. Any thread.
     *
     * @param mesh the canonical face mesh.
     * @return the rig (values rounded as in the file, so it equals the rig loaded back from its JSON).
     * @throws IOException never in practice; the rig is round-tripped through its JSON form.
     */
    public static FaceRig build(final CanonicalFaceMesh mesh) throws IOException
    {
        return FaceRig.fromJson(new RigBuilder(mesh).assemble().toJson());
    }

    /**
     * Writes the rig file.
     *
     * @param args {@code [output path]}; default {@code models/src/main/resources/io/avatar/models/rig/rig-v1.json}.
     * @throws IOException when the mesh cannot be loaded or the file written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path out = Path.of(args.length > 0 ? args[0]
            : "models/src/main/resources/io/avatar/models/rig/rig-v1.json");
        final FaceRig rig = build(CanonicalFaceMesh.loadDefault());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, rig.toJson(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out + " (" + rig.vertexCount() + " vertices)");
    }

    // ------------------------------------------------------------------------------------------------ regions

    private void classifyLips()
    {
        for (final int v : FaceLandmarkSets.LIPS_UPPER_OUTER)
        {
            upperLip[v] = true;
        }
        for (final int v : FaceLandmarkSets.LIPS_UPPER_INNER)
        {
            upperLip[v] = true;
        }
        for (final int v : FaceLandmarkSets.LIPS_LOWER_OUTER)
        {
            lowerLip[v] = true;
        }
        for (final int v : FaceLandmarkSets.LIPS_LOWER_INNER)
        {
            lowerLip[v] = true;
        }
        final double cornerX = x(FaceLandmarkSets.LEFT_MOUTH_CORNER);
        for (int v = 0; v < N0; v++)
        {
            if (upperLip[v] || lowerLip[v] || Math.abs(x(v)) >= cornerX || z(v) < 3.5)
            {
                continue;
            }
            final double yy = y(v);
            if (yy <= upperOuterY.at(x(v)) + 1e-6 && yy > midY.at(x(v)))
            {
                upperLip[v] = true;
            }
            else if (yy >= lowerOuterY.at(x(v)) - 1e-6 && yy <= midY.at(x(v)))
            {
                lowerLip[v] = true;
            }
        }
    }

    private boolean isCorner(final int v)
    {
        return v == 61 || v == 291 || v == 78 || v == 308;
    }

    private void buildJawWeight()
    {
        final double cornerX = x(FaceLandmarkSets.LEFT_MOUTH_CORNER);
        final double cornerY = y(FaceLandmarkSets.LEFT_MOUTH_CORNER);
        final double hingeX = 7.4;
        final double hingeY = -0.5;
        final boolean[] fixed = new boolean[N0];
        for (int v = 0; v < N0; v++)
        {
            if (isCorner(v))
            {
                jawWeight[v] = 0.5;
                fixed[v] = true;
            }
            else if (upperLip[v])
            {
                // the upper lip follows the jaw a little toward the corners, so the opening is rounded
                final double t = Math.min(1.0, Math.abs(x(v)) / cornerX);
                jawWeight[v] = 0.5 * t * t * t;
                fixed[v] = true;
            }
            else if (lowerLip[v])
            {
                final double t = Math.min(1.0, Math.abs(x(v)) / cornerX);
                jawWeight[v] = 1.0 - 0.5 * t * t;
                fixed[v] = true;
            }
            else
            {
                final double ax = Math.abs(x(v));
                final double line = ax <= cornerX ? midY.at(x(v))
                    : cornerY + (hingeY - cornerY) * Math.min(1.0, (ax - cornerX) / (hingeX - cornerX));
                jawWeight[v] = smoothstep(-0.4, 1.4, line - y(v));
            }
        }
        smooth(jawWeight, fixed, 4);
    }

    private void smooth(final double[] f, final boolean[] fixed, final int iterations)
    {
        final double[] tmp = new double[N0];
        for (int it = 0; it < iterations; it++)
        {
            for (int v = 0; v < N0; v++)
            {
                if (fixed[v] || adjacency.get(v).isEmpty())
                {
                    tmp[v] = f[v];
                    continue;
                }
                double s = 0;
                for (final int n : sorted(adjacency.get(v)))
                {
                    s += f[n];
                }
                tmp[v] = 0.5 * f[v] + 0.5 * s / adjacency.get(v).size();
            }
            System.arraycopy(tmp, 0, f, 0, N0);
        }
    }

    /** Weight of a lip region with a falloff outside it: 1 on the lip, Gaussian in distance to it elsewhere. */
    private double[] lipMask(final boolean[] lip, final boolean[] exclude, final double sigma)
    {
        final double[] m = new double[N0];
        for (int v = 0; v < N0; v++)
        {
            if (lip[v])
            {
                m[v] = 1.0;
                continue;
            }
            if (exclude[v])
            {
                continue;
            }
            double best = Double.MAX_VALUE;
            for (int u = 0; u < N0; u++)
            {
                if (lip[u])
                {
                    best = Math.min(best, dist(u, v));
                }
            }
            m[v] = gauss(best, sigma);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------ extras

    private int addExtra(final double[] pos, final int a, final int b, final double t, final int tex,
        final double u, final double v, final double pinWeight, final double jaw, final double follow)
    {
        extraPos.add(pos);
        extraAnchor.add(new int[]{a, b});
        extraT.add(t);
        extraTex.add(tex);
        extraUv.add(new double[]{u, v});
        extraPin.add(pinWeight);
        extraJaw.add(jaw);
        extraFollow.add(follow);
        return N0 + extraPos.size() - 1;
    }

    private void buildEyeFills()
    {
        for (int t = 0; t < tris.length / 3; t++)
        {
            if (!eyeHoleTri[t])
            {
                continue;
            }
            for (int k = 0; k < 3; k++)
            {
                final int v = tris[3 * t + k];
                eyeTris.add(eyeCopy(v));
            }
        }
    }

    private final java.util.Map<Integer, Integer> eyeCopies = new java.util.TreeMap<>();

    private int eyeCopy(final int v)
    {
        return eyeCopies.computeIfAbsent(v, k -> addExtra(new double[]{x(k), y(k), z(k)}, k, k, 0.0,
            FaceRig.TEX_LANDMARK, 0, 0, 1.0, 0.0, 0.0));
    }

    /** Nearest inner-lip vertex of a contour to x. */
    private static int nearestByX(final int[] contour, final double xx, final double[] pos)
    {
        int best = contour[0];
        for (final int v : contour)
        {
            if (Math.abs(pos[3 * v] - xx) < Math.abs(pos[3 * best] - xx))
            {
                best = v;
            }
        }
        return best;
    }

    private void buildMouthInterior()
    {
        final double zLip = 0.5 * (z(FaceLandmarkSets.UPPER_INNER_LIP) + z(FaceLandmarkSets.LOWER_INNER_LIP));
        final double zTeeth = zLip - 0.45;
        final int cols = MOUTH_COLUMNS;
        // cavity: three rows (skull, half jaw, jaw), behind the teeth
        final int[][] cavity = new int[3][cols];
        final int[][] upperTeeth = new int[2][cols];
        final int[][] lowerTeeth = new int[2][cols];
        final int tongueCols = 9;
        final int[][] tongue = new int[2][tongueCols];
        final double[] rowY = {1.1, -0.4, -2.4};
        final double[] rowJaw = {0.0, 0.5, 1.0};
        for (int j = 0; j < cols; j++)
        {
            final double s = -1.0 + 2.0 * j / (cols - 1);
            final double xx = s * (MOUTH_HALF_WIDTH + 0.3);
            final double xt = s * MOUTH_HALF_WIDTH;
            final double ym = midY.at(Math.max(-2.1, Math.min(2.1, xt)));
            final int up = nearestByX(FaceLandmarkSets.LIPS_UPPER_INNER, xt, p);
            final int lo = nearestByX(FaceLandmarkSets.LIPS_LOWER_INNER, xt, p);
            final double u = (double)j / (cols - 1);
            for (int r = 0; r < 3; r++)
            {
                cavity[r][j] = addExtra(new double[]{xx, midY.at(Math.max(-2.1, Math.min(2.1, xx))) + rowY[r],
                    zTeeth - 0.9 - 0.22 * xx * xx}, r == 0 ? up : lo, r == 0 ? up : lo, 0.0, FaceRig.TEX_ATLAS,
                    lerp(ATLAS_CAVITY[0], ATLAS_CAVITY[2], u), lerp(ATLAS_CAVITY[1], ATLAS_CAVITY[3], r / 2.0),
                    1.0, rowJaw[r], 0.0);
            }
            final double zt = zTeeth - 0.26 * xt * xt;
            upperTeeth[0][j] = addExtra(new double[]{xt, ym + 0.95, zt - 0.05}, up, up, 0.0, FaceRig.TEX_ATLAS,
                lerp(ATLAS_UPPER_TEETH[0], ATLAS_UPPER_TEETH[2], u), ATLAS_UPPER_TEETH[1], 1.0, 0.0, 0.0);
            upperTeeth[1][j] = addExtra(new double[]{xt, ym - 0.3, zt}, up, lo, 0.5, FaceRig.TEX_ATLAS,
                lerp(ATLAS_UPPER_TEETH[0], ATLAS_UPPER_TEETH[2], u), ATLAS_UPPER_TEETH[3], 1.0, 0.0, 0.0);
            lowerTeeth[0][j] = addExtra(new double[]{xt, ym + 0.1, zt - 0.12}, up, lo, 0.5, FaceRig.TEX_ATLAS,
                lerp(ATLAS_LOWER_TEETH[0], ATLAS_LOWER_TEETH[2], u), ATLAS_LOWER_TEETH[1], 1.0, 1.0, 0.0);
            lowerTeeth[1][j] = addExtra(new double[]{xt, ym - 0.95, zt - 0.2}, lo, lo, 0.0, FaceRig.TEX_ATLAS,
                lerp(ATLAS_LOWER_TEETH[0], ATLAS_LOWER_TEETH[2], u), ATLAS_LOWER_TEETH[3], 1.0, 1.0, 0.0);
        }
        for (int j = 0; j < tongueCols; j++)
        {
            final double s = -1.0 + 2.0 * j / (tongueCols - 1);
            final double xx = s * 1.9;
            final double ym = midY.at(xx);
            final int lo = nearestByX(FaceLandmarkSets.LIPS_LOWER_INNER, xx, p);
            final double u = (double)j / (tongueCols - 1);
            final double zt = zTeeth - 0.55 - 0.3 * xx * xx;
            tongue[0][j] = addExtra(new double[]{xx, ym + 0.02, zt}, lo, lo, 0.0, FaceRig.TEX_ATLAS,
                lerp(ATLAS_TONGUE[0], ATLAS_TONGUE[2], u), ATLAS_TONGUE[1], 1.0, 1.0, 0.0);
            tongue[1][j] = addExtra(new double[]{xx, ym - 1.9, zt - 0.6}, lo, lo, 0.0, FaceRig.TEX_ATLAS,
                lerp(ATLAS_TONGUE[0], ATLAS_TONGUE[2], u), ATLAS_TONGUE[3], 1.0, 1.0, 0.0);
        }
        strip(cavity[0], cavity[1], mouthTris);
        strip(cavity[1], cavity[2], mouthTris);
        strip(tongue[0], tongue[1], mouthTris);
        strip(lowerTeeth[0], lowerTeeth[1], mouthTris);
        strip(upperTeeth[0], upperTeeth[1], mouthTris);
    }

    /** Quads between two rows (top row first, left to right in x), wound like the face (CCW seen from the front). */
    private void strip(final int[] top, final int[] bottom, final List<Integer> out)
    {
        for (int j = 0; j + 1 < top.length; j++)
        {
            addWound(top[j], bottom[j], bottom[j + 1], out);
            addWound(top[j], bottom[j + 1], top[j + 1], out);
        }
    }

    private void addWound(final int a, final int b, final int c, final List<Integer> out)
    {
        final double[] pa = anyPos(a);
        final double[] pb = anyPos(b);
        final double[] pc = anyPos(c);
        final double cross = (pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0]);
        out.add(a);
        if (cross >= 0)
        {
            out.add(b);
            out.add(c);
        }
        else
        {
            out.add(c);
            out.add(b);
        }
    }

    private double[] anyPos(final int v)
    {
        return v < N0 ? new double[]{x(v), y(v), z(v)} : extraPos.get(v - N0);
    }

    private void buildSkirt()
    {
        final int[] oval = FaceLandmarkSets.FACE_OVAL;
        final int n = oval.length;
        final double cx = 0.0;
        final double cy = -0.5;
        final int rings = SKIRT_DISTANCE.length;
        final int[][] ring = new int[rings + 1][n];
        for (int i = 0; i < n; i++)
        {
            final int o = oval[i];
            double dx = x(o) - cx;
            double dy = y(o) - cy;
            final double len = Math.hypot(dx, dy);
            dx /= len;
            dy /= len;
            // hair above follows the head more, the neck below less
            // hair and ears (above and beside the face) belong to the head; only the neck below stays put
            final double up = smoothstep(-0.9, -0.35, dy);
            final double[] pinBelow = {0.6, 0.2, 0.0};
            final double[] pinAbove = {0.97, 0.72, 0.0};
            for (int k = 0; k < rings; k++)
            {
                final double d = SKIRT_DISTANCE[k] * (dy > 0 ? 1.0 + 0.25 * dy : 1.0);
                final double pinW = lerp(pinBelow[k], pinAbove[k], up);
                ring[k + 1][i] = addExtra(new double[]{x(o) + dx * d, y(o) + dy * d, z(o) - SKIRT_DEPTH[k]}, o, o,
                    0.0, FaceRig.TEX_PROJECTED, 0, 0, pinW, -1.0, SKIRT_FOLLOW[k]);
            }
        }
        // the skirt's inner ring is a copy of the face oval (same position, anchors, texture and motion), so the face
        // layer may give the oval its own texture coordinates: where the portrait saw the oval edge-on, the face
        // unfolds its texture over the side of the cheek that a turn brings into view (AvatarRenderer) while the
        // skirt keeps the portrait's pixels at the outline (hair, ears, background)
        for (int i = 0; i < n; i++)
        {
            final int o = oval[i];
            ring[0][i] = addExtra(new double[]{x(o), y(o), z(o)}, o, o, 0.0, FaceRig.TEX_LANDMARK, 0, 0, 1.0, -1.0,
                1.0);
        }
        buildUnderlap(ring[0]);
        for (int i = 0; i < n; i++)
        {
            // zero-area stitch triangles (never drawn) tie each oval vertex to its copy, so the renderer still finds
            // the outline through the vertices the face shares with the skirt (silhouette neighbourhood); they share
            // no edge with the face, so the outline is an open edge, anti-aliased against the skirt: where a turn
            // shows the unfolded side of the cheek, face skin meets the portrait's ear or hair there
            final int i1 = (i + 1) % n;
            skirtTris.add(oval[i]);
            skirtTris.add(ring[0][i]);
            skirtTris.add(ring[0][i1]);
            if (outlineElevation(oval[i]) >= CLOSED_OUTLINE_ELEVATION
                && outlineElevation(oval[i1]) >= CLOSED_OUTLINE_ELEVATION)
            {
                // above the temples the outline lies under the hair and keeps sharing its edge with the skirt (not
                // anti-aliased): no turn unfolds skin there, and the open edge's half-pixel margin, extrapolated
                // from the thin triangles of a forehead tilted away, sampled skin into the hair (light dashes)
                skirtTris.add(oval[i]);
                skirtTris.add(ring[0][i1]);
                skirtTris.add(oval[i1]);
            }
        }
        for (int k = 0; k < rings; k++)
        {
            for (int i = 0; i < n; i++)
            {
                final int i1 = (i + 1) % n;
                addWound(ring[k][i], ring[k + 1][i], ring[k + 1][i1], skirtTris);
                addWound(ring[k][i], ring[k + 1][i1], ring[k][i1], skirtTris);
            }
        }
    }

    /**
     * The skirt continues under the face along the open (anti-aliased) part of the outline: a copy of every face
     * triangle on that outline, with copies of its vertices (same position, anchors, motion and the portrait's own
     * texture, not the unfolded one). The face covers it wherever it is drawn, so it shows only through the face's
     * anti-aliased edge: a pixel the outline cuts, centre on the face side, blends the face over the skirt's outline
     * pixels (hair, ear, neck) instead of over the static background, which there is the portrait's face at rest
     * (light skin: a light line along the outline through the hair and dots along the jaw on a turn). Listed first, so
     * the skirt's own rings win wherever the two meet.
     *
     * @param ovalCopies the skirt's inner ring: the copy of each {@link FaceLandmarkSets#FACE_OVAL} vertex.
     */
    private void buildUnderlap(final int[] ovalCopies)
    {
        final int[] oval = FaceLandmarkSets.FACE_OVAL;
        final java.util.Map<Integer, Integer> copies = new java.util.TreeMap<>();
        for (int i = 0; i < oval.length; i++)
        {
            copies.put(oval[i], ovalCopies[i]);
        }
        final java.util.Map<Long, Boolean> openEdge = new java.util.HashMap<>();
        for (int i = 0; i < oval.length; i++)
        {
            final int a = oval[i];
            final int b = oval[(i + 1) % oval.length];
            final boolean open = (outlineElevation(a) < CLOSED_OUTLINE_ELEVATION
                || outlineElevation(b) < CLOSED_OUTLINE_ELEVATION)
                && Math.min(outlineElevation(a), outlineElevation(b)) > CHIN_ELEVATION;
            openEdge.put((long)Math.min(a, b) * N0 + Math.max(a, b), open);
        }
        for (int t = 0; t < tris.length / 3; t++)
        {
            if (mouthHoleTri[t] || eyeHoleTri[t])
            {
                continue;
            }
            boolean onOpenOutline = false;
            for (int k = 0; k < 3; k++)
            {
                final int a = tris[3 * t + k];
                final int b = tris[3 * t + (k + 1) % 3];
                onOpenOutline |= openEdge.getOrDefault((long)Math.min(a, b) * N0 + Math.max(a, b), false);
            }
            if (!onOpenOutline)
            {
                continue;
            }
            for (int k = 0; k < 3; k++)
            {
                // same winding as the face triangle: the copies sit exactly on the face's vertices
                skirtTris.add(copies.computeIfAbsent(tris[3 * t + k], v -> addExtra(new double[]{x(v), y(v), z(v)},
                    v, v, 0.0, FaceRig.TEX_LANDMARK, 0, 0, 1.0, -1.0, 1.0)));
            }
        }
    }

    /** Elevation (sine, from the face centre) above which the outline stays closed to the skirt (see buildSkirt). */
    private static final double CLOSED_OUTLINE_ELEVATION = 0.5;
    /**
     * Elevation below which the outline (chin and lower jaw) gets no underlap: there the outline lies over the neck,
     * moves with the jaw, and its anti-aliased pixels should blend over the neck behind it; an underlap of chin skin
     * under it hardened the chin's edge as the jaw moved and cost style extraction a tenth of the mouth-corner motion
     * it reads from rendered speech (StyleExtractTest smile - frown std 0.80 -> 0.73 of the truth, under its 25% bar).
     */
    private static final double CHIN_ELEVATION = -0.7;

    /** Sine of the elevation of an oval vertex seen from the face centre (0, -0.5): 1 on top, -1 at the chin. */
    private double outlineElevation(final int o)
    {
        final double dx = x(o);
        final double dy = y(o) + 0.5;
        return dy / Math.hypot(dx, dy);
    }

    // ------------------------------------------------------------------------------------------------ shapes

    private FaceRig assemble()
    {
        buildEyeFills();
        buildMouthInterior();
        buildSkirt();
        buildLashRows();
        final int n = N0 + extraPos.size();
        final double[][] fields = new double[ArkitBlendshape.COUNT][];
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            fields[k] = new double[3 * n];
        }
        authorJaw(fields);
        authorMouth(fields);
        authorEyes(fields);
        authorBrowsCheeksNose(fields);
        authorLashRows(fields);
        // skirt rings follow their outline vertex partially, for every shape
        for (int e = 0; e < extraPos.size(); e++)
        {
            final double follow = extraFollow.get(e);
            if (extraJaw.get(e) < 0 && follow > 0)
            {
                final int a = extraAnchor.get(e)[0];
                for (final double[] f : fields)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        f[3 * (N0 + e) + c] = follow * f[3 * a + c];
                    }
                }
            }
        }
        return pack(n, fields);
    }

    private void authorJaw(final double[][] f)
    {
        final double c = Math.cos(JAW_OPEN_ANGLE);
        final double s = Math.sin(JAW_OPEN_ANGLE);
        final int n = N0 + extraPos.size();
        for (int v = 0; v < n; v++)
        {
            final double w = v < N0 ? jawWeight[v] : Math.max(0.0, extraJaw.get(v - N0));
            if (w <= 0)
            {
                continue;
            }
            final double[] q = anyPos(v);
            final double ry = q[1] - JAW_PIVOT[1];
            final double rz = q[2] - JAW_PIVOT[2];
            put(f, ArkitBlendshape.jawOpen, v, 0, w * ((ry * c - rz * s) - ry), w * ((ry * s + rz * c) - rz));
            put(f, ArkitBlendshape.jawForward, v, 0, 0, w * 0.5);
            put(f, ArkitBlendshape.jawLeft, v, w * 0.6, 0, 0);
            put(f, ArkitBlendshape.jawRight, v, -w * 0.6, 0, 0);
        }
    }

    private void authorMouth(final double[][] f)
    {
        final boolean[] none = new boolean[N0];
        final double[] upperMask = lipMask(upperLip, lowerLip, 0.45);
        final double[] lowerMask = lipMask(lowerLip, upperLip, 0.45);
        final boolean[] lips = new boolean[N0];
        for (int v = 0; v < N0; v++)
        {
            lips[v] = upperLip[v] || lowerLip[v];
        }
        final double[] lipMaskBoth = lipMask(lips, none, 0.5);
        final double[] jawDy = new double[FaceLandmarkSets.LIPS_LOWER_INNER.length];
        final double[] jawDz = new double[jawDy.length];
        final double[] jawX = new double[jawDy.length];
        final double[] jo = f[ArkitBlendshape.jawOpen.ordinal()];
        for (int i = 0; i < jawDy.length; i++)
        {
            final int v = FaceLandmarkSets.LIPS_LOWER_INNER[i];
            jawX[i] = x(v);
            jawDy[i] = jo[3 * v + 1];
            jawDz[i] = jo[3 * v + 2];
        }
        final Piecewise lowerDropY = new Piecewise(jawX, jawDy);
        final Piecewise lowerDropZ = new Piecewise(jawX, jawDz);
        final double[] upX = new double[FaceLandmarkSets.LIPS_UPPER_INNER.length];
        final double[] upDy = new double[upX.length];
        final double[] upDz = new double[upX.length];
        for (int i = 0; i < upX.length; i++)
        {
            final int v = FaceLandmarkSets.LIPS_UPPER_INNER[i];
            upX[i] = x(v);
            upDy[i] = jo[3 * v + 1];
            upDz[i] = jo[3 * v + 2];
        }
        final Piecewise upperDropY = new Piecewise(upX, upDy);
        final Piecewise upperDropZ = new Piecewise(upX, upDz);
        final double cornerX = x(FaceLandmarkSets.LEFT_MOUTH_CORNER);
        final double mouthCy = midY.at(0);
        for (int v = 0; v < N0; v++)
        {
            final double xx = x(v);
            final double yy = y(v);
            final double sideL = smoothstep(-1.0, 1.0, xx);
            final double sideR = 1.0 - sideL;
            final double tU = upperLip[v] ? clamp01((yy - upperInnerY.at(xx))
                / Math.max(0.05, upperOuterY.at(xx) - upperInnerY.at(xx))) : 1.0;
            final double tL = lowerLip[v] ? clamp01((lowerInnerY.at(xx) - yy)
                / Math.max(0.05, lowerInnerY.at(xx) - lowerOuterY.at(xx))) : 1.0;
            final double um = upperMask[v];
            final double lm = lowerMask[v];
            // mouthClose: the lips meet again over the open jaw; of the jaw's lip separation at this x the lower lip
            // gives back 65% and the upper lip comes down 35%
            final double sepY = lowerDropY.at(xx) - upperDropY.at(xx);
            final double sepZ = lowerDropZ.at(xx) - upperDropZ.at(xx);
            if (lowerLip[v] || (!upperLip[v] && lm > 0.01))
            {
                put(f, ArkitBlendshape.mouthClose, v, 0, -0.65 * lm * sepY, -0.65 * lm * sepZ);
            }
            if (upperLip[v] || (!lowerLip[v] && um > 0.01 && yy > midY.at(xx)))
            {
                put(f, ArkitBlendshape.mouthClose, v, 0, 0.35 * um * sepY, 0.35 * um * sepZ);
            }
            // funnel and pucker: lips forward, corners in; funnel also rounds the opening
            final double lm2 = lipMaskBoth[v];
            final double forward = 1.0 - 0.5 * Math.min(1.0, (xx / cornerX) * (xx / cornerX));
            double open = 0;
            if (upperLip[v])
            {
                open = 0.22 * (1.0 - tU);
            }
            else if (lowerLip[v])
            {
                open = -0.3 * (1.0 - tL);
            }
            put(f, ArkitBlendshape.mouthFunnel, v, -0.32 * xx / cornerX * lm2, open * envelopeX(xx, cornerX),
                0.5 * forward * lm2);
            put(f, ArkitBlendshape.mouthPucker, v, -0.85 * xx / cornerX * lm2, 0, 0.9 * forward * lm2);
            // whole mouth sideways
            final double g = Math.exp(-(xx * xx) / (2 * 1.9 * 1.9) - (yy - mouthCy) * (yy - mouthCy) / (2 * 1.2 * 1.2))
                * (z(v) > 2.5 ? 1.0 : 0.0);
            put(f, ArkitBlendshape.mouthLeft, v, 0.7 * g, 0, 0);
            put(f, ArkitBlendshape.mouthRight, v, -0.7 * g, 0, 0);
            // rolls and shrugs
            if (lowerLip[v] || (!upperLip[v] && lm > 0.01))
            {
                put(f, ArkitBlendshape.mouthRollLower, v, 0, 0.22 * tL * lm, (-0.3 * tL - 0.08) * lm);
                final double chin = gauss(Math.hypot(xx, yy + 6.8), 1.6);
                final double w = Math.max(lm, chin);
                put(f, ArkitBlendshape.mouthShrugLower, v, 0, 0.3 * w, 0.12 * w);
                put(f, ArkitBlendshape.mouthLowerDownLeft, v, 0, -0.45 * lm * sideL, 0.06 * lm * sideL);
                put(f, ArkitBlendshape.mouthLowerDownRight, v, 0, -0.45 * lm * sideR, 0.06 * lm * sideR);
                put(f, ArkitBlendshape.mouthPressLeft, v, 0, (0.14 * tL + 0.03) * lm * sideL, 0);
                put(f, ArkitBlendshape.mouthPressRight, v, 0, (0.14 * tL + 0.03) * lm * sideR, 0);
            }
            if (upperLip[v] || (!lowerLip[v] && um > 0.01 && yy > midY.at(xx)))
            {
                put(f, ArkitBlendshape.mouthRollUpper, v, 0, -0.2 * tU * um, (-0.3 * tU - 0.08) * um);
                put(f, ArkitBlendshape.mouthShrugUpper, v, 0, 0.2 * um, 0.1 * um);
                put(f, ArkitBlendshape.mouthUpperUpLeft, v, 0, 0.4 * um * sideL, 0.05 * um * sideL);
                put(f, ArkitBlendshape.mouthUpperUpRight, v, 0, 0.4 * um * sideR, 0.05 * um * sideR);
                put(f, ArkitBlendshape.mouthPressLeft, v, 0, -(0.12 * tU + 0.03) * um * sideL, 0);
                put(f, ArkitBlendshape.mouthPressRight, v, 0, -(0.12 * tU + 0.03) * um * sideR, 0);
            }
            // corner shapes, one side each
            for (int side = 0; side < 2; side++)
            {
                final double sg = side == 0 ? 1.0 : -1.0;
                final int corner = side == 0 ? FaceLandmarkSets.LEFT_MOUTH_CORNER : FaceLandmarkSets.RIGHT_MOUTH_CORNER;
                final double gc = gauss(dist(v, corner), 1.05) * (sg * xx > -0.3 ? 1.0 : 0.0);
                final double cheek = gauss(Math.hypot(xx - sg * 3.5, yy + 1.6), 1.2);
                put(f, side == 0 ? ArkitBlendshape.mouthSmileLeft : ArkitBlendshape.mouthSmileRight, v,
                    sg * (0.5 * gc + 0.08 * cheek), 0.55 * gc + 0.3 * cheek, -0.3 * gc + 0.15 * cheek);
                put(f, side == 0 ? ArkitBlendshape.mouthFrownLeft : ArkitBlendshape.mouthFrownRight, v,
                    sg * 0.08 * gc, -0.45 * gc, -0.05 * gc);
                put(f, side == 0 ? ArkitBlendshape.mouthStretchLeft : ArkitBlendshape.mouthStretchRight, v,
                    sg * 0.6 * gc, -0.12 * gc, -0.15 * gc);
                put(f, side == 0 ? ArkitBlendshape.mouthDimpleLeft : ArkitBlendshape.mouthDimpleRight, v,
                    sg * 0.18 * gc, 0.04 * gc, -0.25 * gc);
            }
        }
    }

    private static double envelopeX(final double xx, final double cornerX)
    {
        final double t = Math.min(1.0, Math.abs(xx) / cornerX);
        return 1.0 - t * t;
    }

    private void authorEyes(final double[][] f)
    {
        eye(f, FaceLandmarkSets.LEFT_EYE_UPPER, FaceLandmarkSets.LEFT_EYE_LOWER, ArkitBlendshape.eyeBlinkLeft,
            ArkitBlendshape.eyeWideLeft, ArkitBlendshape.eyeSquintLeft);
        eye(f, FaceLandmarkSets.RIGHT_EYE_UPPER, FaceLandmarkSets.RIGHT_EYE_LOWER, ArkitBlendshape.eyeBlinkRight,
            ArkitBlendshape.eyeWideRight, ArkitBlendshape.eyeSquintRight);
    }

    /** Share of the upper lid's 80 % of the gap that the lid edge travels on a blink (over 1: a small overshoot). */
    static final double BLINK_CLOSE = 1.06;

    /** Where the lash row splits the lid-edge-to-first-ring edges (fraction from the lid edge). */
    static final double LASH_ROW = 0.8;
    /** Blink travel of a lash-row vertex relative to its lid-edge vertex (over 1: the lash band is compressed). */
    static final double LASH_BLINK = 1.2;

    private final List<Integer> faceTris = new ArrayList<>();
    private final java.util.Map<Integer, int[]> lashEnds = new java.util.TreeMap<>();

    private void eye(final double[][] f, final int[] upper, final int[] lower, final ArkitBlendshape blink,
        final ArkitBlendshape wide, final ArkitBlendshape squint)
    {
        final Piecewise[] up = {contour(upper, 0), contour(upper, 1), contour(upper, 2)};
        final Piecewise[] lo = {contour(lower, 0), contour(lower, 1), contour(lower, 2)};
        final Set<Integer> upperSet = setOf(upper);
        final Set<Integer> lowerSet = setOf(lower);
        final int outer = upper[0];
        final int inner = upper[upper.length - 1];
        final double eyeCx = 0.5 * (x(outer) + x(inner));
        final double halfW = 0.5 * Math.abs(x(outer) - x(inner));
        // gap vector (lower minus upper) at any x
        final double[] gapAt = new double[3];
        // upper lid: contour travels 80% of the gap, rings above follow with decreasing share
        final int[] upRing = upperRings(upper);
        final int[] loRing = rings(lowerSet, v -> y(v) < lo[1].at(x(v)) && Math.abs(x(v) - eyeCx) < halfW + 1.0
            && y(v) > 0.6, 2);
        final double[] upShare = {1.0, 0.72, 0.4, 0.15};
        // blink: the lid edge overshoots the lower lid line slightly so no eye white shows between the two lid
        // polylines after per-identity rescaling; the first ring (about 0.4 of the eye opening above the edge: the
        // lashes lie below it in a photo) follows closely, so the lid skin between the first and second rings is what
        // stretches over the eye; the lash row (buildLashRows) closes onto the edge so the lashes stay a thin line
        final double[] blinkShare = {BLINK_CLOSE, 1.19, 0.55, 0.2};
        final double[] loShare = {1.0, 0.5, 0.2};
        for (int v = 0; v < N0; v++)
        {
            if (v == outer || v == inner)
            {
                continue;
            }
            final double xx = Math.max(Math.min(x(outer), x(inner)), Math.min(Math.max(x(outer), x(inner)), x(v)));
            for (int c = 0; c < 3; c++)
            {
                gapAt[c] = lo[c].at(xx) - up[c].at(xx);
            }
            final double taper = 1.0 - Math.pow(Math.abs(xx - eyeCx) / halfW, 4);
            if (upRing[v] >= 0)
            {
                // the lid edge itself closes the whole gap at its x (the gap vanishes at the corners by itself);
                // the rings above taper off toward the corners
                final double sh = upShare[upRing[v]] * (upRing[v] == 0 ? 1.0 : Math.max(0.0, taper));
                final double bs = blinkShare[upRing[v]] * (upRing[v] == 0 ? 1.0 : Math.max(0.0, taper));
                put(f, blink, v, 0.8 * bs * gapAt[0], 0.8 * bs * gapAt[1], 0.8 * bs * gapAt[2]);
                put(f, wide, v, 0, -0.28 * sh * gapAt[1], 0);
                put(f, squint, v, 0, 0.08 * sh * gapAt[1], 0);
            }
            if (loRing[v] >= 0)
            {
                final double sh = loShare[loRing[v]] * (loRing[v] == 0 ? 1.0 : Math.max(0.0, taper));
                put(f, blink, v, -0.2 * sh * gapAt[0], -0.2 * sh * gapAt[1], -0.2 * sh * gapAt[2]);
                put(f, wide, v, 0, 0.06 * sh * gapAt[1], 0);
                put(f, squint, v, 0, -0.3 * sh * gapAt[1], 0);
            }
        }
    }

    /** Rings above the upper lid contour (0 = contour, up to 3), -1 elsewhere. */
    private int[] upperRings(final int[] upper)
    {
        final Piecewise up = contour(upper, 1);
        final double eyeCx = 0.5 * (x(upper[0]) + x(upper[upper.length - 1]));
        final double halfW = 0.5 * Math.abs(x(upper[0]) - x(upper[upper.length - 1]));
        return rings(setOf(upper), v -> y(v) > up.at(x(v)) && Math.abs(x(v) - eyeCx) < halfW + 1.2 && y(v) < 4.3, 3);
    }

    /**
     * Splits every face triangle edge from an upper lid contour vertex to the first ring above it at
     * {@link #LASH_ROW} of its length with a shared extra vertex (anchored on the edge, so its texture is the photo's
     * at that point). In a photo the band between the lid edge and the first ring is mostly lashes; the new row
     * (the top of the lashes) closes onto the lid edge on a blink, so the lashes end as a thin line at the closed
     * lid's lower edge while the lid skin above the first ring stretches over the eye, instead of the lash band
     * being smeared over the whole closed lid.
     */
    private void buildLashRows()
    {
        final int[][] ringsPerEye = {upperRings(FaceLandmarkSets.LEFT_EYE_UPPER),
            upperRings(FaceLandmarkSets.RIGHT_EYE_UPPER)};
        final java.util.Map<Long, Integer> mids = new java.util.TreeMap<>();
        for (int t = 0; t < tris.length / 3; t++)
        {
            if (mouthHoleTri[t] || eyeHoleTri[t])
            {
                continue;
            }
            final int[] tv = {tris[3 * t], tris[3 * t + 1], tris[3 * t + 2]};
            final int[] cut = new int[3];
            int cuts = 0;
            for (int k = 0; k < 3; k++)
            {
                cut[k] = -1;
                final int a = tv[k];
                final int b = tv[(k + 1) % 3];
                for (final int[] ring : ringsPerEye)
                {
                    final int c = ring[a] == 0 && ring[b] == 1 ? a : ring[b] == 0 && ring[a] == 1 ? b : -1;
                    if (c >= 0)
                    {
                        final int r = c == a ? b : a;
                        cut[k] = mids.computeIfAbsent((long)c * N0 + r, key -> lashVertex(c, r));
                        cuts++;
                    }
                }
            }
            if (cuts == 0)
            {
                faceTris.add(tv[0]);
                faceTris.add(tv[1]);
                faceTris.add(tv[2]);
                continue;
            }
            // rotate so the (first) cut edge starts at k0 and, with two cuts, the shared vertex is tv[k0]
            int k0 = 0;
            if (cuts == 1)
            {
                while (cut[k0] < 0)
                {
                    k0++;
                }
                final int a = tv[k0];
                final int b = tv[(k0 + 1) % 3];
                final int o = tv[(k0 + 2) % 3];
                final int m = cut[k0];
                addFace(a, m, o);
                addFace(m, b, o);
            }
            else
            {
                // the vertex not on the uncut edge: edges (v,a) and (b,v) are cut
                while (cut[(k0 + 1) % 3] >= 0)
                {
                    k0++;
                }
                // cut[k0] is edge (tv[k0], tv[k0+1]); uncut edge is (tv[k0+1], tv[k0+2]); cut[k0+2] is (tv[k0+2], tv[k0])
                final int v = tv[k0];
                final int a = tv[(k0 + 1) % 3];
                final int b = tv[(k0 + 2) % 3];
                final int ma = cut[k0];
                final int mb = cut[(k0 + 2) % 3];
                addFace(v, ma, mb);
                addFace(ma, a, b);
                addFace(ma, b, mb);
            }
        }
    }

    private void addFace(final int a, final int b, final int c)
    {
        faceTris.add(a);
        faceTris.add(b);
        faceTris.add(c);
    }

    private int lashVertex(final int contourVertex, final int ringVertex)
    {
        final double s = LASH_ROW;
        final int v = addExtra(new double[]{x(contourVertex) + s * (x(ringVertex) - x(contourVertex)),
            y(contourVertex) + s * (y(ringVertex) - y(contourVertex)),
            z(contourVertex) + s * (z(ringVertex) - z(contourVertex))}, contourVertex, ringVertex, s,
            FaceRig.TEX_LANDMARK, 0, 0, 1.0, 0.0, 0.0);
        lashEnds.put(v, new int[]{contourVertex, ringVertex});
        return v;
    }

    /** Lash-row vertices: every shape interpolates its edge's ends, except blink, which follows the lid edge. */
    private void authorLashRows(final double[][] f)
    {
        for (final java.util.Map.Entry<Integer, int[]> e : lashEnds.entrySet())
        {
            final int v = e.getKey();
            final int c = e.getValue()[0];
            final int r = e.getValue()[1];
            for (final ArkitBlendshape shape : ArkitBlendshape.values())
            {
                final double[] a = f[shape.ordinal()];
                final boolean blink = shape == ArkitBlendshape.eyeBlinkLeft || shape == ArkitBlendshape.eyeBlinkRight;
                for (int k = 0; k < 3; k++)
                {
                    a[3 * v + k] = blink ? LASH_BLINK * a[3 * c + k] : (1 - LASH_ROW) * a[3 * c + k] + LASH_ROW * a[3 * r + k];
                }
            }
        }
    }

    /** Mesh-neighbour ring index (0 = seed) of every vertex reachable within {@code maxRing} steps, else -1. */
    private int[] rings(final Set<Integer> seeds, final java.util.function.IntPredicate allowed, final int maxRing)
    {
        final int[] ring = new int[N0];
        Arrays.fill(ring, -1);
        List<Integer> frontier = new ArrayList<>(new java.util.TreeSet<>(seeds));
        for (final int s : frontier)
        {
            ring[s] = 0;
        }
        for (int r = 1; r <= maxRing; r++)
        {
            final List<Integer> next = new ArrayList<>();
            for (final int v : frontier)
            {
                for (final int n : sorted(adjacency.get(v)))
                {
                    if (ring[n] < 0 && allowed.test(n))
                    {
                        ring[n] = r;
                        next.add(n);
                    }
                }
            }
            frontier = next;
        }
        return ring;
    }

    private void authorBrowsCheeksNose(final double[][] f)
    {
        for (int side = 0; side < 2; side++)
        {
            final double sg = side == 0 ? 1.0 : -1.0;
            final int[] brow = side == 0 ? FaceLandmarkSets.LEFT_BROW : FaceLandmarkSets.RIGHT_BROW;
            final double[] innerPt = mean(brow[4], brow[9], brow[3], brow[8]);
            final double[] outerPt = mean(brow[0], brow[5], brow[1], brow[6]);
            for (int v = 0; v < N0; v++)
            {
                final double xx = x(v);
                final double yy = y(v);
                if (sg * xx < -0.2)
                {
                    continue;
                }
                final double above = smoothstep(3.0, 3.8, yy);
                double dBrow = Double.MAX_VALUE;
                for (final int b : brow)
                {
                    dBrow = Math.min(dBrow, dist(v, b));
                }
                final double gb = gauss(dBrow, 0.9) * above;
                final double mid = xx == 0 ? 0.5 : 1.0;
                put(f, side == 0 ? ArkitBlendshape.browDownLeft : ArkitBlendshape.browDownRight, v,
                    -sg * 0.12 * gb * mid, -0.45 * gb * mid, 0);
                final double gi = gauss(distTo(v, innerPt), 1.2) * above * mid;
                put(f, ArkitBlendshape.browInnerUp, v, 0, 0.6 * gi, 0);
                final double go = gauss(distTo(v, outerPt), 1.3) * above;
                put(f, side == 0 ? ArkitBlendshape.browOuterUpLeft : ArkitBlendshape.browOuterUpRight, v,
                    0, 0.55 * go, 0);
                final boolean lipOrNose = upperLip[v] || lowerLip[v] || Math.abs(xx) < 1.4;
                final double puff = lipOrNose ? 0.0 : gauss(Math.hypot(xx - sg * 4.3, yy + 2.6), 1.7);
                put(f, ArkitBlendshape.cheekPuff, v, sg * 0.55 * puff, 0, 0.3 * puff);
                final double sq = yy < 1.6 ? gauss(Math.hypot(xx - sg * 3.6, yy - 0.5), 1.1) : 0.0;
                put(f, side == 0 ? ArkitBlendshape.cheekSquintLeft : ArkitBlendshape.cheekSquintRight, v,
                    0, 0.28 * sq, 0.08 * sq);
                final double sn = yy < 1.8 && yy > -2.6 ? gauss(Math.hypot(xx - sg * 1.5, yy + 0.6), 0.75) * mid : 0.0;
                put(f, side == 0 ? ArkitBlendshape.noseSneerLeft : ArkitBlendshape.noseSneerRight, v,
                    sg * 0.05 * sn, 0.3 * sn, 0.05 * sn);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ packing

    private FaceRig pack(final int n, final double[][] fields)
    {
        final float[] neutral = new float[3 * n];
        final int[] anchorA = new int[n];
        final int[] anchorB = new int[n];
        final float[] anchorT = new float[n];
        final int[] texSource = new int[n];
        final float[] atlasUv = new float[2 * n];
        final float[] pin = new float[n];
        for (int v = 0; v < n; v++)
        {
            final double[] q = anyPos(v);
            for (int c = 0; c < 3; c++)
            {
                neutral[3 * v + c] = (float)q[c];
            }
            if (v < N0)
            {
                anchorA[v] = v;
                anchorB[v] = v;
                pin[v] = 1f;
                texSource[v] = FaceRig.TEX_LANDMARK;
            }
            else
            {
                final int e = v - N0;
                anchorA[v] = extraAnchor.get(e)[0];
                anchorB[v] = extraAnchor.get(e)[1];
                anchorT[v] = extraT.get(e).floatValue();
                texSource[v] = extraTex.get(e);
                atlasUv[2 * v] = (float)extraUv.get(e)[0];
                atlasUv[2 * v + 1] = (float)extraUv.get(e)[1];
                pin[v] = extraPin.get(e).floatValue();
            }
        }
        final List<Integer> face = faceTris;
        final int[][] idx = new int[ArkitBlendshape.COUNT][];
        final float[][] delta = new float[ArkitBlendshape.COUNT][];
        for (int k = 0; k < ArkitBlendshape.COUNT; k++)
        {
            final double[] fk = fields[k];
            int count = 0;
            for (int v = 0; v < n; v++)
            {
                if (significant(fk, v))
                {
                    count++;
                }
            }
            idx[k] = new int[count];
            delta[k] = new float[3 * count];
            int j = 0;
            for (int v = 0; v < n; v++)
            {
                if (significant(fk, v))
                {
                    idx[k][j] = v;
                    for (int c = 0; c < 3; c++)
                    {
                        delta[k][3 * j + c] = (float)fk[3 * v + c];
                    }
                    j++;
                }
            }
        }
        return new FaceRig(neutral, anchorA, anchorB, anchorT, texSource, atlasUv, pin, toArray(face),
            toArray(eyeTris), toArray(mouthTris), toArray(skirtTris), idx, delta);
    }

    private static boolean significant(final double[] f, final int v)
    {
        return Math.abs(f[3 * v]) >= 5e-4 || Math.abs(f[3 * v + 1]) >= 5e-4 || Math.abs(f[3 * v + 2]) >= 5e-4;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void put(final double[][] f, final ArkitBlendshape shape, final int v, final double dx,
        final double dy, final double dz)
    {
        final double[] a = f[shape.ordinal()];
        a[3 * v] += dx;
        a[3 * v + 1] += dy;
        a[3 * v + 2] += dz;
    }

    private void link(final int a, final int b)
    {
        adjacency.get(a).add(b);
        adjacency.get(b).add(a);
    }

    private static List<Integer> sorted(final Set<Integer> s)
    {
        final List<Integer> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    private static Set<Integer> setOf(final int[]... arrays)
    {
        final Set<Integer> s = new HashSet<>();
        for (final int[] a : arrays)
        {
            for (final int v : a)
            {
                s.add(v);
            }
        }
        return s;
    }

    private static int[] toArray(final List<Integer> l)
    {
        final int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++)
        {
            a[i] = l.get(i);
        }
        return a;
    }

    private Piecewise contour(final int[] c, final int axis)
    {
        final double[] xs = new double[c.length];
        final double[] vs = new double[c.length];
        for (int i = 0; i < c.length; i++)
        {
            xs[i] = x(c[i]);
            vs[i] = p[3 * c[i] + axis];
        }
        return new Piecewise(xs, vs);
    }

    private double[] mean(final int... vs)
    {
        final double[] m = new double[3];
        for (final int v : vs)
        {
            for (int c = 0; c < 3; c++)
            {
                m[c] += p[3 * v + c] / vs.length;
            }
        }
        return m;
    }

    private double x(final int v)
    {
        return p[3 * v];
    }

    private double y(final int v)
    {
        return p[3 * v + 1];
    }

    private double z(final int v)
    {
        return p[3 * v + 2];
    }

    private double dist(final int a, final int b)
    {
        return Math.sqrt(sq(x(a) - x(b)) + sq(y(a) - y(b)) + sq(z(a) - z(b)));
    }

    private double distTo(final int a, final double[] q)
    {
        return Math.sqrt(sq(x(a) - q[0]) + sq(y(a) - q[1]) + sq(z(a) - q[2]));
    }

    private static double sq(final double v)
    {
        return v * v;
    }

    private static double gauss(final double d, final double sigma)
    {
        return Math.exp(-d * d / (2 * sigma * sigma));
    }

    private static double smoothstep(final double e0, final double e1, final double v)
    {
        final double t = clamp01((v - e0) / (e1 - e0));
        return t * t * (3 - 2 * t);
    }

    private static double clamp01(final double v)
    {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static double lerp(final double a, final double b, final double t)
    {
        return a + (b - a) * t;
    }

    /** Piecewise-linear function of x through sorted sample points, clamped at the ends. */
    private static final class Piecewise
    {
        private final double[] xs;
        private final double[] ys;

        Piecewise(final double[] x, final double[] y)
        {
            final Integer[] order = new Integer[x.length];
            for (int i = 0; i < order.length; i++)
            {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
            xs = new double[x.length];
            ys = new double[x.length];
            for (int i = 0; i < order.length; i++)
            {
                xs[i] = x[order[i]];
                ys[i] = y[order[i]];
            }
        }

        double at(final double x)
        {
            if (x <= xs[0])
            {
                return ys[0];
            }
            for (int i = 1; i < xs.length; i++)
            {
                if (x <= xs[i])
                {
                    final double t = xs[i] == xs[i - 1] ? 0.0 : (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                    return ys[i - 1] + t * (ys[i] - ys[i - 1]);
                }
            }
            return ys[xs.length - 1];
        }
    }
}
