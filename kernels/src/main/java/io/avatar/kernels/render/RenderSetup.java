package io.avatar.kernels.render;

import java.util.Arrays;

/**
 * Everything a face renderer precomputes at construction, as plain arrays, plus the per-frame vertex projection.
 * {@link FaceRenderer} builds its tables and projects through this class, and a renderer that runs elsewhere (the
 * CUDA renderer in {@code io.avatar.accel}) uploads the same tables once, so both draw from one computation (same
 * pre-filtering, texture-coordinate scaling, background resampling, open-edge and silhouette-neighbour tables, same
 * float operations in projection): a GPU renderer is only accepted when it matches the CPU renderer to 1/255 per
 * channel; the kernels test {@code RenderSetupTest} replays a frame from these tables and checks it equals the CPU
 * renderer's pixel for pixel.
 * <p>
 * Triangles of all layers are concatenated in draw order (skirt, mouth, eyes, face); within a layer the order is the
 * mesh's. Immutable after construction; the getters return the arrays themselves, which callers must not modify.
 * Any thread.
 */
public final class RenderSetup
{
    /** Layer mode of skirt and eye triangles: opaque, last triangle drawn wins. */
    public static final int MODE_OPAQUE = 0;
    /** Layer mode of mouth triangles: mouth atlas, blended by its alpha in painter's order. */
    public static final int MODE_ALPHA = 1;
    /** Layer mode of face triangles: depth-tested, open and silhouette edges anti-aliased by coverage. */
    public static final int MODE_FACE = 2;
    /** Minimum front-facing screen area (pixels^2) of a drawn triangle; the CPU renderer's constant. */
    public static final float MIN_AREA = 1e-3f;

    private final RenderCamera camera;
    private final int width;
    private final int height;
    private final float scaleX;
    private final float scaleY;
    private final int vertexCount;
    private final float[] pin;
    private final float[] anchorX;
    private final float[] anchorY;
    /** The portrait pre-filtered to about the output size ({@link FaceRenderer#prefiltered}). */
    private final RenderTexture tex0;
    private final RenderTexture tex1;
    /** The per-frame blend of the portrait's detail texture into {@link #tex0}, or null when it has none. */
    private final TextureBlend blend;
    private final int[] background;
    private final float[] texcoords;
    private final int[] triangles;
    private final int skirtCount;
    private final int mouthCount;
    private final int eyeCount;
    private final int faceCount;
    private final byte[] faceOpenEdges;
    private final int[] faceNeighbours;

    /**
     * Precomputes the tables for one renderer. Setup time; any thread.
     *
     * @param mesh       what to draw.
     * @param camera     rest placement and projection.
     * @param portrait   portrait texture (skirt, eyes, face).
     * @param mouthAtlas mouth-interior texture with alpha.
     * @param backdrop   static background.
     * @param width      output width, even, in [256, 1024].
     * @param height     output height, even, in [256, 1024].
     */
    public RenderSetup(final RenderMesh mesh, final RenderCamera camera, final RenderTexture portrait,
        final RenderTexture mouthAtlas, final RenderTexture backdrop, final int width, final int height)
    {
        this(mesh, camera, portrait, null, mouthAtlas, backdrop, width, height);
    }

