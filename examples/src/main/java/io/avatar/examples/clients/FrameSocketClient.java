package io.avatar.examples.clients;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints the frames an engine publishes on a frame socket ({@code unix:PATH} or {@code tcp:HOST:PORT}) or in a
 * shared-memory ring ({@code shm:FILE}), one line per frame, in the same format as {@code frame_client.c}:
 * <pre>frame session=1 seq=7 pts_ns=280000000 size=512x512 format=RGBA bytes=1048576 fnv1a=1a2b3c4d</pre>
 * Usage: {@code java ... io.avatar.examples.clients.FrameSocketClient ENDPOINT [maxFrames]}. Runs on the caller's
 * thread; blocking I/O is fine here because this is the consumer, not the engine.
 */
public final class FrameSocketClient
{
    private static final int HEADER_LENGTH = 48;

    private FrameSocketClient()
    {
    }

    /**
     * @param args endpoint and optional frame limit.
     * @throws IOException when the endpoint cannot be reached or the stream is malformed.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 1 || args.length > 2)
        {
            System.err.println("usage: FrameSocketClient unix:PATH|tcp:HOST:PORT|shm:FILE [maxFrames]");
            System.exit(1);
        }
        final long max = args.length == 2 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        run(args[0], max, System.out);
    }

    /**
     * Reads until the stream ends or {@code maxFrames} frames were printed. Caller's thread.
     *
     * @param endpoint  {@code unix:PATH}, {@code tcp:HOST:PORT} or {@code shm:FILE}.
     * @param maxFrames frames to read.
     * @param out       where the lines go.
     * @return frames read.
     * @throws IOException on a connect failure or a malformed stream.
     */
    public static long run(final String endpoint, final long maxFrames, final PrintStream out) throws IOException
    {
        if (endpoint.startsWith("shm:"))
        {
            return readRing(Path.of(endpoint.substring(4)), maxFrames, out);
        }
        final SocketChannel ch;
        if (endpoint.startsWith("unix:"))
        {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(endpoint.substring(5)));
        }
        else if (endpoint.startsWith("tcp:"))
        {
            final String hostPort = endpoint.substring(4);
            final int colon = hostPort.lastIndexOf(':');
            if (colon < 0)
            {
                throw new IllegalArgumentException("expected tcp:HOST:PORT, got " + endpoint);
            }
            ch = SocketChannel.open(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))));
        }
        else
        {
            throw new IllegalArgumentException("endpoint must start with unix:, tcp: or shm:, got " + endpoint);
        }
        out.println("connected " + endpoint);
        long frames = 0;
        try (ch)
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer payload = ByteBuffer.allocate(0);
            while (frames < maxFrames)
            {
                header.clear();
                if (!readFully(ch, header, true))
                {
                    break;
                }
                final int length = checkHeader(header);
                final int extra = (header.getShort(6) & 0xffff) - HEADER_LENGTH;
                if (extra > 0)
                {
                    readFully(ch, ByteBuffer.allocate(extra), false);
                }
                if (payload.capacity() < length)
                {
                    payload = ByteBuffer.allocate(length);
                }
                payload.clear().limit(length);
                readFully(ch, payload, false);
                out.println(describe(header, 0, payload, 0, length));
                frames++;
            }
        }
        out.println("end frames=" + frames);
        return frames;
    }

    private static long readRing(final Path file, final long maxFrames, final PrintStream out) throws IOException
    {
        final MappedByteBuffer m;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        m.order(ByteOrder.LITTLE_ENDIAN);
        if (m.get(0) != 'A' || m.get(1) != 'V' || m.get(2) != 'S' || m.get(3) != 'R' || m.getShort(4) != 1)
        {
            throw new IOException(file + " is not an AVSR version 1 ring");
        }
        final int slots = m.getInt(8);
        final int slotLength = m.getInt(12);
        // A copy of the seqlock protocol in docs/PROTOCOLS.md, section 5, with VarHandle-free Java: the reads of
        // the 8-byte counters go through a long view with acquire semantics.
        final java.lang.invoke.VarHandle longs =
            java.lang.invoke.MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        // Take the start position before saying "connected": every frame published after that line is read.
        long next = (long)longs.getAcquire(m, 64);
        out.println("connected shm:" + file + " slots=" + slots);
        long frames = 0;
        final ByteBuffer copy = ByteBuffer.allocate(slotLength).order(ByteOrder.LITTLE_ENDIAN);
        while (frames < maxFrames)
        {
            final long published = (long)longs.getAcquire(m, 64);
            if (next >= published)
            {
                if (m.getInt(20) == 2)
                {
                    break; // writer closed and everything published was read
                }
                Thread.onSpinWait();
                continue;
            }
            if (published - next > slots)
            {
                next = published - slots;
            }
            final int slot = 128 + (int)(next % slots) * slotLength;
            final long before = (long)longs.getAcquire(m, slot);
            if (before < 2 * next + 2)
            {
                Thread.onSpinWait(); // published counter ran ahead of this slot's write: it is still being written
                continue;
            }
            if (before == 2 * next + 2)
            {
                final int length = m.getInt(slot + 16 + 44);
                if (length >= 0 && length <= slotLength - 64)
                {
                    copy.clear();
                    copy.put(0, m, slot + 16, HEADER_LENGTH + length);
                    java.lang.invoke.VarHandle.acquireFence();
                    final long after = (long)longs.getAcquire(m, slot);
                    if (after == before)
                    {
                        checkHeader(copy);
                        out.println(describe(copy, 0, copy, HEADER_LENGTH, length));
                        frames++;
                    }
                }
            }
            next++;
        }
        out.println("end frames=" + frames);
        return frames;
    }

    private static int checkHeader(final ByteBuffer h) throws IOException
    {
        if (h.get(0) != 'A' || h.get(1) != 'V' || h.get(2) != 'F' || h.get(3) != 'R' || h.getShort(4) != 1)
        {
            throw new IOException("bad frame magic or version");
        }
        final int length = h.getInt(44);
        if (length < 0 || length > 64 * 1024 * 1024)
        {
            throw new IOException("bad payload length " + length);
        }
        return length;
    }

    private static String describe(
        final ByteBuffer h, final int at, final ByteBuffer payload, final int payloadAt, final int length)
    {
        int hash = 0x811c9dc5;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (payload.get(payloadAt + i) & 0xff)) * 16777619;
        }
        final int format = h.getInt(at + 40);
        return String.format("frame session=%d seq=%d pts_ns=%d size=%dx%d format=%s bytes=%d fnv1a=%08x",
            h.getLong(at + 8), h.getLong(at + 16), h.getLong(at + 24), h.getInt(at + 32), h.getInt(at + 36),
            format == 1 ? "RGBA" : format == 2 ? "I420" : "UNKNOWN", length, hash);
    }

    private static boolean readFully(final SocketChannel ch, final ByteBuffer b, final boolean endAllowed)
        throws IOException
    {
        while (b.hasRemaining())
        {
            if (ch.read(b) < 0)
            {
                if (endAllowed && b.position() == 0)
                {
                    return false;
                }
                throw new EOFException("stream cut inside a frame");
            }
        }
        return true;
    }
}
