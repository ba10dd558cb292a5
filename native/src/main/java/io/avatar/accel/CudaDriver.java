package io.avatar.accel;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Status checking for CUDA driver-API calls made through the JavaCPP presets. Stateless; any thread.
 */
final class CudaDriver
{
    private CudaDriver()
    {
    }

    /**
     * Throws when a driver call did not return {@code CUDA_SUCCESS}.
     *
     * @param status the {@code CUresult}.
     * @param call   what was called (named in the exception).
     */
    static void check(final int status, final String call)
    {
        if (status != cudart.CUDA_SUCCESS)
        {
            throw new CudaException(call, status, errorName(status));
        }
    }

    /**
     * @param status a {@code CUresult}.
     * @return its name, or "CUresult n" when the driver does not know it.
     */
    static String errorName(final int status)
    {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1))
        {
            if (cudart.cuGetErrorName(status, name) == cudart.CUDA_SUCCESS && name.get(0) != null)
            {
                return name.getString(0);
            }
        }
        return "CUresult " + status;
    }
}
