package io.avatar.accel;

import io.avatar.kernels.render.RenderSetup;
import io.avatar.kernels.render.TextureBlend;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

import static io.avatar.accel.CudaDriver.check;

/**
 * The face renderer on a CUDA GPU: the per-frame work of {@link io.avatar.kernels.render.FaceRenderer} (rasterize
 * the warp, sample the portrait and mouth atlas bilinearly, composite the layers, convert to I420) done by the
 * kernels in {@code native/src/main/cuda/avatar_render.cu}, which mirror the CPU renderer's arithmetic so that the
 * two agree to within 1/255 per channel (checked by the {@code gpu}-tagged tests on a GPU host). Vertex projection
 * stays on the CPU ({@link RenderSetup.Projector}: a few thousand flops) so both renderers see bit-identical screen
 * positions.
 * <p>
 * Per frame: projected vertices go to the device through a pinned buffer, two kernels run on this renderer's own
 * stream, the I420 frame comes back into a pinned buffer, and {@link #render} returns once it is there. Nothing is
 * allocated per frame. The renderer owns its context retain, module, stream and buffers; {@link #close()} releases
 * them in reverse order of creation. A constructor that fails part-way releases what it made.
 * <p>
 * A portrait with a detail texture ({@link RenderSetup#textureBlend()}: a photo's smile creases) is blended as the
 * CPU renderer blends it ({@link #blend}, same decision and same texel values from the same tables): this renderer
 * keeps a host copy of its pre-filtered portrait texels, rewrites a region's texels there when its amount changed,
 * and copies the rows the region spans to the device texture on its stream before the next frame's kernels.
 * <p>
 * Not thread-safe: one instance per session, used by one thread at a time (it binds its context to the calling
 * thread at each frame).
 */
public final class CudaFaceRenderer implements AutoCloseable
{
    /** Default capacity of each pixel's fragment list (fragments of every layer that touch the pixel). */
    public static final int MAX_FRAGMENTS_DEFAULT = 16;
    /** Largest supported fragment-list capacity (the resolve kernel sorts in registers/local memory). */
    public static final int MAX_FRAGMENTS_LIMIT = 32;

    private static final int RASTER_THREADS = 32;
    private static final int RESOLVE_THREADS = 256;

    private final RenderSetup setup;
    private final RenderSetup.Projector projector;
    private final int width;
    private final int height;
    private final int vertexCount;
    private final int triangleCount;
    private final int i420Bytes;
    private final float[] sx;
    private final float[] sy;
    private final float[] sz;
    /** The detail texture's blend tables, or null. */
    private final TextureBlend blendTables;
    /** Per blend region, the level the device texels hold (0 at construction). */
    private final int[] blendLevels;
    /** Host copy of the device portrait texels (null without a detail texture). */
    private final int[] texels;
    /** Per blend region, pinned staging for the rows it spans (its own, so two regions' copies never share one). */
    private PinnedBuffer[] hBlendRows;
    private IntBuffer[] blendRowsView;
    /** Per blend region, whether a row copy from its staging may still be in flight (until the stream is synced). */
    private final boolean[] blendPending;

    private CudaContext context;
    private CudaModule module;
    private CudaStream stream;
    private DeviceBuffer dTexcoords;
    private DeviceBuffer dTriangles;
    private DeviceBuffer dFaceOpen;
    private DeviceBuffer dFaceNeighbours;
    private DeviceBuffer dTex0;
    private DeviceBuffer dTex1;
    private DeviceBuffer dBackground;
    private DeviceBuffer dVertices;
    private DeviceBuffer dFragments;
    private DeviceBuffer dCounts;
    private DeviceBuffer dOverflow;
    private DeviceBuffer dRgb;
    private DeviceBuffer dI420;
    private PinnedBuffer hVertices;
    private PinnedBuffer hI420;
    private PinnedBuffer hOverflow;
    private PinnedBuffer hRgb;
    private IntPointer params;
    private LongPointer[] argValues;
    private PointerPointer<Pointer> rasterArgs;
    private PointerPointer<Pointer> resolveArgs;
    private CUfunc_st rasterize;
    private CUfunc_st resolve;
    private final FloatBuffer verticesView;
    private final IntBuffer overflowView;
    private final ByteBuffer i420View;

