package io.avatar.accel;

import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

import static io.avatar.accel.CudaDriver.check;

/**
 * Owner of one non-blocking CUDA stream: work queued on it runs in order, concurrently with other streams (one per
 * renderer, so sessions overlap on the GPU). Its context must be current on the calling thread. {@link #close()}
 * destroys it; idempotent.
 */
public final class CudaStream implements AutoCloseable
{
    private CUstream_st stream;

    private CudaStream(final CUstream_st stream)
    {
        this.stream = stream;
    }

    /**
     * @return a new non-blocking stream.
     */
    public static CudaStream create()
    {
        final CUstream_st s = new CUstream_st();
        check(cudart.cuStreamCreate(s, cudart.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        return new CudaStream(s);
    }

    /**
     * @return the handle for driver calls.
     */
    public CUstream_st handle()
    {
        if (stream == null)
        {
            throw new IllegalStateException("CUDA stream is closed");
        }
        return stream;
    }

    /**
     * Waits until all queued work is done; throws when any of it failed.
     */
    public void synchronize()
    {
        check(cudart.cuStreamSynchronize(handle()), "cuStreamSynchronize");
    }

    @Override
    public void close()
    {
        final CUstream_st s = stream;
        if (s != null)
        {
            stream = null;
            check(cudart.cuStreamDestroy(s), "cuStreamDestroy");
        }
    }
}
