package io.avatar.accel;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorrt.global.nvinfer;

/**
 * The one place that loads the CUDA and TensorRT native libraries. The probe runs once, on first use; a failure
 * (no driver, no libraries, no device) is cached with its cause and never retried, so every later caller gets the
 * same answer at no cost (the pattern of Netty's {@code Epoll} probe). On a machine without them the presets throw
 * {@code UnsatisfiedLinkError}/{@code NoClassDefFoundError} within a fraction of a second and the JVM lives on.
 * <p>
 * Kill switch: system property {@value #DISABLE_PROP_NAME}{@code =true} or environment variable
 * {@value #DISABLE_ENV_NAME}{@code =cpu} forces the CPU path without touching native code. Thread-safe.
 */
public final class Accel
{
    /** System property that forces the CPU path when {@code true}. */
    public static final String DISABLE_PROP_NAME = "avatar.accel.disabled";
    /** Environment variable that forces the CPU path when {@code cpu}. */
    public static final String DISABLE_ENV_NAME = "AVATAR_ACCEL";

    private static final Object LOCK = new Object();
    private static volatile AccelProbeResult result;

    private Accel()
    {
    }

    /**
     * @return whether the GPU path can be used (runs the probe on first call).
     */
    public static boolean isAvailable()
    {
        return probe().available();
    }

    /**
     * @return why the GPU path cannot be used, or null when it can.
     */
    public static String unavailabilityCause()
    {
        return probe().cause();
    }

    /**
     * @return the cached probe result, probing on first call.
     */
    public static AccelProbeResult probe()
    {
        AccelProbeResult r = result;
        if (r == null)
        {
            synchronized (LOCK)
            {
                r = result;
                if (r == null)
                {
                    r = runProbe(killSwitch());
                    result = r;
                }
            }
        }
        return r;
    }

    /**
     * @return the kill switch's reason, or null when not set.
     */
    static String killSwitch()
    {
        if (Boolean.parseBoolean(System.getProperty(DISABLE_PROP_NAME, "false")))
        {
            return "disabled by -D" + DISABLE_PROP_NAME + "=true";
        }
        final String env = System.getenv(DISABLE_ENV_NAME);
        if (env != null && "cpu".equalsIgnoreCase(env.trim()))
        {
            return "disabled by " + DISABLE_ENV_NAME + "=cpu";
        }
        return null;
    }

    static AccelProbeResult runProbe(final String killSwitchReason)
    {
        if (killSwitchReason != null)
        {
            return new AccelProbeResult(false, killSwitchReason, true, 0, 0, 0, null, null, 0, null,
                "not probed: " + killSwitchReason);
        }
        int driver = 0;
        int runtime = 0;
        int count = 0;
        String name = null;
        String cc = null;
        long memory = 0;
        String cause = null;
        try
        {
            Loader.load(cudart.class);
            final int[] v = new int[1];
            check(cudart.cudaDriverGetVersion(v), "cudaDriverGetVersion");
            driver = v[0];
            check(cudart.cudaRuntimeGetVersion(v), "cudaRuntimeGetVersion");
            runtime = v[0];
            if (driver == 0)
            {
                cause = "no CUDA driver installed (cudaDriverGetVersion returned 0)";
            }
            else
            {
                check(cudart.cudaGetDeviceCount(v), "cudaGetDeviceCount");
                count = v[0];
                if (count == 0)
                {
                    cause = "CUDA driver " + versionText(driver) + " present but no CUDA device";
                }
                else
                {
                    try (cudaDeviceProp prop = new cudaDeviceProp())
                    {
                        check(cudart.cudaGetDeviceProperties(prop, 0), "cudaGetDeviceProperties");
                        name = prop.name().getString();
                        cc = prop.major() + "." + prop.minor();
                        memory = prop.totalGlobalMem();
                    }
                }
            }
        }
        catch (final Throwable t) // load failures are Errors (UnsatisfiedLinkError, NoClassDefFoundError): catch once
        {
            cause = "CUDA runtime does not load: " + describe(t) + " (a GPU host needs the NVIDIA driver, CUDA 13 "
                + "runtime, cuBLAS 13, cuDNN 9 and TensorRT 11.2 installed; see README)";
        }

        String trtVersion = null;
        String trtCause = null;
        if (cause == null)
        {
            try
            {
                Loader.load(nvinfer.class);
                trtVersion = nvinfer.getInferLibMajorVersion() + "." + nvinfer.getInferLibMinorVersion() + "."
                    + nvinfer.getInferLibPatchVersion();
            }
            catch (final Throwable t)
            {
                trtCause = "TensorRT does not load: " + describe(t);
            }
        }
        else
        {
            trtCause = "not probed: " + cause;
        }
        if (cause == null && trtCause != null)
        {
            cause = trtCause;
        }
        return new AccelProbeResult(cause == null, cause, false, driver, runtime, count, name, cc, memory,
            trtVersion, trtCause);
    }

    private static void check(final int status, final String call)
    {
        if (status != 0)
        {
            throw new IllegalStateException(call + " failed with CUDA error " + status + " ("
                + cudart.cudaGetErrorString(status).getString() + ")");
        }
    }

    /**
     * @param cudaVersion a CUDA version as encoded by CUDA (1000 * major + 10 * minor).
     * @return e.g. "13.0".
     */
    public static String versionText(final int cudaVersion)
    {
        return (cudaVersion / 1000) + "." + (cudaVersion % 1000) / 10;
    }

    private static String describe(final Throwable t)
    {
        final String m = t.getMessage();
        final String first = m == null ? "" : m.lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}