    /**
     * Precomputes the tables for one renderer whose portrait texture blends in a detail texture per frame
     * ({@link #textureBlend()}). Setup time; any thread.
     *
     * @param mesh       what to draw.
     * @param camera     rest placement and projection.
     * @param portrait   portrait texture (skirt, eyes, face) at detail amount 0.
     * @param detail     the detail texture (the portrait's size), or null for none.
     * @param mouthAtlas mouth-interior texture with alpha.
     * @param backdrop   static background.
     * @param width      output width, even, in [256, 1024].
     * @param height     output height, even, in [256, 1024].
     */
    public RenderSetup(final RenderMesh mesh, final RenderCamera camera, final RenderTexture portrait,
        final DetailTexture detail, final RenderTexture mouthAtlas, final RenderTexture backdrop, final int width,
        final int height)
    {
        checkSize("width", width);
        checkSize("height", height);
        this.camera = camera;
        this.width = width;
        this.height = height;
        this.scaleX = (float)width / camera.refWidth();
        this.scaleY = (float)height / camera.refHeight();
        this.tex0 = FaceRenderer.prefiltered(portrait, width, height);
        final float texScale = (float)tex0.width() / portrait.width();
        final float texScaleY = (float)tex0.height() / portrait.height();
        if (detail == null)
        {
            blend = null;
        }
        else
        {
            final RenderTexture target = detail.target();
            if (target.width() != portrait.width() || target.height() != portrait.height())
            {
                throw new IllegalArgumentException("detail texture " + target.width() + "x" + target.height()
                    + " differs from the portrait " + portrait.width() + "x" + portrait.height());
            }
            // the target pre-filtered exactly as the portrait (same size, same halvings), so that amount 1 draws the
            // target's own pre-filtered texels
            blend = new TextureBlend(tex0, FaceRenderer.prefiltered(target, width, height), detail,
                portrait.width() / tex0.width());
        }
        this.tex1 = mouthAtlas;
        final int n = mesh.vertexCount();
        this.vertexCount = n;
        this.pin = mesh.pin().clone();
        anchorX = new float[n];
        anchorY = new float[n];
        background = new int[width * height];
        final float bx = (float)backdrop.width() / width;
        final float by = (float)backdrop.height() / height;
        final long[] backLanes = FaceRenderer.lanes(backdrop.pixels());
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                background[y * width + x] = 0xFF000000 | FaceRenderer.sample(backLanes, backdrop.width(),
                    backdrop.height(), (x + 0.5f) * bx, (y + 0.5f) * by);
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
        skirtCount = mesh.skirt().length / 3;
        mouthCount = mesh.mouth().length / 3;
        eyeCount = mesh.eyes().length / 3;
        faceCount = mesh.face().length / 3;
        triangles = new int[3 * (skirtCount + mouthCount + eyeCount + faceCount)];
        int o = 0;
        for (final int[] layer : new int[][]{mesh.skirt(), mesh.mouth(), mesh.eyes(), mesh.face()})
        {
            System.arraycopy(layer, 0, triangles, o, layer.length);
            o += layer.length;
        }
    }

