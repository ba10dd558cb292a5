package io.avatar.models.vad;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Silero VAD v5 ({@link AssetId#SILERO_VAD}) through ONNX Runtime on the CPU: one speech probability per
 * {@value #CHUNK}-sample chunk (32 ms) of 16 kHz mono audio, with the recurrent state carried from chunk to chunk.
 * <p>
 * The model's inputs and outputs are checked by name, type and shape when it loads ({@code input} float [batch,
 * samples], {@code state} float [2, batch, 128], {@code sr} int64 scalar; {@code output} float [batch, 1],
 * {@code stateN} float [2, batch, 128]), so a different model file fails at once with a message saying what
 * differs instead of failing per chunk.
 * <p>
 * Each chunk is fed with the last {@value #CONTEXT} samples of the previous chunk in front of it ({@value #CHUNK}
 * + {@value #CONTEXT} samples), as upstream Silero's own v5 wrapper ({@code OnnxWrapper} in silero-vad 5.1) does:
 * the model was trained and is published with that framing. The npm vad-web wrapper feeds bare 512-sample chunks
 * ([1, 512]); measured here (2026-11-22) that loses speech: on the 8 kHz telephone test clip
 * ({@code models/testdata/audio/speech_8k.wav}) it called 62% of the loud chunks speech against 95% with the
 * context, and on the 16 kHz sample clip 95% against 99% (with 15% against 6% of the silent chunks).
 * <p>
 * Allocation: every input tensor wraps a direct buffer this object owns and the outputs are written into
 * preallocated tensors (ORT's pinned outputs), so a chunk allocates only what ORT's Java binding allocates per
 * {@code run} call (a small {@code Result} wrapper). Not thread-safe: one instance per stream, one thread.
 */
public final class SileroVad implements AutoCloseable
{
    /** Samples per chunk at 16 kHz (32 ms). */
    public static final int CHUNK = 512;
    /** Samples of the previous chunk prepended to each chunk. */
    public static final int CONTEXT = 64;
    /** Sample rate the model is run at. */
    public static final int SAMPLE_RATE = 16_000;
    /** Chunk duration in milliseconds. */
    public static final int CHUNK_MS = CHUNK * 1000 / SAMPLE_RATE;

    private static final int STATE_SIZE = 2 * 128;

    private final Path modelFile;
    private final OrtEnvironment env;
    private OrtSession session;
    private final FloatBuffer input;
    private final FloatBuffer stateA;
    private final FloatBuffer stateB;
    private final FloatBuffer output;
    private final LongBuffer sr;
    private OnnxTensor inputTensor;
    private OnnxTensor stateTensorA;
    private OnnxTensor stateTensorB;
    private OnnxTensor outputTensor;
    private OnnxTensor srTensor;
    private Map<String, OnnxTensor> inputsA;
    private Map<String, OnnxTensor> inputsB;
    private Map<String, OnnxTensor> outputsA;
    private Map<String, OnnxTensor> outputsB;
    private boolean stateInA = true;
    private final float[] context = new float[CONTEXT];
    private long chunks;

    /**
     * Loads the model from the asset store (fetching it if needed). Any thread; the instance then belongs to one.
     *
     * @return a ready detector.
     * @throws IOException  when the asset is missing and cannot be fetched.
     * @throws OrtException when ONNX Runtime cannot load it, or its interface is not Silero v5's.
     */
    public static SileroVad open() throws IOException, OrtException
    {
        return new SileroVad(AssetStore.openDefault().ensure(AssetId.SILERO_VAD));
    }

    /**
     * Loads a Silero VAD v5 model file. Any thread; the instance then belongs to one.
     *
     * @param modelFile the ONNX file.
     * @throws OrtException when ONNX Runtime cannot load it, or its interface is not Silero v5's.
     */
    public SileroVad(final Path modelFile) throws OrtException
    {
        this.modelFile = modelFile;
        this.env = OrtEnvironment.getEnvironment();
        input = direct(CONTEXT + CHUNK).asFloatBuffer();
        stateA = direct(STATE_SIZE).asFloatBuffer();
        stateB = direct(STATE_SIZE).asFloatBuffer();
        output = direct(1).asFloatBuffer();
        sr = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        sr.put(0, SAMPLE_RATE);
        try
        {
            final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            try (options)
            {
                // The model is tiny (2 MB, ~0.1 ms per chunk): one intra-op thread avoids waking a pool per chunk.
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                session = env.createSession(modelFile.toString(), options);
            }
            checkInterface();
            inputTensor = OnnxTensor.createTensor(env, input, new long[] {1, CONTEXT + CHUNK});
            stateTensorA = OnnxTensor.createTensor(env, stateA, new long[] {2, 1, 128});
            stateTensorB = OnnxTensor.createTensor(env, stateB, new long[] {2, 1, 128});
            outputTensor = OnnxTensor.createTensor(env, output, new long[] {1, 1});
            srTensor = OnnxTensor.createTensor(env, sr, new long[] {});
            inputsA = Map.of("input", inputTensor, "state", stateTensorA, "sr", srTensor);
            inputsB = Map.of("input", inputTensor, "state", stateTensorB, "sr", srTensor);
            outputsA = Map.of("output", outputTensor, "stateN", stateTensorB);
            outputsB = Map.of("output", outputTensor, "stateN", stateTensorA);
        }
        catch (final OrtException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private static ByteBuffer direct(final int floats)
    {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    private void checkInterface() throws OrtException
    {
        final Map<String, NodeInfo> in = session.getInputInfo();
        final Map<String, NodeInfo> out = session.getOutputInfo();
        expect(in, "input", OnnxJavaType.FLOAT, 2, "model input");
        expect(in, "state", OnnxJavaType.FLOAT, 3, "model input");
        expect(in, "sr", OnnxJavaType.INT64, 0, "model input");
        expect(out, "output", OnnxJavaType.FLOAT, 2, "model output");
        expect(out, "stateN", OnnxJavaType.FLOAT, 3, "model output");
        if (in.size() != 3 || out.size() != 2)
        {
            throw new IllegalStateException(modelFile + " is not Silero VAD v5: expected inputs [input, state, sr] "
                + "and outputs [output, stateN], found inputs " + in.keySet() + " and outputs " + out.keySet());
        }
    }

    private void expect(final Map<String, NodeInfo> nodes, final String name, final OnnxJavaType type,
        final int rank, final String what)
    {
        final NodeInfo node = nodes.get(name);
        if (node == null)
        {
            throw new IllegalStateException(modelFile + " is not Silero VAD v5: no " + what + " named '" + name
                + "' (it has " + nodes.keySet() + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != type || info.getShape().length != rank)
        {
            throw new IllegalStateException(modelFile + " is not Silero VAD v5: " + what + " '" + name
                + "' should be a rank-" + rank + " " + type + " tensor, found " + node.getInfo());
        }
    }

    /**
     * Runs one chunk and returns its speech probability; the recurrent state advances. Owner thread only.
     *
     * @param samples 16 kHz mono samples.
     * @param offset  first of {@value #CHUNK} samples.
     * @return probability of speech in [0, 1] for these 32 ms.
     * @throws OrtException when ONNX Runtime fails.
     */
    public float process(final float[] samples, final int offset) throws OrtException
    {
        final FloatBuffer in = input;
        in.put(0, context, 0, CONTEXT);
        in.put(CONTEXT, samples, offset, CHUNK);
        System.arraycopy(samples, offset + CHUNK - CONTEXT, context, 0, CONTEXT);
        final Map<String, OnnxTensor> inputs = stateInA ? inputsA : inputsB;
        final Map<String, OnnxTensor> outputs = stateInA ? outputsA : outputsB;
        // Outputs land in our pinned tensors; closing the Result does not close pinned outputs.
        session.run(inputs, outputs).close();
        stateInA = !stateInA;
        chunks++;
        return output.get(0);
    }

    /**
     * Clears the recurrent state and context, for a new stream. Owner thread only.
     */
    public void reset()
    {
        for (int i = 0; i < STATE_SIZE; i++)
        {
            stateA.put(i, 0f);
            stateB.put(i, 0f);
        }
        Arrays.fill(context, 0f);
        stateInA = true;
        chunks = 0;
    }

    /**
     * @return chunks processed since construction or {@link #reset()}. Owner thread only.
     */
    public long chunks()
    {
        return chunks;
    }

    /**
     * Frees the tensors and the session; idempotent. Owner thread only.
     */
    @Override
    public void close()
    {
        for (final OnnxTensor t : new OnnxTensor[] {inputTensor, stateTensorA, stateTensorB, outputTensor, srTensor})
        {
            if (t != null)
            {
                t.close();
            }
        }
        inputTensor = null;
        stateTensorA = null;
        stateTensorB = null;
        outputTensor = null;
        srTensor = null;
        if (session != null)
        {
            try
            {
                session.close();
            }
            catch (final OrtException ignored)
            {
                // Closing a session only fails if ORT itself is broken; nothing left to release here.
            }
            session = null;
        }
    }
}
