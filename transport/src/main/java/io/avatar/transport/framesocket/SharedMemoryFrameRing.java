package io.avatar.transport.framesocket;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Single-writer, many-reader frame ring in a memory-mapped file (e.g. under {@code /dev/shm}), for local consumers
 * that map the same file and read frames in place: no socket, no copy by the engine beyond writing the slot. The
 * writer never waits for readers; a reader that falls a whole ring behind notices it and skips ahead.
 *
 * <h2>File layout (all little-endian)</h2>
 * <pre>
 * superblock, 128 bytes
 *   0   4  magic 'A' 'V' 'S' 'R'
 *   4   2  uint16 version = 1
 *   6   2  uint16 superblock length = 128 (slot 0 starts here)
 *   8   4  uint32 slot count N
 *   12  4  uint32 slot length L (bytes, a multiple of 64)
 *   16  4  uint32 max payload bytes (L - 64 or less)
 *   20  4  int32  writer state: 1 = open, 2 = closed (no more frames)
 *   24  8  int64  writer process id
 *   64  8  int64  published: number of frames written so far (frame k lives in slot k mod N)
 * slot i at 128 + i * L
 *   0   8  int64  seqlock: 2k+1 while frame k is being written, 2k+2 once it is complete
 *   8   8  reserved
 *   16 48  frame header, exactly as {@link FrameHeader}
 *   64  -  payload (header's payload length bytes)
 * </pre>
 *
 * <h2>Protocol</h2>
 * Writer, frame k into slot s = k mod N: store seqlock = 2k+1; store-store fence; write header and payload;
 * release-store seqlock = 2k+2; release-store published = k+1.
 * Reader, wanting frame k: acquire-load published; if published &lt;= k there is nothing new; if published - k &gt; N
 * the frame was overwritten (skip to published - N); acquire-load the slot's seqlock, which must equal 2k+2; read
 * the header and payload (in place or by copying); load-load fence; load the seqlock again: if it still equals 2k+2
 * the data read is frame k, else the writer lapped the reader during the read and the data must be discarded.
 *
 * <p>{@link #publish} belongs to one producer thread and allocates nothing; the accessors may be called from any
 * thread. {@link #close} marks the ring closed, unmaps it and (by default) deletes the file; readers that still
 * have it mapped keep their mapping.
 */
public final class SharedMemoryFrameRing implements AutoCloseable
{
    /** Magic as a little-endian int: bytes 'A' 'V' 'S' 'R'. */
    public static final int MAGIC = 'A' | 'V' << 8 | 'S' << 16 | 'R' << 24;
    /** Layout version. */
    public static final int VERSION = 1;
    /** Superblock length; slot 0 starts here. */
    public static final int SUPERBLOCK_LENGTH = 128;
    /** Offset of the slot count in the superblock. */
    public static final int SLOT_COUNT_OFFSET = 8;
    /** Offset of the slot length in the superblock. */
    public static final int SLOT_LENGTH_OFFSET = 12;
    /** Offset of the maximum payload in the superblock. */
    public static final int MAX_PAYLOAD_OFFSET = 16;
    /** Offset of the writer state in the superblock. */
    public static final int STATE_OFFSET = 20;
    /** Offset of the writer pid in the superblock. */
    public static final int PID_OFFSET = 24;
    /** Offset of the published-frames counter in the superblock (its own cache line). */
    public static final int PUBLISHED_OFFSET = 64;
    /** Writer state: open. */
    public static final int STATE_OPEN = 1;
    /** Writer state: closed. */
    public static final int STATE_CLOSED = 2;
    /** Offset of the seqlock in a slot. */
    public static final int SLOT_SEQLOCK_OFFSET = 0;
    /** Offset of the frame header in a slot. */
    public static final int SLOT_HEADER_OFFSET = 16;
    /** Offset of the payload in a slot. */
    public static final int SLOT_PAYLOAD_OFFSET = 64;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Path path;
    private final boolean deleteOnClose;
    private final int slotCount;
    private final int slotLength;
    private final int maxPayload;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private long next;
    private boolean closed;

    /**
     * Creates (or truncates) the file, sizes it and writes the superblock. Any thread.
     *
     * @param path            file to map, e.g. {@code /dev/shm/avatar-frames-1}.
     * @param slotCount       frames kept, 2..1024.
     * @param maxPayloadBytes largest payload, 1..2^30.
     * @param deleteOnClose   remove the file in {@link #close}.
     * @throws IllegalArgumentException naming a bad value, or a file that cannot be created.
     */
    public SharedMemoryFrameRing(
        final Path path, final int slotCount, final int maxPayloadBytes, final boolean deleteOnClose)
    {
        if (slotCount < 2 || slotCount > 1024)
        {
            throw new IllegalArgumentException("shared-memory ring slotCount " + slotCount + " is outside 2..1024");
        }
        if (maxPayloadBytes < 1 || maxPayloadBytes > (1 << 30))
        {
            throw new IllegalArgumentException("shared-memory ring maxPayloadBytes " + maxPayloadBytes +
                " is outside 1..2^30");
        }
        this.slotLength = (SLOT_PAYLOAD_OFFSET + maxPayloadBytes + 63) & ~63;
        final long fileLength = SUPERBLOCK_LENGTH + (long)slotCount * slotLength;
        if (fileLength > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("shared-memory ring of " + slotCount + " slots of " + slotLength +
                " bytes is " + fileLength + " bytes, over the 2 GiB a single mapping allows");
        }
        this.path = path;
        this.deleteOnClose = deleteOnClose;
        this.slotCount = slotCount;
        this.maxPayload = maxPayloadBytes;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileLength);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("shared-memory ring file '" + path + "' cannot be created and mapped: " +
                ex.getMessage(), ex);
        }
        buffer = new UnsafeBuffer(mapped);
        buffer.setMemory(0, SUPERBLOCK_LENGTH, (byte)0);
        buffer.putShort(4, (short)VERSION, LE);
        buffer.putShort(6, (short)SUPERBLOCK_LENGTH, LE);
        buffer.putInt(SLOT_COUNT_OFFSET, slotCount, LE);
        buffer.putInt(SLOT_LENGTH_OFFSET, slotLength, LE);
        buffer.putInt(MAX_PAYLOAD_OFFSET, maxPayloadBytes, LE);
        buffer.putInt(STATE_OFFSET, STATE_OPEN, LE);
        buffer.putLong(PID_OFFSET, ProcessHandle.current().pid(), LE);
        for (int i = 0; i < slotCount; i++)
        {
            buffer.putLong(slotOffset(i) + SLOT_SEQLOCK_OFFSET, 0L, LE);
        }
        // Magic last, with release semantics: a reader that sees it sees a complete superblock.
        buffer.putIntRelease(0, MAGIC);
    }

    /**
     * Writes one frame into the next slot. Producer thread only; never waits for readers; allocation-free.
     *
     * @param sessionId session id.
     * @param sequence  frame sequence.
     * @param ptsNanos  presentation time.
     * @param width     width.
     * @param height    height.
     * @param format    {@link FrameHeader#FORMAT_RGBA} or {@link FrameHeader#FORMAT_I420}.
     * @param pixels    payload source.
     * @param offset    payload start.
     * @throws IllegalArgumentException naming a bad frame or one over the maximum payload.
     */
    public void publish(
        final long sessionId,
        final long sequence,
        final long ptsNanos,
        final int width,
        final int height,
        final int format,
        final DirectBuffer pixels,
        final int offset)
    {
        final int length = FrameHeader.payloadLength(format, width, height);
        if (length > maxPayload)
        {
            throw new IllegalArgumentException("frame " + width + "x" + height + " format " + format + " is " +
                length + " bytes, over the shared-memory ring's maxPayloadBytes " + maxPayload);
        }
        if (offset < 0 || (long)offset + length > pixels.capacity())
        {
            throw new IllegalArgumentException("frame payload [" + offset + ", " + offset + " + " + length +
                ") is outside the pixel buffer of " + pixels.capacity() + " bytes");
        }
        final long k = next;
        final int slot = slotOffset((int)(k % slotCount));
        // Native-order atomics; the format is little-endian, which the static check below makes the native order.
        buffer.putLongVolatile(slot + SLOT_SEQLOCK_OFFSET, 2 * k + 1);
        VarHandle.storeStoreFence();
        FrameHeader.write(buffer, slot + SLOT_HEADER_OFFSET, sessionId, sequence, ptsNanos, width, height, format,
            length);
        buffer.putBytes(slot + SLOT_PAYLOAD_OFFSET, pixels, offset, length);
        buffer.putLongRelease(slot + SLOT_SEQLOCK_OFFSET, 2 * k + 2);
        next = k + 1;
        buffer.putLongRelease(PUBLISHED_OFFSET, k + 1);
    }

    /**
     * @return the mapped file.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return frames written so far.
     */
    public long publishedFrames()
    {
        return closed ? next : buffer.getLongVolatile(PUBLISHED_OFFSET);
    }

    /**
     * @return number of slots.
     */
    public int slotCount()
    {
        return slotCount;
    }

    /**
     * @return bytes per slot.
     */
    public int slotLength()
    {
        return slotLength;
    }

    /**
     * Marks the ring closed for readers, unmaps it and deletes the file if asked; idempotent. Producer thread (or
     * any thread once the producer has stopped).
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        buffer.putIntRelease(STATE_OFFSET, STATE_CLOSED);
        mapped.force();
        IoUtil.unmap(mapped);
        if (deleteOnClose)
        {
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("shared-memory ring file '" + path + "' cannot be deleted: " +
                    ex.getMessage(), ex);
            }
        }
    }

    private int slotOffset(final int index)
    {
        return SUPERBLOCK_LENGTH + index * slotLength;
    }

    static
    {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
        {
            // The seqlock and counter are accessed with native-order atomics and documented as little-endian.
            throw new ExceptionInInitializerError("the shared-memory frame ring needs a little-endian machine");
        }
    }
}