    /**
     * Uploads the renderer's static tables and allocates every per-frame buffer. Setup time; any thread (the context
     * is bound to it now and rebound to the rendering thread at each frame).
     *
     * @param setup        the CPU renderer's precomputed tables for this session.
     * @param maxFragments capacity of each pixel's fragment list, 4 to {@value #MAX_FRAGMENTS_LIMIT}
     *                     ({@value #MAX_FRAGMENTS_DEFAULT} is ample: a pixel is touched by one or two triangles per
     *                     layer, a few more under strong yaw).
     * @throws CudaException         when a driver call fails (the message names it).
     * @throws IllegalStateException when the PTX resource is missing.
     */
    public CudaFaceRenderer(final RenderSetup setup, final int maxFragments)
    {
        if (maxFragments < 4 || maxFragments > MAX_FRAGMENTS_LIMIT)
        {
            throw new IllegalArgumentException("maxFragments must be in [4, " + MAX_FRAGMENTS_LIMIT + "], got "
                + maxFragments);
        }
        this.setup = setup;
        this.projector = setup.projector();
        this.width = setup.width();
        this.height = setup.height();
        this.vertexCount = setup.vertexCount();
        this.triangleCount = setup.triangles().length / 3;
        if (triangleCount == 0)
        {
            throw new IllegalArgumentException("the mesh has no triangles to render");
        }
        this.i420Bytes = width * height * 3 / 2;
        this.sx = new float[vertexCount];
        this.sy = new float[vertexCount];
        this.sz = new float[vertexCount];
        this.blendTables = setup.textureBlend();
        this.blendLevels = new int[blendTables == null ? 0 : blendTables.count()];
        this.blendPending = new boolean[blendLevels.length];
        this.texels = blendTables == null ? null : setup.portraitTexels().clone();
        try
        {
            build(maxFragments);
        }
        catch (final RuntimeException | Error ex)
        {
            try
            {
                close();
            }
            catch (final RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        verticesView = hVertices.buffer().asFloatBuffer();
        overflowView = hOverflow.buffer().asIntBuffer();
        i420View = hI420.buffer().asReadOnlyBuffer();
    }

    private void build(final int maxFragments)
    {
        final int npix = width * height;
        context = CudaContext.openPrimary(0);
        module = CudaModule.loadPtx("avatar_render", CudaModule.readResource(
            CudaModule.ptxResource("avatar_render", context.computeMajor())));
        rasterize = module.function("avatar_rasterize");
        resolve = module.function("avatar_resolve");
        stream = CudaStream.create();
        dTexcoords = upload(setup.texcoords());
        dTriangles = upload(setup.triangles());
        dFaceOpen = upload(setup.faceOpenEdges());
        dFaceNeighbours = upload(setup.faceNeighbours());
        dTex0 = upload(setup.portraitTexels());
        dTex1 = upload(setup.atlasTexels());
        dBackground = upload(setup.background());
        dVertices = DeviceBuffer.allocate(12L * vertexCount);
        dFragments = DeviceBuffer.allocate(16L * maxFragments * npix);
        dCounts = DeviceBuffer.allocate(4L * npix);
        dCounts.fill32(0);
        dOverflow = DeviceBuffer.allocate(4);
        dOverflow.fill32(0);
        dRgb = DeviceBuffer.allocate(4L * npix);
        dI420 = DeviceBuffer.allocate(i420Bytes);
        hVertices = PinnedBuffer.allocate(12L * vertexCount);
        hI420 = PinnedBuffer.allocate(i420Bytes);
        hOverflow = PinnedBuffer.allocate(4);
        hRgb = PinnedBuffer.allocate(4L * npix);
        if (blendTables != null)
        {
            hBlendRows = new PinnedBuffer[blendTables.count()];
            blendRowsView = new IntBuffer[blendTables.count()];
            for (int r = 0; r < hBlendRows.length; r++)
            {
                final int rows = Math.max(1, blendTables.rowTo(r) - blendTables.rowFrom(r) + 1);
                hBlendRows[r] = PinnedBuffer.allocate(4L * rows * setup.portraitWidth());
                blendRowsView[r] = hBlendRows[r].buffer().asIntBuffer();
            }
        }

        // struct RenderParams, passed by value (11 ints, in the .cu field order)
        params = new IntPointer(width, height, setup.skirtCount(), setup.mouthCount(), setup.eyeCount(),
            setup.faceCount(), setup.portraitWidth(), setup.portraitHeight(), setup.atlasWidth(),
            setup.atlasHeight(), maxFragments);
        final long sxAddr = dVertices.address();
        final long syAddr = sxAddr + 4L * vertexCount;
        final long szAddr = syAddr + 4L * vertexCount;
        final long[] raster = {sxAddr, syAddr, szAddr, dTexcoords.address(), dTriangles.address(),
            dFaceOpen.address(), dFaceNeighbours.address(), dTex0.address(), dTex1.address(), dFragments.address(),
            dCounts.address(), dOverflow.address()};
        final long[] res = {dBackground.address(), dFragments.address(), dCounts.address(), dRgb.address(),
            dI420.address()};
        argValues = new LongPointer[raster.length + res.length];
        rasterArgs = new PointerPointer<>(1 + raster.length);
        rasterArgs.put(0, params);
        for (int i = 0; i < raster.length; i++)
        {
            argValues[i] = new LongPointer(1).put(raster[i]);
            rasterArgs.put(1 + i, argValues[i]);
        }
        resolveArgs = new PointerPointer<>(1 + res.length);
        resolveArgs.put(0, params);
        for (int i = 0; i < res.length; i++)
        {
            argValues[raster.length + i] = new LongPointer(1).put(res[i]);
            resolveArgs.put(1 + i, argValues[raster.length + i]);
        }
    }

    private static DeviceBuffer upload(final float[] values)
    {
        try (FloatPointer p = new FloatPointer(Math.max(1, values.length)))
        {
            p.put(values);
            return uploadPointer(p, 4L * Math.max(1, values.length));
        }
    }

    private static DeviceBuffer upload(final int[] values)
    {
        try (IntPointer p = new IntPointer(Math.max(1, values.length)))
        {
            p.put(values);
            return uploadPointer(p, 4L * Math.max(1, values.length));
        }
    }

    private static DeviceBuffer upload(final byte[] values)
    {
        try (BytePointer p = new BytePointer(Math.max(1, values.length)))
        {
            p.put(values);
            return uploadPointer(p, Math.max(1, values.length));
        }
    }

    private static DeviceBuffer uploadPointer(final Pointer p, final long bytes)
    {
        final DeviceBuffer b = DeviceBuffer.allocate(bytes);
        try
        {
            b.upload(p, bytes);
        }
        catch (final RuntimeException ex)
        {
            b.close();
            throw ex;
        }
        return b;
    }

    /**
     * @return the number of regions of the detail texture ({@link #blend}); 0 without one. Any thread.
     */
    public int blendRegions()
    {
        return blendLevels.length;
    }

    /**
     * Sets how much of the detail texture one region shows from the next frame on, as
     * {@code FaceRenderer.blend} does: when the level moved by more than {@link TextureBlend#STEP} (or reached 0 or
     * 1 exactly) the region's texels are rewritten in the host copy and the rows they span are copied to the device
     * texture on this renderer's stream (ordered before the next frame's kernels; a second change of the same region
     * before a frame first waits for the stream, as the first copy reads the region's staging). Allocation-free;
     * owning thread only, between frames.
     *
     * @param region a region, 0-based, below {@link #blendRegions()}.
     * @param amount 0 = the portrait texture, 1 = the detail texture (clamped).
     * @return whether texels were rewritten.
     * @throws CudaException when the copy cannot be queued.
     */
    public boolean blend(final int region, final float amount)
    {
        final int level = TextureBlend.level(amount);
        if (!TextureBlend.changed(blendLevels[region], level))
        {
            return false;
        }
        blendLevels[region] = level;
        final int from = blendTables.rowFrom(region);
        final int to = blendTables.rowTo(region);
        if (to < from)
        {
            return true;
        }
        final CudaContext ctx = context;
        if (ctx == null)
        {
            throw new IllegalStateException("CUDA face renderer is closed");
        }
        ctx.makeCurrent();
        if (blendPending[region])
        {
            // a second change of the region before a frame: its staging may still be read by the queued copy
            stream.synchronize();
            Arrays.fill(blendPending, false);
        }
        blendTables.writeArgb(region, level, texels);
        final int tw = setup.portraitWidth();
        final int count = (to - from + 1) * tw;
        blendRowsView[region].put(0, texels, from * tw, count);
        check(cudart.cuMemcpyHtoDAsync(dTex0.address() + 4L * from * tw, hBlendRows[region].pointer(), 4L * count,
            stream.handle()), "cuMemcpyHtoDAsync(portrait rows)");
        blendPending[region] = true;
        return true;
    }

    /**
     * Renders one frame; on return {@link #i420()} holds it. Allocation-free; owning thread only.
     *
     * @param positions deformed head-frame positions, 3 per vertex.
     * @param pose      head pose {@code [pitch, yaw, roll, tx, ty, tz]}.
     * @param poseOff   offset of the pose in its array.
     * @throws CudaException         when a driver call or a kernel fails.
     * @throws IllegalStateException when a pixel had more fragments than the lists hold (the frame is wrong, so it
     *                               is reported rather than shown; build with a larger {@code maxFragments}).
     */
    public void render(final float[] positions, final float[] pose, final int poseOff)
    {
        final CudaContext ctx = context;
        if (ctx == null)
        {
            throw new IllegalStateException("CUDA face renderer is closed");
        }
        ctx.makeCurrent();
        projector.project(positions, pose, poseOff, sx, sy, sz);
        final int n = vertexCount;
        final FloatBuffer v = verticesView;
        v.put(0, sx, 0, n);
        v.put(n, sy, 0, n);
        v.put(2 * n, sz, 0, n);
        final org.bytedeco.cuda.cudart.CUstream_st s = stream.handle();
        check(cudart.cuMemcpyHtoDAsync(dVertices.address(), hVertices.pointer(), 12L * n, s), "cuMemcpyHtoDAsync");
        check(cudart.cuLaunchKernel(rasterize, triangleCount, 1, 1, RASTER_THREADS, 1, 1, 0, s, rasterArgs,
            (PointerPointer<?>)null), "cuLaunchKernel(avatar_rasterize)");
        final int quads = (width / 2) * (height / 2);
        check(cudart.cuLaunchKernel(resolve, (quads + RESOLVE_THREADS - 1) / RESOLVE_THREADS, 1, 1, RESOLVE_THREADS,
            1, 1, 0, s, resolveArgs, (PointerPointer<?>)null), "cuLaunchKernel(avatar_resolve)");
        check(cudart.cuMemcpyDtoHAsync(hI420.pointer(), dI420.address(), i420Bytes, s), "cuMemcpyDtoHAsync(i420)");
        check(cudart.cuMemcpyDtoHAsync(hOverflow.pointer(), dOverflow.address(), 4, s), "cuMemcpyDtoHAsync(overflow)");
        stream.synchronize();
        Arrays.fill(blendPending, false);
        final int dropped = overflowView.get(0);
        if (dropped != 0)
        {
            dOverflow.fill32(0);
            throw new IllegalStateException("CUDA renderer dropped " + dropped + " fragments (a pixel was touched by "
                + "more triangles than maxFragments); this frame is wrong");
        }
    }

    /**
     * @return the last frame as I420 (Y, U, V planes; {@code width * height * 3 / 2} bytes), a read-only view of
     *     pinned memory valid until the next {@link #render} or {@link #close()}. Owning thread only.
     */
    public ByteBuffer i420()
    {
        return i420View;
    }

    /**
     * Copies the last frame's pixels ({@code 0xFFRRGGBB}, row-major, as the CPU renderer's {@code rgb()}) into an
     * array. Synchronous; for tests and previews, not the streaming path. Owning thread only.
     *
     * @param dst at least {@code width * height} ints.
     */
    public void readRgb(final int[] dst)
    {
        final int npix = width * height;
        if (dst.length < npix)
        {
            throw new IllegalArgumentException("rgb destination needs " + npix + " ints, got " + dst.length);
        }
        context.makeCurrent();
        dRgb.download(hRgb.pointer(), 4L * npix);
        hRgb.buffer().asIntBuffer().get(0, dst, 0, npix);
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
     * @return the device this renderer runs on, e.g. {@code "NVIDIA H100 80GB HBM3 (9.0)"}.
     */
    public String deviceDescription()
    {
        return context.deviceName() + " (" + context.computeCapability() + ")";
    }

    /**
     * Releases every native resource in reverse order of creation. Idempotent; owning thread.
     */
    @Override
    public void close()
    {
        final CudaContext ctx = context;
        if (ctx == null)
        {
            return;
        }
        RuntimeException first = null;
        try
        {
            ctx.makeCurrent();
        }
        catch (final RuntimeException ex)
        {
            first = ex;
        }
        if (argValues != null)
        {
            for (final LongPointer p : argValues)
            {
                if (p != null)
                {
                    p.close();
                }
            }
            argValues = null;
        }
        first = closeQuietly(resolveArgs, first);
        resolveArgs = null;
        first = closeQuietly(rasterArgs, first);
        rasterArgs = null;
        first = closeQuietly(params, first);
        params = null;
        if (hBlendRows != null)
        {
            for (final PinnedBuffer b : hBlendRows)
            {
                first = closeQuietly(b, first);
            }
            hBlendRows = null;
            blendRowsView = null;
        }
        final AutoCloseable[] owned = {hRgb, hOverflow, hI420, hVertices, dI420, dRgb, dOverflow, dCounts, dFragments,
            dVertices, dBackground, dTex1, dTex0, dFaceNeighbours, dFaceOpen, dTriangles, dTexcoords, stream, module};
        for (final AutoCloseable c : owned)
        {
            first = closeQuietly(c, first);
        }
        hRgb = null;
        hOverflow = null;
        hI420 = null;
        hVertices = null;
        dI420 = null;
        dRgb = null;
        dOverflow = null;
        dCounts = null;
        dFragments = null;
        dVertices = null;
        dBackground = null;
        dTex1 = null;
        dTex0 = null;
        dFaceNeighbours = null;
        dFaceOpen = null;
        dTriangles = null;
        dTexcoords = null;
        stream = null;
        module = null;
        rasterize = null;
        resolve = null;
        context = null;
        first = closeQuietly(ctx, first);
        if (first != null)
        {
            throw first;
        }
    }

    private static RuntimeException closeQuietly(final AutoCloseable c, final RuntimeException first)
    {
        if (c == null)
        {
            return first;
        }
        try
        {
            c.close();
            return first;
        }
        catch (final Exception ex)
        {
            final RuntimeException r = ex instanceof RuntimeException re ? re : new IllegalStateException(ex);
            if (first != null)
            {
                first.addSuppressed(r);
                return first;
            }
            return r;
        }
    }
}
