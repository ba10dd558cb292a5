package io.avatar.transport.framesocket;

import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads frames from a {@link SharedMemoryFrameRing} file through its own read-only mapping, following the seqlock
 * protocol documented there; the Java counterpart of what a C or C# plug-in does. It copies each frame out (header
 * and payload are contiguous in a slot) and checks afterwards that the writer did not overwrite it meanwhile.
 * Starts with the first frame published after it opened; frames it was too slow for are skipped and counted.
 *
 * <p>One reader thread; not thread-safe. Never blocks and never writes to the file.
 */
public final class SharedMemoryFrameReader implements AutoCloseable
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_ATTEMPTS = 4;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int slotCount;
    private final int slotLength;
    private final int maxPayload;
    private long next;
    private long skipped;
    private int lastLength;
    private boolean closed;

    /**
     * Maps the file read-only and checks its superblock. Any thread.
     *
     * @param path the ring file.
     * @throws IllegalArgumentException naming a missing file or a bad superblock.
     */
    public SharedMemoryFrameReader(final Path path)
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = ch.size();
            if (size < SharedMemoryFrameRing.SUPERBLOCK_LENGTH)
            {
                throw new IllegalArgumentException("shared-memory ring '" + path + "' is only " + size + " bytes");
            }
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("shared-memory ring '" + path + "' cannot be mapped: " +
                ex.getMessage(), ex);
        }
        buffer = new UnsafeBuffer(mapped);
        final int magic = buffer.getIntVolatile(0);
        final int version = buffer.getShort(4, LE);
        if (magic != SharedMemoryFrameRing.MAGIC || version != SharedMemoryFrameRing.VERSION)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("shared-memory ring '" + path + "' has magic 0x" +
                Integer.toHexString(magic) + " version " + version + ", expected 'AVSR' version " +
                SharedMemoryFrameRing.VERSION);
        }
        slotCount = buffer.getInt(SharedMemoryFrameRing.SLOT_COUNT_OFFSET, LE);
        slotLength = buffer.getInt(SharedMemoryFrameRing.SLOT_LENGTH_OFFSET, LE);
        maxPayload = buffer.getInt(SharedMemoryFrameRing.MAX_PAYLOAD_OFFSET, LE);
        final long expected = SharedMemoryFrameRing.SUPERBLOCK_LENGTH + (long)slotCount * slotLength;
        if (slotCount < 2 || expected != buffer.capacity() ||
            maxPayload > slotLength - SharedMemoryFrameRing.SLOT_PAYLOAD_OFFSET)
        {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("shared-memory ring '" + path + "' superblock (" + slotCount +
                " slots of " + slotLength + " bytes, max payload " + maxPayload + ") does not match its size " +
                buffer.capacity());
        }
        next = buffer.getLongVolatile(SharedMemoryFrameRing.PUBLISHED_OFFSET);
    }

    /**
     * Copies the next frame (48-byte {@link FrameHeader} then payload) into {@code dst} if one is ready.
     * Reader thread only; allocation-free.
     *
     * @param dst destination, at least {@link #maxFrameLength()} bytes.
     * @return true when a complete, verified frame was copied (its length is {@link #lastFrameLength()}).
     */
    public boolean readNext(final MutableDirectBuffer dst)
    {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
        {
            final long published = buffer.getLongVolatile(SharedMemoryFrameRing.PUBLISHED_OFFSET);
            if (next >= published)
            {
                return false;
            }
            if (published - next > slotCount)
            {
                skipped += published - slotCount - next;
                next = published - slotCount;
            }
            final long k = next;
            final int slot = SharedMemoryFrameRing.SUPERBLOCK_LENGTH + (int)(k % slotCount) * slotLength;
            final long before = buffer.getLongVolatile(slot + SharedMemoryFrameRing.SLOT_SEQLOCK_OFFSET);
            if (before != 2 * k + 2)
            {
                skipped++;
                next = k + 1;
                continue;
            }
            final int header = slot + SharedMemoryFrameRing.SLOT_HEADER_OFFSET;
            final int payload = FrameHeader.payloadLength(buffer, header);
            final boolean sane = FrameHeader.isValid(buffer, header) && payload >= 0 && payload <= maxPayload;
            final int length = sane ? FrameHeader.LENGTH + payload : 0;
            if (sane)
            {
                dst.putBytes(0, buffer, header, length);
            }
            VarHandle.loadLoadFence();
            final long after = buffer.getLongVolatile(slot + SharedMemoryFrameRing.SLOT_SEQLOCK_OFFSET);
            next = k + 1;
            if (after != before || !sane)
            {
                skipped++;
                continue;
            }
            lastLength = length;
            return true;
        }
        return false;
    }

    /**
     * @return header + payload length of the last frame {@link #readNext} returned.
     */
    public int lastFrameLength()
    {
        return lastLength;
    }

    /**
     * @return the largest frame (header + payload) the ring can hold: size {@code dst} for this.
     */
    public int maxFrameLength()
    {
        return FrameHeader.LENGTH + maxPayload;
    }

    /**
     * @return frames skipped because the writer overwrote them before they were read.
     */
    public long skippedFrames()
    {
        return skipped;
    }

    /**
     * @return true once the writer has closed the ring (frames already published can still be read).
     */
    public boolean isWriterClosed()
    {
        return buffer.getIntVolatile(SharedMemoryFrameRing.STATE_OFFSET) == SharedMemoryFrameRing.STATE_CLOSED;
    }

    /**
     * Unmaps the file; idempotent.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
