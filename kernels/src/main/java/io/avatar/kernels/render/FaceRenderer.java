package io.avatar.kernels.render;

import java.util.Arrays;

/**
 * Renders one frame of a face from deformed vertex positions and a head pose: projects every vertex (pinned skirt
 * vertices blend toward where they sit in the portrait), then rasterizes, in order, the skirt, the mouth interior,
 * the eyeball fills and the face, sampling the portrait (or the mouth atlas) bilinearly at the interpolated texture
 * coordinates of each output pixel (seed 000, Algorithm 1, fused with the rasterizer so no map is stored unless asked).
 * <ul>
 *   <li>Fold-over and back-facing triangles (screen winding flipped) are skipped, so no mirrored slivers appear.</li>
 *   <li>Face triangles are depth-tested among themselves (the nose can hide a cheek on yaw).</li>
 *   <li>Edges of the mouth and eye openings are anti-aliased by coverage: the face is blended over what lies
 *       beneath within half a pixel of an open edge.</li>
 * </ul>
 * Not thread-safe: one instance per session, driven by one thread at a time; allocation-free after construction.
 * Instances share nothing mutable (textures are immutable; a renderer that blends a {@link DetailTexture} in per
 * frame, {@link #blend}, rewrites its own copy of the portrait texels), so many may run in parallel on a pool.
 */
public final class FaceRenderer
{
    /** Smallest supported output side. */
    public static final int MIN_SIZE = 256;
    /** Largest supported output side. */
    public static final int MAX_SIZE = 1024;
    /** Default output side. */
    public static final int DEFAULT_SIZE = 512;

    /** Low 8 bits of each 16-bit lane. */
    private static final long LANE_MASK = 0x00FF00FF00FF00FFL;
    private static final int MODE_OPAQUE = 0;
    private static final int MODE_ALPHA = 1;
    private static final int MODE_FACE = 2;
    /** Row loops, chosen per triangle (see {@code drawTriangle}). */
    private static final int SPAN_GENERIC = 0;
    private static final int SPAN_OPAQUE_FIXED = 1;
    private static final int SPAN_OPAQUE_CLAMPED = 2;
    private static final int SPAN_ALPHA = 3;
    private static final int SPAN_FACE_FIXED = 4;
    /** Minimum screen area (pixels^2, front-facing) for a triangle to be drawn. */
    private static final float MIN_AREA = 1e-3f;

    private final RenderMesh mesh;
    private final int width;
    private final int height;
    /** Portrait texels in 16-bit lanes ({@link #lanes}), pre-filtered to about the output size. */
    private final long[] tex0;
    private final int tex0W;
    private final int portraitWidth;
    private final int tex0H;
    /** Mouth-atlas texels in 16-bit lanes. */
    private final long[] tex1;
    private final int tex1W;
    private final int tex1H;
    private final int[] background;
    private final int[] rgb;
    private final float[] depth;
    private final float[] sx;
    private final float[] sy;
    private final float[] sz;
    /** Projects the vertices each frame, with the rest anchors and scales of the shared setup tables. */
    private final RenderSetup.Projector projector;
    private final byte[] faceOpenEdges;
    private final int[] faceNeighbours;
    private final boolean[] faceFacing;
    private final float[] texcoords;
    private final float[] warpX;
    private final float[] warpY;
    /** The detail texture's blend tables, or null. */
    private final TextureBlend blendTables;
    /** Per blend region, the level its texels hold now (0 at construction: the portrait as given). */
    private final int[] blendLevels;

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
    public FaceRenderer(final RenderMesh mesh, final RenderCamera camera, final RenderTexture portrait,
        final RenderTexture mouthAtlas, final RenderTexture backdrop, final int width, final int height,
        final boolean captureWarp)
    {
        this(mesh, camera, portrait, null, mouthAtlas, backdrop, width, height, captureWarp);
    }

