package io.avatar.accel;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;

import static io.avatar.accel.CudaDriver.check;

/**
 * Owner of one retained primary context of a CUDA device (the context the CUDA runtime and TensorRT also use, so
 * buffers are shared with them). The context is current only on the thread that calls {@link #makeCurrent()}: every
 * object that launches work calls it first on its owning thread. {@link #close()} releases the retain; idempotent.
 * Open and close on any thread; {@link #makeCurrent()} on the thread about to use the device.
 */
public final class CudaContext implements AutoCloseable
{
    private final int device;
    private final int computeMajor;
    private final int computeMinor;
    private final String deviceName;
    private CUctx_st context;

    private CudaContext(final int device, final int computeMajor, final int computeMinor, final String deviceName,
        final CUctx_st context)
    {
        this.device = device;
        this.computeMajor = computeMajor;
        this.computeMinor = computeMinor;
        this.deviceName = deviceName;
        this.context = context;
    }

    /**
     * Initialises the driver and retains the primary context of a device. Setup time; any thread.
     *
     * @param ordinal device ordinal (0 for the first GPU).
     * @return the owner of the retained context.
     * @throws CudaException when a driver call fails (no device, driver too old...).
     */
    public static CudaContext openPrimary(final int ordinal)
    {
        Loader.load(cudart.class);
        check(cudart.cuInit(0), "cuInit");
        final int[] v = new int[1];
        check(cudart.cuDeviceGet(v, ordinal), "cuDeviceGet(" + ordinal + ")");
        final int dev = v[0];
        check(cudart.cuDeviceGetAttribute(v, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
            "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MAJOR)");
        final int major = v[0];
        check(cudart.cuDeviceGetAttribute(v, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
            "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MINOR)");
        final int minor = v[0];
        final byte[] name = new byte[256];
        check(cudart.cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
        int len = 0;
        while (len < name.length && name[len] != 0)
        {
            len++;
        }
        final CUctx_st ctx = new CUctx_st();
        check(cudart.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
        final CudaContext c = new CudaContext(dev, major, minor,
            new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII), ctx);
        try
        {
            c.makeCurrent();
        }
        catch (final RuntimeException ex)
        {
            c.close();
            throw ex;
        }
        return c;
    }

    /**
     * Binds the context to the calling thread (cheap when already bound). Call on the thread about to use the device.
     */
    public void makeCurrent()
    {
        final CUctx_st ctx = context;
        if (ctx == null)
        {
            throw new IllegalStateException("CUDA context of device " + device + " is closed");
        }
        check(cudart.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
    }

    /**
     * @return compute capability major (9 for Hopper).
     */
    public int computeMajor()
    {
        return computeMajor;
    }

    /**
     * @return compute capability minor.
     */
    public int computeMinor()
    {
        return computeMinor;
    }

    /**
     * @return e.g. {@code "9.0"}.
     */
    public String computeCapability()
    {
        return computeMajor + "." + computeMinor;
    }

    /**
     * @return the device's name.
     */
    public String deviceName()
    {
        return deviceName;
    }

    @Override
    public void close()
    {
        if (context != null)
        {
            context = null;
            check(cudart.cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
        }
    }
}
