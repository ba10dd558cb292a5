package io.avatar.models.decoder;

import io.avatar.accel.CudaContext;
import io.avatar.accel.TensorRt;
import io.avatar.accel.TrtEngineBuilder;
import io.avatar.accel.TrtEngineCache;
import io.avatar.accel.TrtEngineKey;
import io.avatar.accel.TrtRuntimeEngine;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;

import java.io.IOException;

/**
 * The decoder on TensorRT: the same ONNX graph and front end as {@link OnnxMotionDecoder}, compiled to a TensorRT
 * plan with a dynamic batch profile 1..maxBatch (cached on disk, see {@link TrtEngineCache}) and run on its own CUDA
 * stream with pinned buffers. Only built when {@link TensorRt#unavailabilityCause()} is null; see
 * {@link MotionDecoders}. Compiled, and its absence path tested, but never executed here: no machine we have carries
 * TensorRT. {@link #run} is called by the decoder stage's thread only.
 */
public final class TrtMotionDecoder extends ManifestMotionModel
{
    private static final String[] TENSORS = {"mel", "style", "weights", "pose"};

    private final String cacheNote;
    private CudaContext context;
    private TrtRuntimeEngine engine;

    /**
     * Builds (or loads from the cache) the plan and prepares the runtime. Setup time; any thread.
     *
     * @param manifest the validated manifest.
     * @param onnx     the graph bytes (checked against the manifest's SHA-256).
     * @param maxBatch largest batch, 1..1024.
     * @param cache    the plan cache.
     * @throws IOException when the plan cannot be built or the cache written.
     */
    public TrtMotionDecoder(final DecoderManifest manifest, final byte[] onnx, final int maxBatch,
        final TrtEngineCache cache) throws IOException
    {
        super(manifest, maxBatch);
        final String cause = TensorRt.unavailabilityCause();
        if (cause != null)
        {
            throw new IllegalStateException("TensorRT decoder unavailable: " + cause);
        }
        final String sha = io.avatar.models.assets.AssetStore.sha256(onnx);
        if (!sha.equals(manifest.onnxSha256()))
        {
            throw new IOException("decoder graph SHA-256 " + sha + " does not match its manifest ("
                + manifest.onnxSha256() + ")");
        }
        if (maxBatch < 1 || maxBatch > 1024)
        {
            throw new IllegalArgumentException("maxBatch must be in [1, 1024], got " + maxBatch);
        }
        try
        {
            context = CudaContext.openPrimary(0);
            final TrtEngineKey key = new TrtEngineKey("decoder", manifest.onnxSha256(), TensorRt.version(),
                context.computeCapability(), maxBatch, "fp32");
            final TrtEngineCache.Lookup plan = cache.getOrBuild(key,
                () -> TrtEngineBuilder.build(onnx, manifest.onnxFile(), maxBatch));
            cacheNote = (plan.built() ? "built (" + plan.reason() + ")" : "cached") + " " + plan.file();
            engine = new TrtRuntimeEngine(context, plan.plan(), TENSORS, 2, maxBatch);
            if (engine.rowFloats(0) != manifest.windowFrames() * 80 || engine.rowFloats(1) != StyleCode.SIZE
                || engine.rowFloats(2) != ArkitBlendshape.COUNT || engine.rowFloats(3) != HeadPose.SIZE)
            {
                throw new IllegalStateException("TensorRT decoder tensors do not have the manifest's shapes");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    @Override
    public String describe()
    {
        return manifest.name() + " on TensorRT " + TensorRt.version() + " (" + context.deviceName() + ", plan "
            + cacheNote + ")";
    }

    @Override
    public void run(final float[] windows, final float[] styles, final int batch, final float[] weightsOut,
        final float[] poseOut)
    {
        checkBatch(batch);
        final TrtRuntimeEngine e = engine;
        e.input(0).put(0, windows, 0, batch * manifest.windowFrames() * 80);
        e.input(1).put(0, styles, 0, batch * StyleCode.SIZE);
        e.run(batch);
        e.output(2).get(0, weightsOut, 0, batch * ArkitBlendshape.COUNT);
        e.output(3).get(0, poseOut, 0, batch * HeadPose.SIZE);
    }

    @Override
    public void close()
    {
        if (engine != null)
        {
            engine.close();
            engine = null;
        }
        if (context != null)
        {
            context.close();
            context = null;
        }
    }
}