    /**
     * Builds a renderer whose portrait texture blends in a detail texture per frame ({@link #blend}); with a detail
     * texture it keeps a private copy of its pre-filtered portrait texels (the shared ones stay untouched). Setup
     * time; any thread.
     *
     * @param mesh         what to draw.
     * @param camera       rest placement and projection (reference frame = portrait).
     * @param portrait     texture of the skirt, eye and face layers at detail amount 0.
     * @param detail       the detail texture, or null for none (then exactly the renderer above).
     * @param mouthAtlas   texture of the mouth interior, with alpha.
     * @param backdrop     static background, stretched over the reference frame.
     * @param width        output width, even, in [256, 1024].
     * @param height       output height, even, in [256, 1024].
     * @param captureWarp  whether to record the warp map (portrait coordinates per output pixel) each frame.
     */
    public FaceRenderer(final RenderMesh mesh, final RenderCamera camera, final RenderTexture portrait,
        final DetailTexture detail, final RenderTexture mouthAtlas, final RenderTexture backdrop, final int width,
        final int height, final boolean captureWarp)
    {
        // the tables the CUDA renderer uploads are the ones this renderer draws with: one setup serves both
        final RenderSetup setup = new RenderSetup(mesh, camera, portrait, detail, mouthAtlas, backdrop, width,
            height);
        this.mesh = mesh;
        this.width = width;
        this.height = height;
        final RenderTexture filtered = setup.portraitTexture();
        blendTables = setup.textureBlend();
        // the shared lanes are read-only: a renderer that rewrites some of its texels per frame owns its copy
        this.tex0 = blendTables == null ? filtered.lanes() : filtered.lanes().clone();
        blendLevels = new int[blendTables == null ? 0 : blendTables.count()];
        this.portraitWidth = portrait.width();
        this.tex0W = filtered.width();
        this.tex0H = filtered.height();
        this.tex1 = mouthAtlas.lanes();
        this.tex1W = mouthAtlas.width();
        this.tex1H = mouthAtlas.height();
        final int n = mesh.vertexCount();
        sx = new float[n];
        sy = new float[n];
        sz = new float[n];
        rgb = new int[width * height];
        depth = new float[width * height];
        warpX = captureWarp ? new float[width * height] : null;
        warpY = captureWarp ? new float[width * height] : null;
        background = setup.background();
        projector = setup.projector();
        faceOpenEdges = setup.faceOpenEdges();
        faceNeighbours = setup.faceNeighbours();
        faceFacing = new boolean[mesh.face().length / 3];
        texcoords = setup.texcoords();
    }

