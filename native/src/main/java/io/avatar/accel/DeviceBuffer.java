package io.avatar.accel;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;

import static io.avatar.accel.CudaDriver.check;

/**
 * Owner of one device allocation ({@code cuMemAlloc}). The context it was allocated in must be current on the
 * calling thread for every method. {@link #close()} frees it; idempotent.
 */
public final class DeviceBuffer implements AutoCloseable
{
    private final long bytes;
    private long address;

    private DeviceBuffer(final long address, final long bytes)
    {
        this.address = address;
        this.bytes = bytes;
    }

    /**
     * @param bytes size, at least 1.
     * @return a new uninitialised device buffer.
     */
    public static DeviceBuffer allocate(final long bytes)
    {
        if (bytes < 1)
        {
            throw new IllegalArgumentException("device buffer size must be >= 1 byte, got " + bytes);
        }
        final long[] p = new long[1];
        check(cudart.cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + " bytes)");
        return new DeviceBuffer(p[0], bytes);
    }

    /**
     * Copies host memory in, synchronously (setup time).
     *
     * @param host  source.
     * @param count bytes, at most {@link #bytes()}.
     */
    public void upload(final Pointer host, final long count)
    {
        checkCount(count);
        check(cudart.cuMemcpyHtoD(address(), host, count), "cuMemcpyHtoD(" + count + " bytes)");
    }

    /**
     * Copies device memory out, synchronously.
     *
     * @param host  destination.
     * @param count bytes.
     */
    public void download(final Pointer host, final long count)
    {
        checkCount(count);
        check(cudart.cuMemcpyDtoH(host, address(), count), "cuMemcpyDtoH(" + count + " bytes)");
    }

    /**
     * Sets every 32-bit word to a value, synchronously (setup time).
     *
     * @param value the word.
     */
    public void fill32(final int value)
    {
        check(cudart.cuMemsetD32(address(), value, bytes / 4), "cuMemsetD32");
    }

    private void checkCount(final long count)
    {
        if (count < 0 || count > bytes)
        {
            throw new IllegalArgumentException("copy of " + count + " bytes into a buffer of " + bytes);
        }
    }

    /**
     * @return the device address.
     */
    public long address()
    {
        if (address == 0)
        {
            throw new IllegalStateException("device buffer is closed");
        }
        return address;
    }

    /**
     * @return size in bytes.
     */
    public long bytes()
    {
        return bytes;
    }

    @Override
    public void close()
    {
        final long a = address;
        if (a != 0)
        {
            address = 0;
            check(cudart.cuMemFree(a), "cuMemFree");
        }
    }
}
