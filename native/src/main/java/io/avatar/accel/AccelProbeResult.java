package io.avatar.accel;

/**
 * What the GPU probe found. Immutable; safe to share between threads.
 *
 * @param available          whether the whole GPU path (CUDA and TensorRT) can be used; see {@link #cudaAvailable()}
 *                           for CUDA alone.
 * @param cause              why not, or null when available.
 * @param disabledByUser     whether the kill switch forced the CPU path.
 * @param cudaDriverVersion  CUDA driver version as CUDA encodes it (e.g. 13000), or 0 when unknown.
 * @param cudaRuntimeVersion CUDA runtime version, or 0 when unknown.
 * @param deviceCount        number of CUDA devices, or 0.
 * @param deviceName         name of device 0, or null.
 * @param computeCapability  e.g. "9.0", or null.
 * @param totalMemoryBytes   memory of device 0, or 0.
 * @param tensorRtVersion    TensorRT library version (e.g. "11.2.0"), or null when it does not load.
 * @param tensorRtCause      why TensorRT is unavailable, or null.
 */
public record AccelProbeResult(
    boolean available,
    String cause,
    boolean disabledByUser,
    int cudaDriverVersion,
    int cudaRuntimeVersion,
    int deviceCount,
    String deviceName,
    String computeCapability,
    long totalMemoryBytes,
    String tensorRtVersion,
    String tensorRtCause)
{
    /**
     * Whether the CUDA part alone is usable (driver, runtime and a device, kill switch off): enough for the CUDA face
     * renderer, which needs no TensorRT. Any thread.
     *
     * @return true when CUDA kernels can run.
     */
    public boolean cudaAvailable()
    {
        return !disabledByUser && deviceCount > 0 && computeCapability != null;
    }

    /**
     * @return why CUDA kernels cannot run, or null when they can. Any thread.
     */
    public String cudaCause()
    {
        return cudaAvailable() ? null : cause;
    }
}