    private static void checkSize(final String name, final int v)
    {
        if (v < FaceRenderer.MIN_SIZE || v > FaceRenderer.MAX_SIZE || (v & 1) != 0)
        {
            throw new IllegalArgumentException("output " + name + " must be even and in [" + FaceRenderer.MIN_SIZE
                + ", " + FaceRenderer.MAX_SIZE + "], got " + v);
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
     * @return a new projector (it holds per-frame scratch: one per renderer). Any thread.
     */
    public Projector projector()
    {
        return new Projector();
    }

    /**
     * Projects deformed vertices to screen pixels exactly as {@link FaceRenderer#render} does. Allocation-free; not
     * thread-safe (one per renderer, used by its owning thread).
     */
    public final class Projector
    {
        private final float[] m = new float[9];
        private final float[] rp = new float[9];

        private Projector()
        {
        }

        /**
         * Projects one frame's vertices. Owning thread only; allocation-free.
         *
         * @param p    deformed head-frame positions, 3 per vertex.
         * @param pose head pose {@code [pitch, yaw, roll, tx, ty, tz]}.
         * @param off  offset of the pose in its array.
         * @param sx   out: screen x per vertex.
         * @param sy   out: screen y per vertex.
         * @param sz   out: camera-space z per vertex (the depth the face layer tests; larger = nearer).
         */
        public void project(final float[] p, final float[] pose, final int off, final float[] sx, final float[] sy,
            final float[] sz)
        {
            final int n = vertexCount;
            if (p.length < 3 * n)
            {
                throw new IllegalArgumentException("positions need " + 3 * n + " floats, got " + p.length);
            }
            if (sx.length < n || sy.length < n || sz.length < n)
            {
                throw new IllegalArgumentException("screen arrays need " + n + " floats");
            }
            FaceRenderer.rotation(pose[off], pose[off + 1], pose[off + 2], rp);
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
            final float m0 = m[0];
            final float m1 = m[1];
            final float m2 = m[2];
            final float m3 = m[3];
            final float m4 = m[4];
            final float m5 = m[5];
            final float m6 = m[6];
            final float m7 = m[7];
            final float m8 = m[8];
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

    /**
     * @return number of mesh vertices.
     */
    public int vertexCount()
    {
        return vertexCount;
    }

    /**
     * @return the pre-filtered portrait texture, {@code 0xAARRGGBB}, {@link #portraitWidth()} wide.
     */
    public int[] portraitTexels()
    {
        return tex0.pixels();
    }

    /**
     * @return width of {@link #portraitTexels()}.
     */
    public int portraitWidth()
    {
        return tex0.width();
    }

    /**
     * @return height of {@link #portraitTexels()}.
     */
    public int portraitHeight()
    {
        return tex0.height();
    }

    /**
     * @return the per-frame blend of the portrait's detail texture into {@link #portraitTexels()} (which hold amount
     *     0), or null when the portrait has none. A renderer that blends keeps a private copy of the texels.
     */
    public TextureBlend textureBlend()
    {
        return blend;
    }

    /**
     * @return the mouth atlas, {@code 0xAARRGGBB} with alpha.
     */
    public int[] atlasTexels()
    {
        return tex1.pixels();
    }

    /**
     * @return width of {@link #atlasTexels()}.
     */
    public int atlasWidth()
    {
        return tex1.width();
    }

    /**
     * @return height of {@link #atlasTexels()}.
     */
    public int atlasHeight()
    {
        return tex1.height();
    }

    /**
     * @return the pre-filtered portrait as a texture (its lanes are shared with every renderer of the texture).
     */
    RenderTexture portraitTexture()
    {
        return tex0;
    }

    /**
     * @return the mouth atlas as a texture.
     */
    RenderTexture atlasTexture()
    {
        return tex1;
    }

    /**
     * @return the background resampled to the output size, opaque {@code 0xFFRRGGBB}, row-major.
     */
    public int[] background()
    {
        return background;
    }

    /**
     * @return texture coordinates, 2 per vertex, in pixels of the texture the vertex's layer samples.
     */
    public float[] texcoords()
    {
        return texcoords;
    }

    /**
     * @return triangles of all layers in draw order, 3 vertex indices each.
     */
    public int[] triangles()
    {
        return triangles;
    }

    /**
     * @return number of skirt triangles (the first ones in {@link #triangles()}).
     */
    public int skirtCount()
    {
        return skirtCount;
    }

    /**
     * @return number of mouth triangles (after the skirt).
     */
    public int mouthCount()
    {
        return mouthCount;
    }

    /**
     * @return number of eye triangles (after the mouth).
     */
    public int eyeCount()
    {
        return eyeCount;
    }

    /**
     * @return number of face triangles (the last ones).
     */
    public int faceCount()
    {
        return faceCount;
    }

    /**
     * @return per face triangle, bit k set when edge k (vertex k to k+1) is open (mouth, eye or outline).
     */
    public byte[] faceOpenEdges()
    {
        return faceOpenEdges;
    }

    /**
     * @return per face triangle edge (3 per triangle), the index (within the face layer) of the face triangle across
     *     it when a turned-away neighbour there makes a silhouette worth anti-aliasing, else -1.
     */
    public int[] faceNeighbours()
    {
        return faceNeighbours;
    }

    /**
     * @param triangle index in {@link #triangles()} order.
     * @return its layer mode ({@link #MODE_OPAQUE}, {@link #MODE_ALPHA} or {@link #MODE_FACE}).
     */
    public int modeOf(final int triangle)
    {
        if (triangle < skirtCount)
        {
            return MODE_OPAQUE;
        }
        if (triangle < skirtCount + mouthCount)
        {
            return MODE_ALPHA;
        }
        return triangle < skirtCount + mouthCount + eyeCount ? MODE_OPAQUE : MODE_FACE;
    }
}
