package io.avatar.models.decoder;

import io.avatar.accel.TensorRt;
import io.avatar.accel.TrtEngineCache;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Opens the shipped decoder on the best usable backend: TensorRT when {@link TensorRt} says it can run (CUDA device,
 * TensorRT and its ONNX parser load, kill switch off), else ONNX Runtime on the CPU ({@link OnnxMotionDecoder}). The
 * reason for the CPU choice is logged once (System.Logger {@code io.avatar.models.decoder}) and kept
 * ({@link #backendDescription()}); a TensorRT start failure is cached and not retried. Thread-safe.
 */
public final class MotionDecoders
{
    /** System property choosing the decoder backend: {@code auto}, {@code cpu} or {@code tensorrt}. */
    public static final String BACKEND_PROP_NAME = "avatar.decoder.backend";
    /** Default of {@link #BACKEND_PROP_NAME}. */
    public static final String BACKEND_DEFAULT = "auto";

    private static final System.Logger LOG = System.getLogger("io.avatar.models.decoder");
    private static volatile String trtFailure;
    private static volatile String lastBackend;

    private MotionDecoders()
    {
    }

    /**
     * @param maxBatch largest batch one call takes.
     * @return the decoder.
     * @throws Exception when no backend can load the model (the CPU one fails only when the model files are broken).
     */
    public static MotionModel openDefault(final int maxBatch) throws Exception
    {
        return open(maxBatch, System.getProperty(BACKEND_PROP_NAME, BACKEND_DEFAULT), TensorRt.unavailabilityCause(),
            TrtEngineCache.openDefault());
    }

    /**
     * @param maxBatch  largest batch.
     * @param backend   {@code auto}, {@code cpu} or {@code tensorrt} ({@code tensorrt} fails instead of falling back).
     * @param trtCause  why TensorRT is unavailable, or null.
     * @param cache     the plan cache.
     * @return the decoder.
     * @throws Exception when the chosen backend cannot load the model.
     */
    static MotionModel open(final int maxBatch, final String backend, final String trtCause, final TrtEngineCache cache)
        throws Exception
    {
        final String b = backend.trim().toLowerCase(Locale.ROOT);
        if (!b.equals("auto") && !b.equals("cpu") && !b.equals("tensorrt"))
        {
            throw new IllegalArgumentException(BACKEND_PROP_NAME + " must be auto, cpu or tensorrt, got '" + backend
                + "'");
        }
        String cause = b.equals("cpu") ? "-D" + BACKEND_PROP_NAME + "=cpu" : trtCause != null ? trtCause : trtFailure;
        if (cause == null)
        {
            try
            {
                final byte[] manifestBytes = resource("decoder.manifest.json");
                final DecoderManifest m = DecoderManifest.parse(manifestBytes, "decoder.manifest.json");
                final MotionModel trt = new TrtMotionDecoder(m, resource(m.onnxFile()), maxBatch, cache);
                note("tensorrt: " + trt.describe(), System.Logger.Level.INFO);
                return trt;
            }
            catch (final IOException | RuntimeException | LinkageError ex)
            {
                cause = "TensorRT decoder failed to start: " + ex;
                trtFailure = cause;
                if (b.equals("tensorrt"))
                {
                    throw new IllegalStateException(cause, ex);
                }
                note("cpu (" + cause + ")", System.Logger.Level.WARNING);
                return OnnxMotionDecoder.openDefault(maxBatch);
            }
        }
        if (b.equals("tensorrt"))
        {
            throw new IllegalStateException(BACKEND_PROP_NAME + "=tensorrt but TensorRT cannot run: " + cause);
        }
        note("cpu (" + cause + ")", System.Logger.Level.INFO);
        return OnnxMotionDecoder.openDefault(maxBatch);
    }

    private static byte[] resource(final String name) throws IOException
    {
        try (InputStream in = MotionDecoders.class.getResourceAsStream(OnnxMotionDecoder.RESOURCE_DIR + name))
        {
            if (in == null)
            {
                throw new IOException("decoder resource " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    private static void note(final String backend, final System.Logger.Level level)
    {
        final String previous = lastBackend;
        lastBackend = backend;
        if (!backend.equals(previous))
        {
            LOG.log(level, "decoder: " + backend);
        }
    }

    /**
     * @return the backend the last open chose and why, or null before the first. Any thread.
     */
    public static String backendDescription()
    {
        return lastBackend;
    }
}
