package io.avatar.models.decoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The trained voice-to-motion decoder on ONNX Runtime (CPU). The graph and its manifest ship inside the product
 * ({@code io/avatar/models/decoder/}); loading checks the graph's checksum against the manifest and the graph's
 * inputs and outputs against what the engine feeds, so a wrong model fails at start-up.
 * <p>
 * Per batch size 1..{@link #maxBatch()} the input and output tensors are created once over direct buffers this object
 * owns (outputs are ORT pinned outputs), so a {@link #run} copies windows in, runs, and copies results out without
 * allocating anything of its own. Not thread-safe: the decoder stage's thread only.
 */
public final class OnnxMotionDecoder extends ManifestMotionModel
{
    /** Resource folder of the shipped model. */
    public static final String RESOURCE_DIR = "/io/avatar/models/decoder/";
    /** Default largest batch. */
    public static final int MAX_BATCH_DEFAULT = 16;

    /**
     * ONNX Runtime intra-op threads of the decoder, 1 (default) to 64. Measured with the CUDA renderer on 16 cores:
     * 4 threads (with {@code avatar.engine.feature.threads=2}) carry 96 live sessions where 1 and 1 carry 72; with
     * the CPU renderer on the same machine they cost CPU the render threads need (44 sessions sustained with 1, not
     * with 4), so the default stays 1 (bench/RESULTS.md, docs/GPU.md).
     */
    public static final String THREADS_PROP_NAME = "avatar.decoder.threads";

    private static int intraOpThreads()
    {
        final String value = System.getProperty(THREADS_PROP_NAME, "1").trim();
        final int n;
        try
        {
            n = Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(THREADS_PROP_NAME + "=" + value + " is not an integer", ex);
        }
        if (n < 1 || n > 64)
        {
            throw new IllegalArgumentException(THREADS_PROP_NAME + "=" + n + " must be in [1, 64]");
        }
        return n;
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private OrtSession session;
    private final FloatBuffer[] mel;
    private final FloatBuffer[] style;
    private final FloatBuffer[] weights;
    private final FloatBuffer[] pose;
    private final OnnxTensor[] tensors;
    private final java.util.List<Map<String, OnnxTensor>> inputs = new java.util.ArrayList<>();
    private final java.util.List<Map<String, OnnxValue>> outputs = new java.util.ArrayList<>();

    /**
     * Loads the shipped model.
     *
     * @param maxBatch largest batch one call takes.
     * @return the decoder.
     * @throws IOException  when the model or manifest is missing or inconsistent.
     * @throws OrtException when ONNX Runtime cannot load the graph.
     */
    public static OnnxMotionDecoder openDefault(final int maxBatch) throws IOException, OrtException
    {
        final byte[] manifestBytes = resource("decoder.manifest.json");
        final DecoderManifest m = DecoderManifest.parse(manifestBytes, "decoder.manifest.json");
        return new OnnxMotionDecoder(m, resource(m.onnxFile()), maxBatch);
    }

    private static byte[] resource(final String name) throws IOException
    {
        try (InputStream in = OnnxMotionDecoder.class.getResourceAsStream(RESOURCE_DIR + name))
        {
            if (in == null)
            {
                throw new IOException("the decoder model file " + name + " is missing from the product's resources ("
                    + RESOURCE_DIR + "); rebuild it with /usr/bin/python3 -m models.training.make_all");
            }
            return in.readAllBytes();
        }
    }

    /**
     * @param manifest the validated manifest.
     * @param onnx     the graph bytes.
     * @param maxBatch largest batch, 1..1024.
     * @throws IOException  when the graph's checksum does not match the manifest.
     * @throws OrtException when ONNX Runtime cannot load it or its interface differs.
     */
    public OnnxMotionDecoder(final DecoderManifest manifest, final byte[] onnx, final int maxBatch)
        throws IOException, OrtException
    {
        super(manifest, maxBatch);
        if (maxBatch < 1 || maxBatch > 1024)
        {
            throw new IllegalArgumentException("maxBatch must be in [1, 1024], got " + maxBatch);
        }
        final String sha = AssetStore.sha256(onnx);
        if (!sha.equals(manifest.onnxSha256()))
        {
            throw new IOException("decoder graph SHA-256 " + sha + " does not match its manifest ("
                + manifest.onnxSha256() + "): the model and manifest are from different exports");
        }
        mel = new FloatBuffer[maxBatch + 1];
        style = new FloatBuffer[maxBatch + 1];
        weights = new FloatBuffer[maxBatch + 1];
        pose = new FloatBuffer[maxBatch + 1];
        tensors = new OnnxTensor[4 * (maxBatch + 1)];
        inputs.add(null);
        outputs.add(null);
        try
        {
            final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            try (options)
            {
                // One intra-op thread by default: the engine already runs one stage per core and ORT's own pool
                // would fight it. With a GPU renderer on a large machine the decoder is the last single-threaded
                // step (72-80 live sessions on 16 cores), and a few threads pay (THREADS_PROP_NAME).
                options.setIntraOpNumThreads(intraOpThreads());
                options.setInterOpNumThreads(1);
                session = env.createSession(onnx, options);
            }
            checkInterface();
            final int w = manifest.windowFrames();
            for (int b = 1; b <= maxBatch; b++)
            {
                mel[b] = direct(b * w * 80);
                style[b] = direct(b * StyleCode.SIZE);
                weights[b] = direct(b * ArkitBlendshape.COUNT);
                pose[b] = direct(b * HeadPose.SIZE);
                final OnnxTensor tm = tensor(4 * b, mel[b], new long[] {b, w, 80});
                final OnnxTensor ts = tensor(4 * b + 1, style[b], new long[] {b, StyleCode.SIZE});
                final OnnxTensor tw = tensor(4 * b + 2, weights[b], new long[] {b, ArkitBlendshape.COUNT});
                final OnnxTensor tp = tensor(4 * b + 3, pose[b], new long[] {b, HeadPose.SIZE});
                inputs.add(Map.of("mel", tm, "style", ts));
                outputs.add(Map.of("weights", tw, "pose", tp));
            }
        }
        catch (final OrtException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private OnnxTensor tensor(final int slot, final FloatBuffer buffer, final long[] shape) throws OrtException
    {
        final OnnxTensor t = OnnxTensor.createTensor(env, buffer, shape);
        tensors[slot] = t;
        return t;
    }

    private static FloatBuffer direct(final int floats)
    {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private void checkInterface() throws OrtException
    {
        final Map<String, NodeInfo> in = session.getInputInfo();
        final Map<String, NodeInfo> out = session.getOutputInfo();
        if (!in.keySet().equals(java.util.Set.of("mel", "style"))
            || !out.keySet().equals(java.util.Set.of("weights", "pose")))
        {
            throw new IllegalStateException("decoder graph has inputs " + in.keySet() + " and outputs " + out.keySet()
                + "; the engine feeds [mel, style] and reads [weights, pose]");
        }
    }

    /**
     * @return the manifest.
     */
    public DecoderManifest manifest()
    {
        return manifest;
    }

    @Override
    public String describe()
    {
        return manifest.name() + " (recipe " + manifest.recipe() + ", sha256 " + manifest.onnxSha256().substring(0, 12)
            + ", window " + manifest.windowFrames() + " mel frames, look-ahead " + manifest.lookaheadMs() + " ms)";
    }

    @Override
    public void run(final float[] windows, final float[] styles, final int batch, final float[] weightsOut,
        final float[] poseOut) throws OrtException
    {
        checkBatch(batch);
        final int w = manifest.windowFrames() * 80;
        mel[batch].put(0, windows, 0, batch * w);
        style[batch].put(0, styles, 0, batch * StyleCode.SIZE);
        session.run(inputs.get(batch), outputs.get(batch)).close();
        weights[batch].get(0, weightsOut, 0, batch * ArkitBlendshape.COUNT);
        pose[batch].get(0, poseOut, 0, batch * HeadPose.SIZE);
    }

    @Override
    public void close()
    {
        for (int i = 0; i < tensors.length; i++)
        {
            if (tensors[i] != null)
            {
                tensors[i].close();
                tensors[i] = null;
            }
        }
        if (session != null)
        {
            try
            {
                session.close();
            }
            catch (final OrtException ignored)
            {
                // Closing fails only if ORT itself is broken; nothing left to release.
            }
            session = null;
        }
    }

    /**
     * The streaming mean and variance normalisation the model was trained with (manifest {@code frontend}, type
     * {@code ema_cmvn}), in double precision like the recipe. One per session.
     */
    static final class EmaCmvn implements FrontEnd
    {
        private final double alpha;
        private final double logFloor;
        private final double varFloor;
        private final double[] mean = new double[80];
        private final double[] var = new double[80];

        EmaCmvn(final DecoderManifest m)
        {
            alpha = m.alpha();
            logFloor = m.logFloor();
            varFloor = m.varFloor();
            for (int j = 0; j < 80; j++)
            {
                mean[j] = m.priorMean()[j];
                var[j] = m.priorVar()[j];
            }
        }

        @Override
        public void apply(final float[] logMel, final int off, final float[] out, final int outOff)
        {
            for (int j = 0; j < 80; j++)
            {
                final double x = Math.max(logMel[off + j], logFloor);
                final double m = mean[j] + alpha * (x - mean[j]);
                final double d = x - m;
                final double v = var[j] + alpha * (d * d - var[j]);
                mean[j] = m;
                var[j] = v;
                out[outOff + j] = (float)(d / Math.sqrt(Math.max(v, varFloor)));
            }
        }
    }
}
