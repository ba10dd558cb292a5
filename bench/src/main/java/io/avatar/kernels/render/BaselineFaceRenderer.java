package io.avatar.kernels.render;

import java.util.Arrays;

/**
 * BASELINE, frozen: the face renderer exactly as it was before the speed work of issue #3 (commit a84d64a,
 * {@code FaceRenderer}), kept so that the golden test can require the optimised {@link FaceRenderer} to reproduce
 * its frames (max abs difference 1/255 per channel) and so that one JMH run can time both. Do not optimise or fix
 * this class: its only job is to stay what the old renderer was. Not thread-safe: one instance per thread.
 */
public final class BaselineFaceRenderer
{
    /** Smallest supported output side. */
    public static final int MIN_SIZE = 256;
    /** Largest supported output side. */
    public static final int MAX_SIZE = 1024;
    /** Default output side. */
    public static final int DEFAULT_SIZE = 512;

    private static final int MODE_OPAQUE = 0;
    private static final int MODE_ALPHA = 1;
    private static final int MODE_FACE = 2;
    /** Minimum screen area (pixels^2, front-facing) for a triangle to be drawn. */
    private static final float MIN_AREA = 1e-3f;

    private final RenderMesh mesh;
    private final RenderCamera camera;
    private final int width;
    private final int height;
    private final float scaleX;
    private final float scaleY;
    private final int[] tex0;
    private final int tex0W;
    private final int portraitWidth;
    private final int tex0H;
    private final int[] tex1;
    private final int tex1W;
    private final int tex1H;
    private final int[] background;
    private final int[] rgb;
    private final float[] depth;
    private final float[] sx;
    private final float[] sy;
    private final float[] sz;
    private final float[] anchorX;
    private final float[] anchorY;
    private final byte[] faceOpenEdges;
    private final int[] faceNeighbours;
    private final boolean[] faceFacing;
    private final float[] texcoords;
    private final float[] m = new float[9];
    private final float[] rp = new float[9];
    private final float[] warpX;
    private final float[] warpY;

