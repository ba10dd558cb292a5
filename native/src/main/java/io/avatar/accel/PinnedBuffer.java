package io.avatar.accel;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.avatar.accel.CudaDriver.check;

/**
 * Owner of page-locked host memory ({@code cuMemAllocHost}), so asynchronous copies to and from the device really
 * are asynchronous and run at full bus speed. Exposes it as a JavaCPP pointer (for the driver) and as a direct
 * little-endian {@link ByteBuffer} (for Java). Its context must be current when allocating and freeing.
 * {@link #close()} frees it; idempotent. Owning thread only.
 */
public final class PinnedBuffer implements AutoCloseable
{
    private final long bytes;
    private BytePointer pointer;
    private final ByteBuffer buffer;

    private PinnedBuffer(final BytePointer pointer, final long bytes)
    {
        this.pointer = pointer;
        this.bytes = bytes;
        this.buffer = pointer.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param bytes size, 1 to 2^31-1.
     * @return new page-locked memory.
     */
    public static PinnedBuffer allocate(final long bytes)
    {
        if (bytes < 1 || bytes > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("pinned buffer size must be in [1, 2^31), got " + bytes);
        }
        final Pointer p = new Pointer();
        check(cudart.cuMemAllocHost(p, bytes), "cuMemAllocHost(" + bytes + " bytes)");
        final BytePointer bp = new BytePointer(p);
        bp.capacity(bytes);
        return new PinnedBuffer(bp, bytes);
    }

    /**
     * @return the memory as a pointer for driver calls.
     */
    public BytePointer pointer()
    {
        if (pointer == null)
        {
            throw new IllegalStateException("pinned buffer is closed");
        }
        return pointer;
    }

    /**
     * @return the memory as a direct buffer (position 0, limit = size). Do not use after {@link #close()}.
     */
    public ByteBuffer buffer()
    {
        return buffer;
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
        final BytePointer p = pointer;
        if (p != null)
        {
            pointer = null;
            check(cudart.cuMemFreeHost(p), "cuMemFreeHost");
        }
    }
}
