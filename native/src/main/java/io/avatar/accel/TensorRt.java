package io.avatar.accel;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorrt.global.nvonnxparser;

/**
 * Whether TensorRT engines can be built and run here: the {@link Accel} probe (CUDA, device, TensorRT runtime, kill
 * switch) plus the ONNX parser library, probed once and cached like {@link Accel}. Thread-safe.
 */
public final class TensorRt
{
    private static final Object LOCK = new Object();
    private static volatile String[] cause;

    private TensorRt()
    {
    }

    /**
     * @return why TensorRT cannot be used, or null when it can.
     */
    public static String unavailabilityCause()
    {
        String[] c = cause;
        if (c == null)
        {
            synchronized (LOCK)
            {
                c = cause;
                if (c == null)
                {
                    c = new String[]{probe(Accel.probe())};
                    cause = c;
                }
            }
        }
        return c[0];
    }

    /**
     * @param accel the GPU probe's answer.
     * @return why TensorRT cannot be used, or null.
     */
    static String probe(final AccelProbeResult accel)
    {
        if (!accel.available())
        {
            return accel.cause();
        }
        try
        {
            Loader.load(nvonnxparser.class);
            return null;
        }
        catch (final Throwable t) // load failures are Errors: catch once, cache the cause
        {
            return "TensorRT ONNX parser does not load: " + t;
        }
    }

    /**
     * @return the TensorRT library version, e.g. "11.2.0", or null when it does not load.
     */
    public static String version()
    {
        return Accel.probe().tensorRtVersion();
    }
}