    /**
     * The texture a renderer of this output size samples for the portrait layers: the portrait halved (box filter)
     * while it stays at least the output size, for better cache use and no aliasing when a large portrait is shown
     * small. The warp map ({@link #warpX()}) is in this texture's pixels. Setup time; any thread.
     *
     * @param portrait the portrait.
     * @param width    output width.
     * @param height   output height.
     * @return the pre-filtered texture (the portrait itself when no halving applies).
     */
    public static RenderTexture prefiltered(final RenderTexture portrait, final int width, final int height)
    {
        int[] t = portrait.pixels();
        int tw = portrait.width();
        int th = portrait.height();
        if (tw / 2 < width || th / 2 < height || tw < 4 || th < 4)
        {
            return portrait;
        }
        while (tw / 2 >= width && th / 2 >= height && tw >= 4 && th >= 4)
        {
            t = halve(t, tw, th);
            tw /= 2;
            th /= 2;
        }
        return new RenderTexture(tw, th, t);
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

    /**
     * Spreads each {@code 0xAARRGGBB} texel into four 16-bit lanes of a long (B bits 0-7, R 16-23, G 32-39, A 48-55):
     * one long multiply then weights all four channels at once with room for the carries ({@code 255 * 256 < 2^16}),
     * half the multiplies of filtering two channel pairs per int, and per channel exactly the same integer result.
     */
    static long[] lanes(final int[] argb)
    {
        final long[] out = new long[argb.length];
        for (int i = 0; i < argb.length; i++)
        {
            final int p = argb[i];
            out[i] = (p & 0x00FF00FFL) | ((long)((p >>> 8) & 0x00FF00FF) << 32);
        }
        return out;
    }

    /**
     * @return the number of regions of the detail texture ({@link #blend}); 0 without one. Any thread.
     */
    public int blendRegions()
    {
        return blendLevels.length;
    }

    /**
     * Sets how much of the detail texture one region shows from the next frame on: its texels are rewritten when the
     * level ({@link TextureBlend#level}) moved by more than {@link TextureBlend#STEP} or reached 0 or 1 exactly, and
     * left alone otherwise (a steady amount costs a comparison). Allocation-free; owning thread only, between frames.
     *
     * @param region a region, 0-based, below {@link #blendRegions()}.
     * @param amount 0 = the portrait texture, 1 = the detail texture (clamped).
     * @return whether texels were rewritten.
     */
    public boolean blend(final int region, final float amount)
    {
        final int level = TextureBlend.level(amount);
        if (!TextureBlend.changed(blendLevels[region], level))
        {
            return false;
        }
        blendTables.writeLanes(region, level, tex0);
        blendLevels[region] = level;
        return true;
    }

    /**
     * @param region a region, 0-based.
     * @return the level its texels hold (0 to {@link TextureBlend#FULL}). Owning thread only.
     */
    public int blendLevel(final int region)
    {
        return blendLevels[region];
    }

    /**
     * @return the pre-filtered portrait texels this renderer samples, in 16-bit lanes (tests compare them; do not
     *     modify). Owning thread only.
     */
    long[] portraitLanes()
    {
        return tex0;
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
        projector.project(positions, pose, poseOff, sx, sy, sz);
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
        final float pad = open != 0 ? 0.5f : 0f;
        final int xmin = Math.max(0, (int)Math.floor(Math.min(x0, Math.min(x1, x2)) - pad));
        final int xmax = Math.min(width - 1, (int)Math.ceil(Math.max(x0, Math.max(x1, x2)) + pad));
        final int ymin = Math.max(0, (int)Math.floor(Math.min(y0, Math.min(y1, y2)) - pad));
        final int ymax = Math.min(height - 1, (int)Math.ceil(Math.max(y0, Math.max(y1, y2)) + pad));
        if (xmin > xmax || ymin > ymax)
        {
            return;
        }
        // open edges are pushed out by half a pixel and anti-aliased by coverage (distance / edge length); the
        // lengths (square roots) are only needed for them
        float th01 = 0f;
        float th12 = 0f;
        float th20 = 0f;
        float inv01 = 0f;
        float inv12 = 0f;
        float inv20 = 0f;
        if ((open & 1) != 0)
        {
            final float len01 = (float)Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
            th01 = -0.5f * len01;
            inv01 = 1f / len01;
        }
        if ((open & 2) != 0)
        {
            final float len12 = (float)Math.sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
            th12 = -0.5f * len12;
            inv12 = 1f / len12;
        }
        if ((open & 4) != 0)
        {
            final float len20 = (float)Math.sqrt((x0 - x2) * (x0 - x2) + (y0 - y2) * (y0 - y2));
            th20 = -0.5f * len20;
            inv20 = 1f / len20;
        }
        // attribute planes a(x, y) = ax * x + ay * y + c
        final float invArea = 1f / area;
        final float u0 = tc[2 * i0];
        final float v0 = tc[2 * i0 + 1];
        final float du1 = tc[2 * i1] - u0;
        final float du2 = tc[2 * i2] - u0;
        final float dv1 = tc[2 * i1 + 1] - v0;
        final float dv2 = tc[2 * i2 + 1] - v0;
        final float z0 = sz[i0];
        final float dz1 = sz[i1] - z0;
        final float dz2 = sz[i2] - z0;
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
        final boolean alpha = mode == MODE_ALPHA;
        final long[] tex = alpha ? tex1 : tex0;
        final int tw = alpha ? tex1W : tex0W;
        final int th = alpha ? tex1H : tex0H;
        // fixed-point sampling without clamping when every sample of the triangle stays inside the texture
        final float uMin = Math.min(u0, Math.min(u0 + du1, u0 + du2));
        final float uMax = Math.max(u0, Math.max(u0 + du1, u0 + du2));
        final float vMin = Math.min(v0, Math.min(v0 + dv1, v0 + dv2));
        final float vMax = Math.max(v0, Math.max(v0 + dv1, v0 + dv2));
        final float mu = 2f * (Math.abs(uDx) + Math.abs(uDy)) + 0.01f;
        final float mv = 2f * (Math.abs(vDx) + Math.abs(vDy)) + 0.01f;
        final boolean fast = !alpha && uMin - 0.5f - mu >= 0f && vMin - 0.5f - mv >= 0f
            && uMax - 0.5f + mu <= tw - 1.01f && vMax - 0.5f + mv <= th - 1.01f;
        final int span;
        if (warpX != null)
        {
            span = SPAN_GENERIC;
        }
        else if (mode == MODE_OPAQUE)
        {
            span = fast ? SPAN_OPAQUE_FIXED : SPAN_OPAQUE_CLAMPED;
        }
        else if (alpha)
        {
            span = SPAN_ALPHA;
        }
        else
        {
            span = fast && open == 0 ? SPAN_FACE_FIXED : SPAN_GENERIC;
        }
        final int dfu = (int)(uDx * 65536f);
        final int dfv = (int)(vDx * 65536f);
        // row-invariant factors of the edge functions, hoisted; each row evaluates exactly the same float products
        // and differences as the whole expressions would (Java does not fuse or reassociate float arithmetic)
        final float pxs = xmin + 0.5f;
        final float a01 = x1 - x0;
        final float a12 = x2 - x1;
        final float a20 = x0 - x2;
        final float b01 = (y1 - y0) * (pxs - x0);
        final float b12 = (y2 - y1) * (pxs - x1);
        final float b20 = (y0 - y2) * (pxs - x2);
        final float d01 = -(y1 - y0);
        final float d12 = -(y2 - y1);
        final float d20 = -(y0 - y2);
        final int w = width;
        for (int y = ymin; y <= ymax; y++)
        {
            final float py = y + 0.5f;
            // edge functions at the first pixel of the row
            float e01 = a01 * (py - y0) - b01;
            float e12 = a12 * (py - y1) - b12;
            float e20 = a20 * (py - y2) - b20;
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
            final float u = u0 + uDx * (pxa - x0) + uDy * (py - y0);
            final float v = v0 + vDx * (pxa - x0) + vDy * (py - y0);
            final int idx = y * w + xs;
            final int count = xe - xs + 1;
            switch (span)
            {
                case SPAN_OPAQUE_FIXED -> spanOpaque(rgb, idx, count, tex, tw, (int)((u - 0.5f) * 65536f),
                    (int)((v - 0.5f) * 65536f), dfu, dfv, e01, e12, e20, d01, d12, d20);
                case SPAN_OPAQUE_CLAMPED -> spanOpaqueClamped(rgb, idx, count, tex, tw, th, u, v, uDx, vDx, e01, e12,
                    e20, d01, d12, d20);
                case SPAN_ALPHA -> spanAlpha(rgb, idx, count, tex, tw, th, u, v, uDx, vDx, e01, e12, e20, d01, d12,
                    d20);
                case SPAN_FACE_FIXED -> spanFace(rgb, depth, idx, count, tex, tw, (int)((u - 0.5f) * 65536f),
                    (int)((v - 0.5f) * 65536f), dfu, dfv, z0 + zDx * (pxa - x0) + zDy * (py - y0), zDx, e01, e12, e20,
                    d01, d12, d20);
                default -> spanGeneric(mode, open, fast, idx, count, tex, tw, th, u, v, uDx, vDx,
                    z0 + zDx * (pxa - x0) + zDy * (py - y0), zDx, dfu, dfv, e01, e12, e20, d01, d12, d20, th01, th12,
                    th20, inv01, inv12, inv20);
            }
        }
    }

    /**
     * One row of any layer, every case handled per pixel: the face's anti-aliased open edges, samples that need
     * clamping, and recording the warp map. The other span loops are this loop specialised, with the same float and
     * fixed-point steps, so their pixels are identical.
     */
    private void spanGeneric(final int mode, final int open, final boolean fast, final int start, final int count,
        final long[] tex, final int tw, final int th, final float u0, final float v0, final float uDx, final float vDx,
        final float z0, final float zDx, final int dfu, final int dfv, final float e01s, final float e12s,
        final float e20s, final float d01, final float d12, final float d20, final float th01, final float th12,
        final float th20, final float inv01, final float inv12, final float inv20)
    {
        final int[] out = rgb;
        final float[] zb = depth;
        float e01 = e01s;
        float e12 = e12s;
        float e20 = e20s;
        float u = u0;
        float v = v0;
        float z = z0;
        int fu = (int)((u0 - 0.5f) * 65536f);
        int fv = (int)((v0 - 0.5f) * 65536f);
        final int end = start + count;
        for (int idx = start; idx < end; idx++)
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

    /** Bilinear sample of an opaque texture at pixel coordinates (texel centres at +0.5), edge-clamped; 0xFFRRGGBB. */
    static int sample(final long[] tex, final int tw, final int th, final float u, final float v)
    {
        return 0xFF000000 | sampleArgb(tex, tw, th, u, v);
    }

    /** One row of an opaque triangle with the fixed-point sampler (kept small so the JIT optimises it alone). */
    private static void spanOpaque(final int[] out, final int start, final int count, final long[] tex, final int tw,
        final int fu0, final int fv0, final int dfu, final int dfv, final float e01s, final float e12s, final float e20s,
        final float d01, final float d12, final float d20)
    {
        int fu = fu0;
        int fv = fv0;
        float e01 = e01s;
        float e12 = e12s;
        float e20 = e20s;
        final int end = start + count;
        for (int idx = start; idx < end; idx++)
        {
            if (e01 >= 0f && e12 >= 0f && e20 >= 0f)
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

    /** One row of an opaque triangle whose samples may need clamping at the texture's border (float coordinates). */
    private static void spanOpaqueClamped(final int[] out, final int start, final int count, final long[] tex,
        final int tw, final int th, final float u0, final float v0, final float uDx, final float vDx, final float e01s,
        final float e12s, final float e20s, final float d01, final float d12, final float d20)
    {
        float u = u0;
        float v = v0;
        float e01 = e01s;
        float e12 = e12s;
        float e20 = e20s;
        final int end = start + count;
        for (int idx = start; idx < end; idx++)
        {
            if (e01 >= 0f && e12 >= 0f && e20 >= 0f)
            {
                out[idx] = sample(tex, tw, th, u, v);
            }
            e01 += d01;
            e12 += d12;
            e20 += d20;
            u += uDx;
            v += vDx;
        }
    }

    /**
     * One row of the mouth interior: alpha-blended over what lies beneath. A texel of alpha 0 leaves the pixel as it
     * is ({@code blend} with weight 0 returns the opaque destination), so it is not written.
     */
    private static void spanAlpha(final int[] out, final int start, final int count, final long[] tex, final int tw,
        final int th, final float u0, final float v0, final float uDx, final float vDx, final float e01s,
        final float e12s, final float e20s, final float d01, final float d12, final float d20)
    {
        float u = u0;
        float v = v0;
        float e01 = e01s;
        float e12 = e12s;
        float e20 = e20s;
        final int end = start + count;
        for (int idx = start; idx < end; idx++)
        {
            if (e01 >= 0f && e12 >= 0f && e20 >= 0f)
            {
                final int s = sampleArgb(tex, tw, th, u, v);
                final int a = s >>> 24;
                if (a != 0)
                {
                    out[idx] = blend(s, out[idx], a + (a >> 7));
                }
            }
            e01 += d01;
            e12 += d12;
            e20 += d20;
            u += uDx;
            v += vDx;
        }
    }

    /** One row of a face triangle without open edges: depth test and the fixed-point sampler. */
    private static void spanFace(final int[] out, final float[] zb, final int start, final int count, final long[] tex,
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
     * caller guarantees the 2x2 footprint is inside the texture. Opaque result. Per channel
     * {@code floor((floor((c00 bx + c01 ax) / 256) by + floor((c10 bx + c11 ax) / 256) ay) / 256)} with 8-bit weights.
     */
    static int sampleFixed(final long[] tex, final int tw, final int fu, final int fv)
    {
        final int i = (fv >> 16) * tw + (fu >> 16);
        final int ax = (fu >>> 8) & 0xFF;
        final int ay = (fv >>> 8) & 0xFF;
        return 0xFF000000 | bilinear(tex, i, tw, ax, ay);
    }

    /** {@link #sampleFixed} keeping the texture's alpha. */
    static int sampleFixedArgb(final long[] tex, final int tw, final int fu, final int fv)
    {
        return bilinear(tex, (fv >> 16) * tw + (fu >> 16), tw, (fu >>> 8) & 0xFF, (fv >>> 8) & 0xFF);
    }

    /** Bilinear sample keeping alpha, float texel coordinates, edge-clamped; the weights are truncated to 8 bits. */
    static int sampleArgb(final long[] tex, final int tw, final int th, final float u, final float v)
    {
        float fx = u - 0.5f;
        float fy = v - 0.5f;
        final float maxX = tw - 1.001f;
        final float maxY = th - 1.001f;
        fx = fx < 0f ? 0f : (fx > maxX ? maxX : fx);
        fy = fy < 0f ? 0f : (fy > maxY ? maxY : fy);
        // one conversion per axis: fx * 256 is exact (a power-of-two scale of a value below 2^24), so its integer
        // part holds floor(fx) above 8 bits and floor(256 * frac(fx)) in them, the same weight as (fx - floor(fx)) * 256
        final int gx = (int)(fx * 256f);
        final int gy = (int)(fy * 256f);
        return bilinear(tex, (gy >> 8) * tw + (gx >> 8), tw, gx & 0xFF, gy & 0xFF);
    }

    /** The 2x2 footprint at {@code i} filtered with weights {@code ax, ay} in [0, 255]: all four lanes at once. */
    private static int bilinear(final long[] tex, final int i, final int tw, final int ax, final int ay)
    {
        final int bx = 256 - ax;
        final long top = ((tex[i] * bx + tex[i + 1] * ax) >>> 8) & LANE_MASK;
        final long bottom = ((tex[i + tw] * bx + tex[i + tw + 1] * ax) >>> 8) & LANE_MASK;
        final long p = ((top * (256 - ay) + bottom * ay) >>> 8) & LANE_MASK;
        // B | R << 16 in the low int; G << 8 | A << 24 from the high one
        return (int)p | (int)(p >>> 24);
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
     * @return what this renderer draws (for tools and benchmarks that drive a second renderer with the same mesh).
     */
    RenderMesh mesh()
    {
        return mesh;
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
