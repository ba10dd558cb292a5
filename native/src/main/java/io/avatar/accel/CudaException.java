package io.avatar.accel;

/**
 * A CUDA driver call failed. The message names the call, the numeric {@code CUresult} and its name, so a report from a
 * GPU host is actionable without a debugger. Immutable; any thread.
 */
public final class CudaException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param call    the driver call, e.g. {@code "cuLaunchKernel(avatar_rasterize)"}.
     * @param status  its {@code CUresult}.
     * @param name    the result's name, e.g. {@code "CUDA_ERROR_INVALID_VALUE"}.
     */
    public CudaException(final String call, final int status, final String name)
    {
        super(call + " failed with " + name + " (" + status + ")");
        this.status = status;
    }

    /**
     * @return the {@code CUresult} the call returned.
     */
    public int status()
    {
        return status;
    }
}