    /**
     * Builds a renderer and precomputes everything that does not change per frame. Setup time; any thread.
     *
     * @param mesh         what to draw.
     * @param camera       rest placement and projection (reference frame = portrait).
     * @param portrait     texture of the skirt, eye and face layers (usually the portrait image itself).
     * @param mouthAtlas   texture of the mouth interior, with alpha.
     * @param backdrop     static background, stretched over the reference frame.
     * @param width        output width, even, in [256, 1024].
     * @param height       output height, even, in [256, 1024].
     * @param captureWarp  whether to record the warp map (portrait coordinates per output pixel) each frame.
     */
    public BaselineFaceRenderer(final RenderMesh mesh, final RenderCamera camera, final RenderTexture portrait,
        final RenderTexture mouthAtlas, final RenderTexture backdrop, final int width, final int height,
        final boolean captureWarp)
    {
        checkSize("width", width);
        checkSize("height", height);
        this.mesh = mesh;
        this.camera = camera;
        this.width = width;
        this.height = height;
        this.scaleX = (float)width / camera.refWidth();
        this.scaleY = (float)height / camera.refHeight();
        // pre-filter the portrait down to about the output resolution: better cache use and no aliasing when a
        // large portrait is shown small
        int[] t0 = portrait.pixels();
        int tw0 = portrait.width();
        int th0 = portrait.height();
        while (tw0 / 2 >= width && th0 / 2 >= height && tw0 >= 4 && th0 >= 4)
        {
            t0 = halve(t0, tw0, th0);
            tw0 /= 2;
            th0 /= 2;
        }
        this.tex0 = t0;
        this.portraitWidth = portrait.width();
        this.tex0W = tw0;
        this.tex0H = th0;
        final float texScale = (float)tw0 / portrait.width();
        final float texScaleY = (float)th0 / portrait.height();
        this.tex1 = mouthAtlas.pixels();
        this.tex1W = mouthAtlas.width();
        this.tex1H = mouthAtlas.height();
        final int n = mesh.vertexCount();
        sx = new float[n];
        sy = new float[n];
        sz = new float[n];
        anchorX = new float[n];
        anchorY = new float[n];
        rgb = new int[width * height];
        depth = new float[width * height];
        warpX = captureWarp ? new float[width * height] : null;
        warpY = captureWarp ? new float[width * height] : null;
        background = new int[width * height];
        final float bx = (float)backdrop.width() / width;
        final float by = (float)backdrop.height() / height;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                background[y * width + x] = 0xFF000000 | sample(backdrop.pixels(), backdrop.width(), backdrop.height(),
                    (x + 0.5f) * bx, (y + 0.5f) * by);
            }
        }
        final float[] pt = new float[2];
        final float[] rest = mesh.restPositions();
        for (int i = 0; i < n; i++)
        {
            camera.projectRest(rest, 3 * i, pt);
            anchorX[i] = pt[0] * scaleX;
            anchorY[i] = pt[1] * scaleY;
        }
        faceOpenEdges = openEdges(mesh.face(), mesh.skirt());
        faceNeighbours = neighbours(mesh.face(), nearOutline(mesh.face(), mesh.skirt(), n));
        faceFacing = new boolean[mesh.face().length / 3];
        final boolean[] inMouth = new boolean[n];
        for (final int v : mesh.mouth())
        {
            inMouth[v] = true;
        }
        final float[] srcTc = mesh.texcoords();
        texcoords = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            texcoords[2 * i] = inMouth[i] ? srcTc[2 * i] : srcTc[2 * i] * texScale;
            texcoords[2 * i + 1] = inMouth[i] ? srcTc[2 * i + 1] : srcTc[2 * i + 1] * texScaleY;
        }
    }

    /** Box-filters an image to half size (odd last row/column dropped). */
    private static int[] halve(final int[] src, final int w, final int h)
    {
        final int hw = w / 2;
        final int hh = h / 2;
        final int[] dst = new int[hw * hh];
        for (int y = 0; y < hh; y++)
        {
            for (int x = 0; x < hw; x++)
            {
                final int i = 2 * y * w + 2 * x;
                final int a = src[i];
                final int b = src[i + 1];
                final int c = src[i + w];
                final int d = src[i + w + 1];
                int out = 0;
                for (int sh = 0; sh < 32; sh += 8)
                {
                    final int sum = ((a >>> sh) & 0xFF) + ((b >>> sh) & 0xFF) + ((c >>> sh) & 0xFF) + ((d >>> sh) & 0xFF);
                    out |= ((sum + 2) >> 2) << sh;
                }
                dst[y * hw + x] = out;
            }
        }
        return dst;
    }

    private static void checkSize(final String name, final int v)
    {
        if (v < MIN_SIZE || v > MAX_SIZE || (v & 1) != 0)
        {
            throw new IllegalArgumentException("output " + name + " must be even and in [" + MIN_SIZE + ", " + MAX_SIZE
                + "], got " + v);
        }
    }

    /** For each face triangle, a bit per edge (bit k = edge k to k+1) that no other face or skirt triangle shares. */
    private static byte[] openEdges(final int[] face, final int[] skirt)
    {
        final java.util.Map<Long, Integer> count = new java.util.HashMap<>();
        for (final int[] tris : new int[][]{face, skirt})
        {
            for (int t = 0; t < tris.length; t += 3)
            {
                for (int k = 0; k < 3; k++)
                {
                    count.merge(edgeKey(tris[t + k], tris[t + (k + 1) % 3]), 1, Integer::sum);
                }
            }
        }
        final byte[] open = new byte[face.length / 3];
        for (int t = 0; t < face.length; t += 3)
        {
            int bits = 0;
            for (int k = 0; k < 3; k++)
            {
                if (count.get(edgeKey(face[t + k], face[t + (k + 1) % 3])) == 1)
                {
                    bits |= 1 << k;
                }
            }
            open[t / 3] = (byte)bits;
        }
        return open;
    }

    /**
     * Vertices within two mesh rings of the face outline (the vertices the face shares with the skirt): only there do
     * turned-away neighbours make a silhouette against the background worth anti-aliasing (inside the face, e.g. at
     * the nose, the blend would mix in whatever lies under the face instead of the cheek behind).
     */
    private static boolean[] nearOutline(final int[] face, final int[] skirt, final int n)
    {
        final boolean[] inFace = new boolean[n];
        for (final int v : face)
        {
            inFace[v] = true;
        }
        boolean[] near = new boolean[n];
        for (final int v : skirt)
        {
            near[v] = inFace[v];
        }
        for (int ring = 0; ring < 2; ring++)
        {
            final boolean[] next = near.clone();
            for (int t = 0; t < face.length; t += 3)
            {
                if (near[face[t]] || near[face[t + 1]] || near[face[t + 2]])
                {
                    next[face[t]] = true;
                    next[face[t + 1]] = true;
                    next[face[t + 2]] = true;
                }
            }
            near = next;
        }
        return near;
    }

    /** For each face triangle edge (3 per triangle), the face triangle across it, or -1 (also away from the outline). */
    private static int[] neighbours(final int[] face, final boolean[] nearOutline)
    {
        final java.util.Map<Long, Integer> first = new java.util.HashMap<>();
        final int[] nb = new int[face.length];
        Arrays.fill(nb, -1);
        for (int t = 0; t < face.length; t += 3)
        {
            for (int k = 0; k < 3; k++)
            {
                final long key = edgeKey(face[t + k], face[t + (k + 1) % 3]);
                final Integer other = first.putIfAbsent(key, t + k);
                final boolean silhouetteCandidate = nearOutline[face[t + k]] && nearOutline[face[t + (k + 1) % 3]];
                if (other != null && silhouetteCandidate)
                {
                    nb[t + k] = other / 3;
                    nb[other] = t / 3;
                }
            }
        }
        return nb;
    }

    private static long edgeKey(final int a, final int b)
    {
        return ((long)Math.min(a, b) << 32) | Math.max(a, b);
    }

    /**
     * Renders one frame into {@link #rgb()}. Allocation-free; call from the renderer's owning thread.
     *
     * @param positions deformed head-frame positions, 3 per vertex (e.g. rig neutral + weighted blendshapes).
     * @param pose      head pose {@code [pitch, yaw, roll, tx, ty, tz]} (radians, cm), relative to the rest pose.
     * @param poseOff   offset of the pose in its array.
     */
    public void render(final float[] positions, final float[] pose, final int poseOff)
    {
        project(positions, pose, poseOff);
        System.arraycopy(background, 0, rgb, 0, rgb.length);
        if (warpX != null)
        {
            Arrays.fill(warpX, -1f);
            Arrays.fill(warpY, -1f);
        }
        rasterize(mesh.skirt(), MODE_OPAQUE);
        rasterize(mesh.mouth(), MODE_ALPHA);
        rasterize(mesh.eyes(), MODE_OPAQUE);
        clearFaceDepth();
        markFacing(mesh.face());
        rasterize(mesh.face(), MODE_FACE);
    }

    private void project(final float[] p, final float[] pose, final int off)
    {
        if (p.length < 3 * mesh.vertexCount())
        {
            throw new IllegalArgumentException("positions need " + 3 * mesh.vertexCount() + " floats, got " + p.length);
        }
        rotation(pose[off], pose[off + 1], pose[off + 2], rp);
        final float[] r0 = camera.restRotation();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                m[3 * i + j] = r0[3 * i] * rp[j] + r0[3 * i + 1] * rp[3 + j] + r0[3 * i + 2] * rp[6 + j];
            }
        }
        final float[] pv = camera.pivot();
        final float[] t0 = camera.restTranslation();
        // offset = R0 (pv - Rp pv) + T0 + t
        final float qx = pv[0] - (rp[0] * pv[0] + rp[1] * pv[1] + rp[2] * pv[2]);
        final float qy = pv[1] - (rp[3] * pv[0] + rp[4] * pv[1] + rp[5] * pv[2]);
        final float qz = pv[2] - (rp[6] * pv[0] + rp[7] * pv[1] + rp[8] * pv[2]);
        final float ox = r0[0] * qx + r0[1] * qy + r0[2] * qz + t0[0] + pose[off + 3];
        final float oy = r0[3] * qx + r0[4] * qy + r0[5] * qz + t0[1] + pose[off + 4];
        final float oz = r0[6] * qx + r0[7] * qy + r0[8] * qz + t0[2] + pose[off + 5];
        final float f = camera.focal();
        final float ccx = camera.cx();
        final float ccy = camera.cy();
        final float[] pin = mesh.pin();
        final float m0 = m[0];
        final float m1 = m[1];
        final float m2 = m[2];
        final float m3 = m[3];
        final float m4 = m[4];
        final float m5 = m[5];
        final float m6 = m[6];
        final float m7 = m[7];
        final float m8 = m[8];
        final int n = mesh.vertexCount();
        for (int i = 0; i < n; i++)
        {
            final float x = p[3 * i];
            final float y = p[3 * i + 1];
            final float z = p[3 * i + 2];
            final float cx = m0 * x + m1 * y + m2 * z + ox;
            final float cy = m3 * x + m4 * y + m5 * z + oy;
            final float cz = m6 * x + m7 * y + m8 * z + oz;
            final float inv = f / Math.max(1f, -cz);
            float px = (ccx + cx * inv) * scaleX;
            float py = (ccy - cy * inv) * scaleY;
            final float w = pin[i];
            if (w < 1f)
            {
                px = w * px + (1f - w) * anchorX[i];
                py = w * py + (1f - w) * anchorY[i];
            }
            sx[i] = px;
            sy[i] = py;
            sz[i] = cz;
        }
    }

    /** R = Ry(yaw) Rx(pitch) Rz(roll), row-major (the {@code HeadPose} convention). */
    static void rotation(final float pitch, final float yaw, final float roll, final float[] r)
    {
        final float cp = (float)Math.cos(pitch);
        final float sp = (float)Math.sin(pitch);
        final float cy = (float)Math.cos(yaw);
        final float sy = (float)Math.sin(yaw);
        final float cr = (float)Math.cos(roll);
        final float sr = (float)Math.sin(roll);
        // Rx Rz
        final float a0 = cr;
        final float a1 = -sr;
        final float a2 = 0f;
        final float a3 = cp * sr;
        final float a4 = cp * cr;
        final float a5 = -sp;
        final float a6 = sp * sr;
        final float a7 = sp * cr;
        final float a8 = cp;
        // Ry (Rx Rz)
        r[0] = cy * a0 + sy * a6;
        r[1] = cy * a1 + sy * a7;
        r[2] = cy * a2 + sy * a8;
        r[3] = a3;
        r[4] = a4;
        r[5] = a5;
        r[6] = -sy * a0 + cy * a6;
        r[7] = -sy * a1 + cy * a7;
        r[8] = -sy * a2 + cy * a8;
    }

    private void clearFaceDepth()
    {
        final int[] face = mesh.face();
        float minX = Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (final int v : face)
        {
            minX = Math.min(minX, sx[v]);
            maxX = Math.max(maxX, sx[v]);
            minY = Math.min(minY, sy[v]);
            maxY = Math.max(maxY, sy[v]);
        }
        final int x0 = Math.max(0, (int)Math.floor(minX) - 1);
        final int x1 = Math.min(width - 1, (int)Math.ceil(maxX) + 1);
        final int y0 = Math.max(0, (int)Math.floor(minY) - 1);
        final int y1 = Math.min(height - 1, (int)Math.ceil(maxY) + 1);
        for (int y = y0; y <= y1; y++)
        {
            Arrays.fill(depth, y * width + x0, y * width + x1 + 1, Float.NEGATIVE_INFINITY);
        }
    }

    /** Which face triangles face the camera this frame; an edge next to one that does not is a silhouette. */
    private void markFacing(final int[] tris)
    {
        for (int t = 0; t < tris.length; t += 3)
        {
            final int i0 = tris[t];
            final int i1 = tris[t + 1];
            final int i2 = tris[t + 2];
            final float area = (sx[i1] - sx[i0]) * (sy[i2] - sy[i0]) - (sy[i1] - sy[i0]) * (sx[i2] - sx[i0]);
            faceFacing[t / 3] = area < -MIN_AREA;
        }
    }

    private void rasterize(final int[] tris, final int mode)
    {
        final float[] tc = texcoords;
        for (int t = 0; t < tris.length; t += 3)
        {
            final int i0 = tris[t];
            int i1 = tris[t + 1];
            int i2 = tris[t + 2];
            final float area0 = (sx[i1] - sx[i0]) * (sy[i2] - sy[i0]) - (sy[i1] - sy[i0]) * (sx[i2] - sx[i0]);
            // facing the camera = negative area in image coordinates (y down); anything else is a fold or a back face
            if (!(area0 < -MIN_AREA))
            {
                continue;
            }
            int open = 0;
            if (mode == MODE_FACE)
            {
                // open edges (mouth, eyes) and silhouette edges (the neighbour turned away) are anti-aliased
                open = faceOpenEdges[t / 3];
                for (int k = 0; k < 3; k++)
                {
                    final int nb = faceNeighbours[t + k];
                    if (nb >= 0 && !faceFacing[nb])
                    {
                        open |= 1 << k;
                    }
                }
            }
            // swap to positive orientation; edge k of the swapped triangle: 0 = (0,1), 1 = (1,2), 2 = (2,0)
            final int tmp = i1;
            i1 = i2;
            i2 = tmp;
            if (open != 0)
            {
                // original edges: bit0 (0,1) -> swapped edge (2,0) = bit2; bit1 (1,2) -> (1,2) = bit1; bit2 (2,0) -> (0,1)
                open = ((open & 1) << 2) | (open & 2) | ((open >> 2) & 1);
            }
            drawTriangle(i0, i1, i2, -area0, tc, mode, open);
        }
    }

    private void drawTriangle(final int i0, final int i1, final int i2, final float area, final float[] tc,
        final int mode, final int open)
    {
        final float x0 = sx[i0];
        final float y0 = sy[i0];
        final float x1 = sx[i1];
        final float y1 = sy[i1];
        final float x2 = sx[i2];
        final float y2 = sy[i2];
        // edge lengths for coverage of open edges; open edges are pushed out by half a pixel
        final float len01 = (float)Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        final float len12 = (float)Math.sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        final float len20 = (float)Math.sqrt((x0 - x2) * (x0 - x2) + (y0 - y2) * (y0 - y2));
        final float pad = open != 0 ? 0.5f : 0f;
        final int xmin = Math.max(0, (int)Math.floor(Math.min(x0, Math.min(x1, x2)) - pad));
        final int xmax = Math.min(width - 1, (int)Math.ceil(Math.max(x0, Math.max(x1, x2)) + pad));
        final int ymin = Math.max(0, (int)Math.floor(Math.min(y0, Math.min(y1, y2)) - pad));
        final int ymax = Math.min(height - 1, (int)Math.ceil(Math.max(y0, Math.max(y1, y2)) + pad));
        if (xmin > xmax || ymin > ymax)
        {
            return;
        }
        final float th01 = (open & 1) != 0 ? -0.5f * len01 : 0f;
        final float th12 = (open & 2) != 0 ? -0.5f * len12 : 0f;
        final float th20 = (open & 4) != 0 ? -0.5f * len20 : 0f;
        final float inv01 = (open & 1) != 0 ? 1f / len01 : 0f;
        final float inv12 = (open & 2) != 0 ? 1f / len12 : 0f;
        final float inv20 = (open & 4) != 0 ? 1f / len20 : 0f;
        // attribute planes a(x, y) = ax * x + ay * y + c
        final float invArea = 1f / area;
        final float u0 = tc[2 * i0];
        final float v0 = tc[2 * i0 + 1];
        final float du1 = tc[2 * i1] - u0;
        final float du2 = tc[2 * i2] - u0;
        final float dv1 = tc[2 * i1 + 1] - v0;
        final float dv2 = tc[2 * i2 + 1] - v0;
        final float dz1 = sz[i1] - sz[i0];
        final float dz2 = sz[i2] - sz[i0];
        final float ex1 = x1 - x0;
        final float ey1 = y1 - y0;
        final float ex2 = x2 - x0;
        final float ey2 = y2 - y0;
        final float uDx = (du1 * ey2 - du2 * ey1) * invArea;
        final float uDy = (du2 * ex1 - du1 * ex2) * invArea;
        final float vDx = (dv1 * ey2 - dv2 * ey1) * invArea;
        final float vDy = (dv2 * ex1 - dv1 * ex2) * invArea;
        final float zDx = (dz1 * ey2 - dz2 * ey1) * invArea;
        final float zDy = (dz2 * ex1 - dz1 * ex2) * invArea;
        final int[] tex = mode == MODE_ALPHA ? tex1 : tex0;
        final int tw = mode == MODE_ALPHA ? tex1W : tex0W;
        final int th = mode == MODE_ALPHA ? tex1H : tex0H;
        final int w = width;
        final float[] zb = depth;
        final int[] out = rgb;
        // fixed-point sampling without clamping when every sample of the triangle stays inside the texture
        final float uMin = Math.min(u0, Math.min(u0 + du1, u0 + du2));
        final float uMax = Math.max(u0, Math.max(u0 + du1, u0 + du2));
        final float vMin = Math.min(v0, Math.min(v0 + dv1, v0 + dv2));
        final float vMax = Math.max(v0, Math.max(v0 + dv1, v0 + dv2));
        final float mu = 2f * (Math.abs(uDx) + Math.abs(uDy)) + 0.01f;
        final float mv = 2f * (Math.abs(vDx) + Math.abs(vDy)) + 0.01f;
        final boolean fast = mode != MODE_ALPHA && uMin - 0.5f - mu >= 0f && vMin - 0.5f - mv >= 0f
            && uMax - 0.5f + mu <= tw - 1.01f && vMax - 0.5f + mv <= th - 1.01f;
        final int dfu = (int)(uDx * 65536f);
        final int dfv = (int)(vDx * 65536f);
        for (int y = ymin; y <= ymax; y++)
        {
            final float py = y + 0.5f;
            final float pxs = xmin + 0.5f;
            // edge functions at the first pixel of the row
            float e01 = (x1 - x0) * (py - y0) - (y1 - y0) * (pxs - x0);
            float e12 = (x2 - x1) * (py - y1) - (y2 - y1) * (pxs - x1);
            float e20 = (x0 - x2) * (py - y2) - (y0 - y2) * (pxs - x2);
            final float d01 = -(y1 - y0);
            final float d12 = -(y2 - y1);
            final float d20 = -(y0 - y2);
            // the row's span inside all three half-planes, widened by a pixel and re-tested per pixel
            float lo = xmin;
            float hi = xmax;
            if (d01 > 0f)
            {
                lo = Math.max(lo, xmin + (th01 - e01) / d01);
            }
            else if (d01 < 0f)
            {
                hi = Math.min(hi, xmin + (th01 - e01) / d01);
            }
            else if (e01 < th01)
            {
                continue;
            }
            if (d12 > 0f)
            {
                lo = Math.max(lo, xmin + (th12 - e12) / d12);
            }
            else if (d12 < 0f)
            {
                hi = Math.min(hi, xmin + (th12 - e12) / d12);
            }
            else if (e12 < th12)
            {
                continue;
            }
            if (d20 > 0f)
            {
                lo = Math.max(lo, xmin + (th20 - e20) / d20);
            }
            else if (d20 < 0f)
            {
                hi = Math.min(hi, xmin + (th20 - e20) / d20);
            }
            else if (e20 < th20)
            {
                continue;
            }
            if (lo > hi + 1f)
            {
                continue;
            }
            final int xs = Math.max(xmin, (int)lo - 1);
            final int xe = Math.min(xmax, (int)hi + 1);
            final float skip = xs - xmin;
            e01 += d01 * skip;
            e12 += d12 * skip;
            e20 += d20 * skip;
            final float pxa = xs + 0.5f;
            float u = u0 + uDx * (pxa - x0) + uDy * (py - y0);
            float v = v0 + vDx * (pxa - x0) + vDy * (py - y0);
            float z = sz[i0] + zDx * (pxa - x0) + zDy * (py - y0);
            int idx = y * w + xs;
            int fu = (int)((u - 0.5f) * 65536f);
            int fv = (int)((v - 0.5f) * 65536f);
            if (fast && mode == MODE_OPAQUE && warpX == null)
            {
                spanOpaque(out, idx, xe - xs + 1, tex, tw, fu, fv, dfu, dfv, e01, e12, e20, d01, d12, d20, th01, th12,
                    th20);
                continue;
            }
            if (fast && mode == MODE_FACE && open == 0 && warpX == null)
            {
                spanFace(out, zb, idx, xe - xs + 1, tex, tw, fu, fv, dfu, dfv, z, zDx, e01, e12, e20, d01, d12, d20);
                continue;
            }
            for (int x = xs; x <= xe; x++, idx++)
            {
                if (e01 >= th01 && e12 >= th12 && e20 >= th20)
                {
                    if (mode == MODE_OPAQUE)
                    {
                        out[idx] = sample(tex, tw, th, u, v);
                        if (warpX != null)
                        {
                            warpX[idx] = u;
                            warpY[idx] = v;
                        }
                    }
                    else if (mode == MODE_ALPHA)
                    {
                        final int s = sampleArgb(tex, tw, th, u, v);
                        final int a = s >>> 24;
                        out[idx] = blend(s, out[idx], a + (a >> 7));
                    }
                    else if (z > zb[idx])
                    {
                        zb[idx] = z;
                        final int s = fast ? sampleFixed(tex, tw, fu, fv) : sample(tex, tw, th, u, v);
                        if (open == 0)
                        {
                            out[idx] = s;
                        }
                        else
                        {
                            float cov = 1f;
                            if (inv01 != 0f)
                            {
                                cov = Math.min(cov, 0.5f + e01 * inv01);
                            }
                            if (inv12 != 0f)
                            {
                                cov = Math.min(cov, 0.5f + e12 * inv12);
                            }
                            if (inv20 != 0f)
                            {
                                cov = Math.min(cov, 0.5f + e20 * inv20);
                            }
                            out[idx] = cov >= 1f ? s : blend(s, out[idx], (int)(cov * 256f));
                        }
                        if (warpX != null)
                        {
                            warpX[idx] = u;
                            warpY[idx] = v;
                        }
                    }
                }
                e01 += d01;
                e12 += d12;
                e20 += d20;
                u += uDx;
                v += vDx;
                z += zDx;
                fu += dfu;
                fv += dfv;
            }
        }
    }

    /** Bilinear sample of an opaque texture at pixel coordinates (texel centres at +0.5), edge-clamped; 0xFFRRGGBB. */
    static int sample(final int[] tex, final int tw, final int th, final float u, final float v)
    {
        return 0xFF000000 | (sampleArgb(tex, tw, th, u, v) & 0xFFFFFF);
    }

    /** One row of an opaque triangle with the fixed-point sampler (kept small so the JIT optimises it alone). */
    private static void spanOpaque(final int[] out, final int start, final int count, final int[] tex, final int tw,
        final int fu0, final int fv0, final int dfu, final int dfv, final float e01s, final float e12s, final float e20s,
        final float d01, final float d12, final float d20, final float th01, final float th12, final float th20)
    {
        int fu = fu0;
        int fv = fv0;
        float e01 = e01s;
        float e12 = e12s;
        float e20 = e20s;
        final int end = start + count;
        for (int idx = start; idx < end; idx++)
        {
            if (e01 >= th01 && e12 >= th12 && e20 >= th20)
            {
                out[idx] = sampleFixed(tex, tw, fu, fv);
            }
            e01 += d01;
            e12 += d12;
            e20 += d20;
            fu += dfu;
            fv += dfv;
        }
    }

    /** One row of a face triangle without open edges: depth test and the fixed-point sampler. */
    private static void spanFace(final int[] out, final float[] zb, final int start, final int count, final int[] tex,
        final int tw, final int fu0, final int fv0, final int dfu, final int dfv, final float z0, final float dz,
        final float e01s, final float e12s, final float e20s, final float d01, final float d12, final float d20)
    {
        int fu = fu0;
        int fv = fv0;
        float z = z0;
        float e01 = e01s;
        float e12 = e12s;
        float e20 = e20s;
        final int end = start + count;
        for (int idx = start; idx < end; idx++)
        {
            if (e01 >= 0f && e12 >= 0f && e20 >= 0f && z > zb[idx])
            {
                zb[idx] = z;
                out[idx] = sampleFixed(tex, tw, fu, fv);
            }
            e01 += d01;
            e12 += d12;
            e20 += d20;
            fu += dfu;
            fv += dfv;
            z += dz;
        }
    }

    /**
     * Bilinear sample at 16.16 fixed-point texel coordinates (already offset by half a texel), no clamping: the
     * caller guarantees the 2x2 footprint is inside the texture. Opaque result.
     */
    static int sampleFixed(final int[] tex, final int tw, final int fu, final int fv)
    {
        final int i = (fv >> 16) * tw + (fu >> 16);
        final int ax = (fu >>> 8) & 0xFF;
        final int ay = (fv >>> 8) & 0xFF;
        final int bx = 256 - ax;
        final int by = 256 - ay;
        final int p00 = tex[i];
        final int p01 = tex[i + 1];
        final int p10 = tex[i + tw];
        final int p11 = tex[i + tw + 1];
        final int rbTop = (((p00 & 0xFF00FF) * bx + (p01 & 0xFF00FF) * ax) >>> 8) & 0xFF00FF;
        final int gTop = (((p00 & 0xFF00) * bx + (p01 & 0xFF00) * ax) >>> 8) & 0xFF00;
        final int rbBot = (((p10 & 0xFF00FF) * bx + (p11 & 0xFF00FF) * ax) >>> 8) & 0xFF00FF;
        final int gBot = (((p10 & 0xFF00) * bx + (p11 & 0xFF00) * ax) >>> 8) & 0xFF00;
        final int rb = ((rbTop * by + rbBot * ay) >>> 8) & 0xFF00FF;
        final int g = ((gTop * by + gBot * ay) >>> 8) & 0xFF00;
        return 0xFF000000 | rb | g;
    }

    /** Bilinear sample keeping alpha. Two 8-bit lanes per int (R,B and A,G) are filtered at once. */
    static int sampleArgb(final int[] tex, final int tw, final int th, final float u, final float v)
    {
        float fx = u - 0.5f;
        float fy = v - 0.5f;
        final float maxX = tw - 1.001f;
        final float maxY = th - 1.001f;
        fx = fx < 0f ? 0f : (fx > maxX ? maxX : fx);
        fy = fy < 0f ? 0f : (fy > maxY ? maxY : fy);
        final int ix = (int)fx;
        final int iy = (int)fy;
        final int ax = (int)((fx - ix) * 256f);
        final int ay = (int)((fy - iy) * 256f);
        final int i = iy * tw + ix;
        final int p00 = tex[i];
        final int p01 = tex[i + 1];
        final int p10 = tex[i + tw];
        final int p11 = tex[i + tw + 1];
        final int bx = 256 - ax;
        final int rbTop = (((p00 & 0xFF00FF) * bx + (p01 & 0xFF00FF) * ax) >>> 8) & 0xFF00FF;
        final int agTop = ((((p00 >>> 8) & 0xFF00FF) * bx + ((p01 >>> 8) & 0xFF00FF) * ax) >>> 8) & 0xFF00FF;
        final int rbBot = (((p10 & 0xFF00FF) * bx + (p11 & 0xFF00FF) * ax) >>> 8) & 0xFF00FF;
        final int agBot = ((((p10 >>> 8) & 0xFF00FF) * bx + ((p11 >>> 8) & 0xFF00FF) * ax) >>> 8) & 0xFF00FF;
        final int by = 256 - ay;
        final int rb = ((rbTop * by + rbBot * ay) >>> 8) & 0xFF00FF;
        final int ag = ((agTop * by + agBot * ay) >>> 8) & 0xFF00FF;
        return (ag << 8) | rb;
    }

    /** {@code src * a + dst * (1 - a)} per channel, a in [0, 256]; result opaque. */
    static int blend(final int src, final int dst, final int a)
    {
        final int b = 256 - a;
        final int rb = (((src & 0xFF00FF) * a + (dst & 0xFF00FF) * b) >>> 8) & 0xFF00FF;
        final int g = (((src & 0xFF00) * a + (dst & 0xFF00) * b) >>> 8) & 0xFF00;
        return 0xFF000000 | rb | g;
    }

    /**
     * @return the last frame, {@code 0xFFRRGGBB} per pixel, row-major; valid until the next {@link #render}. Owning
     *     thread only.
     */
    public int[] rgb()
    {
        return rgb;
    }

    /**
     * Converts the last frame to I420 (BT.601 limited range). Allocation-free; owning thread only.
     *
     * @param dst {@code width * height * 3 / 2} bytes: Y plane, then U, then V.
     */
    public void writeI420(final byte[] dst)
    {
        I420Converter.convert(rgb, width, height, dst);
    }

    /**
     * @return the warp map x: for each output pixel the x coordinate sampled in the renderer's pre-filtered portrait
     *     (portrait pixels times {@link #warpScale()}), -1 where no portrait layer was drawn; null when the renderer
     *     was built without {@code captureWarp}. Owning thread only.
     */
    public float[] warpX()
    {
        return warpX;
    }

    /**
     * @return the warp map y, like {@link #warpX()}.
     */
    public float[] warpY()
    {
        return warpY;
    }

    /**
     * @return the factor from portrait pixels to the pre-filtered texture the renderer samples (1, 1/2, 1/4...).
     */
    public float warpScale()
    {
        return (float)tex0W / portraitWidth;
    }

    /**
     * @param vertex a vertex.
     * @return its screen x (output pixels) in the last frame.
     */
    public float screenX(final int vertex)
    {
        return sx[vertex];
    }

    /**
     * @param vertex a vertex.
     * @return its screen y (output pixels) in the last frame.
     */
    public float screenY(final int vertex)
    {
        return sy[vertex];
    }

    /**
     * @return output width.
     */
    public int width()
    {
        return width;
    }

    /**
     * @return output height.
     */
    public int height()
    {
        return height;
    }
}
