package io.avatar.transport.framesocket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Unix domain and TCP loopback sockets; the clients here parse the stream with their own code (plain
 * little-endian ByteBuffer reads), not the server's {@link FrameHeader} helpers.
 */
class FrameSocketServerTest
{
    private static final long SESSION = 0x1122334455667788L;
    /** One thread per reader: the common pool may have a single thread on a small machine. */
    private static final java.util.concurrent.Executor READERS = r ->
    {
        final Thread t = new Thread(r, "frame-client");
        t.setDaemon(true);
        t.start();
    };

    @TempDir
    Path dir;

    /** One frame as a client decoded it. */
    record Received(long session, long seq, long pts, int width, int height, int format, int length, boolean intact)
    {
    }

    @Test
    void shouldDeliverEveryFrameInOrderToUnixAndTcpClientsThatKeepUp() throws Exception
    {
        final FrameSocketConfig config = new FrameSocketConfig(320 * 240 * 4, 16, 4);
        try (FrameSocketServer uds = FrameSocketServer.unixDomain(dir.resolve("f.sock"), config).start();
            FrameSocketServer tcp = FrameSocketServer.tcpLoopback("127.0.0.1", 0, config).start();
            SocketChannel a = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("f.sock")));
            SocketChannel b = SocketChannel.open(new InetSocketAddress("127.0.0.1", tcp.localPort())))
        {
            awaitTrue(() -> uds.clientCount() == 1 && tcp.clientCount() == 1, "both clients accepted");
            final int frames = 120;
            final java.util.concurrent.atomic.AtomicLong pa = new java.util.concurrent.atomic.AtomicLong();
            final java.util.concurrent.atomic.AtomicLong pb = new java.util.concurrent.atomic.AtomicLong();
            final CompletableFuture<List<Received>> ra =
                CompletableFuture.supplyAsync(() -> readFrames(a, frames, pa), READERS);
            final CompletableFuture<List<Received>> rb =
                CompletableFuture.supplyAsync(() -> readFrames(b, frames, pb), READERS);
            final UnsafeBuffer pixels = new UnsafeBuffer(ByteBuffer.allocateDirect(320 * 240 * 4));
            for (int i = 0; i < frames; i++)
            {
                final int w = i % 2 == 0 ? 320 : 160;
                final int h = i % 2 == 0 ? 240 : 120;
                final int format = i % 3 == 0 ? FrameHeader.FORMAT_I420 : FrameHeader.FORMAT_RGBA;
                fill(pixels, 1000 + i, FrameHeader.payloadLength(format, w, h));
                assertEquals(1, uds.publish(SESSION, 1000 + i, i * 40_000_000L, w, h, format, pixels, 0));
                assertEquals(1, tcp.publish(SESSION, 1000 + i, i * 40_000_000L, w, h, format, pixels, 0));
                // Clients that keep up: on a loaded 2-core box a reader thread can be descheduled for a while, so
                // the test (not the server) lets them catch up to within 8 frames of a 16-frame queue.
                awaitProgress(pa, i + 1);
                awaitProgress(pb, i + 1);
            }
            for (final CompletableFuture<List<Received>> f : List.of(ra, rb))
            {
                final List<Received> got = await(f, uds, tcp);
                assertEquals(frames, got.size());
                for (int i = 0; i < frames; i++)
                {
                    final Received r = got.get(i);
                    final int w = i % 2 == 0 ? 320 : 160;
                    final int h = i % 2 == 0 ? 240 : 120;
                    final int format = i % 3 == 0 ? 2 : 1;
                    final int length = format == 1 ? w * h * 4 : w * h + 2 * (w / 2) * (h / 2);
                    assertEquals(new Received(SESSION, 1000 + i, i * 40_000_000L, w, h, format, length, true), r);
                }
            }
            assertEquals(0, uds.droppedFrames());
            assertEquals(0, tcp.droppedFrames());
            assertEquals(frames, uds.deliveredFrames());
            assertEquals(frames, tcp.deliveredFrames());
        }
        assertFalse(Files.exists(dir.resolve("f.sock")), "socket file removed on close");
    }

    @Test
    void shouldDropOldestForStalledClientWhileProducerNeverBlocksAndOthersGetEveryFrame() throws Exception
    {
        final int w = 256;
        final int h = 256;
        final FrameSocketConfig config = new FrameSocketConfig(w * h * 4, 16, 4);
        final Path sock = dir.resolve("s.sock");
        try (FrameSocketServer server = FrameSocketServer.unixDomain(sock, config).start();
            SocketChannel fast = SocketChannel.open(UnixDomainSocketAddress.of(sock));
            SocketChannel stalled = SocketChannel.open(UnixDomainSocketAddress.of(sock)))
        {
            awaitTrue(() -> server.clientCount() == 2, "two clients accepted");
            final int frames = 200;
            final java.util.concurrent.atomic.AtomicLong pf = new java.util.concurrent.atomic.AtomicLong();
            final CompletableFuture<List<Received>> rf =
                CompletableFuture.supplyAsync(() -> readFrames(fast, frames, pf), READERS);
            final UnsafeBuffer pixels = new UnsafeBuffer(ByteBuffer.allocateDirect(w * h * 4));
            long worstNanos = 0;
            for (int i = 0; i < frames; i++)
            {
                fill(pixels, i, w * h * 4);
                final long t0 = System.nanoTime();
                server.publish(SESSION, i, i * 1_000_000L, w, h, FrameHeader.FORMAT_RGBA, pixels, 0);
                worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
                awaitProgress(pf, i + 1);
            }
            final List<Received> got = await(rf, server);
            for (int i = 0; i < frames; i++)
            {
                assertEquals(i, got.get(i).seq(), "fast client frame " + i);
                assertTrue(got.get(i).intact(), "fast client frame " + i + " payload");
            }
            final long dropped = server.droppedFrames();
            assertTrue(dropped > 0, "the stalled client caused counted drops");
            // A stalled client can hold 16 queued frames + 1 in flight + what its socket buffer took.
            assertTrue(dropped < frames, "dropped " + dropped);
            // The loop finishing at all while the stalled client reads nothing shows publish never waits for it;
            // the bound is loose for a shared, heavily loaded 2-core machine.
            assertTrue(worstNanos < 2_000_000_000L, "worst publish took " + worstNanos / 1e6 + " ms");

            // The stalled client now reads what is left: whole frames, increasing sequence, gaps where dropped.
            // Every drop was the stalled client's (the fast one got all frames), so it still has frames - dropped.
            final int expectedLate = (int)(frames - dropped);
            final List<Received> late = readFrames(stalled, expectedLate);
            long last = -1;
            for (final Received r : late)
            {
                assertTrue(r.intact(), "late frame " + r.seq() + " is whole");
                assertTrue(r.seq() > last, "sequence increases");
                last = r.seq();
            }
            assertEquals(frames - 1, last, "the newest frame was kept; older ones were dropped");
            awaitTrue(() -> server.deliveredFrames() == frames + expectedLate, "delivery counters add up");
        }
    }

    @Test
    void shouldPublishWithoutAllocatingOnTheProducerThread() throws Exception
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final FrameSocketConfig config = new FrameSocketConfig(64 * 64 * 4, 4, 2);
        final Path ringFile = dir.resolve("alloc.ring");
        try (FrameSocketServer server = FrameSocketServer.unixDomain(dir.resolve("a.sock"), config).start();
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("a.sock")));
            SharedMemoryFrameRing ring = new SharedMemoryFrameRing(ringFile, 4, 64 * 64 * 4, true))
        {
            awaitTrue(() -> server.clientCount() == 1 && client.isConnected(), "client accepted");
            final UnsafeBuffer pixels = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 64 * 4));
            for (int i = 0; i < 5_000; i++)
            {
                server.publish(1, i, i, 64, 64, FrameHeader.FORMAT_RGBA, pixels, 0);
                ring.publish(1, i, i, 64, 64, FrameHeader.FORMAT_RGBA, pixels, 0);
            }
            final long tid = Thread.currentThread().threadId();
            final long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1000; i++)
            {
                server.publish(1, i, i, 64, 64, FrameHeader.FORMAT_RGBA, pixels, 0);
                ring.publish(1, i, i, 64, 64, FrameHeader.FORMAT_RGBA, pixels, 0);
            }
            final long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 1024, "1000 frame publishes allocated " + allocated + " bytes");
            assertTrue(server.droppedFrames() > 0, "the client never read, so its oldest frames were dropped");
        }
    }

    @Test
    void shouldRemoveClientsThatDisconnectAndRefuseClientsOverTheLimit() throws Exception
    {
        final FrameSocketConfig config = new FrameSocketConfig(16 * 16 * 4, 2, 1);
        try (FrameSocketServer server = FrameSocketServer.tcpLoopback("localhost", 0, config).start())
        {
            final SocketChannel first = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.localPort()));
            awaitTrue(() -> server.clientCount() == 1, "first client accepted");
            try (SocketChannel second = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.localPort())))
            {
                awaitTrue(() -> server.rejectedClients() == 1, "second client refused");
                assertEquals(-1, second.read(ByteBuffer.allocate(1)), "refused client sees end of stream");
            }
            first.close();
            final UnsafeBuffer pixels = new UnsafeBuffer(new byte[16 * 16 * 4]);
            awaitTrue(() ->
            {
                server.publish(SESSION, 0, 0, 16, 16, FrameHeader.FORMAT_RGBA, pixels, 0);
                return server.clientCount() == 0;
            }, "closed client removed");
            assertEquals(1, server.disconnectedClients());
            assertEquals(0, server.publish(SESSION, 1, 0, 16, 16, FrameHeader.FORMAT_RGBA, pixels, 0));
        }
    }

    @Test
    void shouldReplaceStaleSocketFileButNotOtherFiles() throws Exception
    {
        final Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            old.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale), "a closed Java UDS server leaves its file behind");
        final FrameSocketConfig config = new FrameSocketConfig(64, 2, 2);
        try (FrameSocketServer server = FrameSocketServer.unixDomain(stale, config))
        {
            assertEquals(stale.toAbsolutePath(), server.unixPath());
            final IllegalArgumentException inUse = assertThrows(IllegalArgumentException.class,
                () -> FrameSocketServer.unixDomain(stale, config));
            assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
        }
        final Path regular = Files.writeString(dir.resolve("notes.txt"), "keep me");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FrameSocketServer.unixDomain(regular, config));
        assertTrue(ex.getMessage().contains("not a socket"), ex.getMessage());
        assertEquals("keep me", Files.readString(regular));
    }

    @Test
    void shouldRejectBadConfigAndFramesNamingTheValue()
    {
        final FrameSocketConfig config = new FrameSocketConfig(64, 2, 2);
        assertMessage("70000", () -> FrameSocketServer.tcpLoopback("127.0.0.1", 70000, config));
        assertMessage("-1", () -> FrameSocketServer.tcpLoopback("127.0.0.1", -1, config));
        assertMessage("no-such-host.invalid", () -> FrameSocketServer.tcpLoopback("no-such-host.invalid", 7000,
            config));
        assertMessage("not a loopback", () -> FrameSocketServer.tcpLoopback("8.8.8.8", 7000, config));
        final Path tooLong = dir.resolve("x".repeat(120) + ".sock");
        assertMessage("limited to 107", () -> FrameSocketServer.unixDomain(tooLong, config));
        assertMessage("does not exist", () -> FrameSocketServer.unixDomain(dir.resolve("no/such/dir.sock"), config));
        assertMessage("queueFrames 0", () -> new FrameSocketConfig(64, 0, 2));
        assertMessage("maxClients 65", () -> new FrameSocketConfig(64, 2, 65));
        assertMessage("maxPayloadBytes 0", () -> new FrameSocketConfig(0, 2, 2));
        try (FrameSocketServer server = FrameSocketServer.tcpLoopback("127.0.0.1", 0, config))
        {
            final UnsafeBuffer pixels = new UnsafeBuffer(new byte[4096]);
            assertMessage("format 3", () -> server.publish(1, 1, 1, 4, 4, 3, pixels, 0));
            assertMessage("over the frame socket's maxPayloadBytes 64",
                () -> server.publish(1, 1, 1, 8, 8, FrameHeader.FORMAT_RGBA, pixels, 0));
            assertMessage("0x4", () -> server.publish(1, 1, 1, 0, 4, FrameHeader.FORMAT_RGBA, pixels, 0));
        }
    }

    static List<Received> await(final CompletableFuture<List<Received>> f, final FrameSocketServer... servers)
        throws Exception
    {
        try
        {
            return f.get(30, TimeUnit.SECONDS);
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            final StringBuilder sb = new StringBuilder("client timed out;");
            for (final FrameSocketServer s : servers)
            {
                sb.append(' ').append(s.name()).append(" clients=").append(s.clientCount())
                    .append(" published=").append(s.publishedFrames()).append(" delivered=")
                    .append(s.deliveredFrames()).append(" dropped=").append(s.droppedFrames())
                    .append(" lastError=").append(s.lastError());
            }
            throw new AssertionError(sb.toString(), ex);
        }
    }

    static void assertMessage(final String expected, final org.junit.jupiter.api.function.Executable call)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
        assertTrue(ex.getMessage().contains(expected), "message '" + ex.getMessage() + "' names " + expected);
    }

    static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Payload pattern the readers check: byte i of frame seq is (seq * 31 + i * 7) mod 256. */
    static void fill(final UnsafeBuffer pixels, final long seq, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            pixels.putByte(i, (byte)(seq * 31 + i * 7));
        }
    }

    static List<Received> readFrames(final SocketChannel ch, final int count)
    {
        return readFrames(ch, count, new java.util.concurrent.atomic.AtomicLong());
    }

    /** Lets the test's producer wait for a client that keeps up (the server itself never waits). */
    static void awaitProgress(final java.util.concurrent.atomic.AtomicLong received, final int sent)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sent - received.get() > 8 && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(1);
        }
    }

    static List<Received> readFrames(
        final SocketChannel ch, final int count, final java.util.concurrent.atomic.AtomicLong progress)
    {
        final List<Received> out = new ArrayList<>();
        final ByteBuffer header = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload = ByteBuffer.allocate(0);
        try
        {
            while (out.size() < count)
            {
                header.clear();
                readFully(ch, header);
                header.flip();
                final byte[] magic = new byte[4];
                header.get(magic);
                assertEquals("AVFR", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(1, header.getShort(), "version");
                assertEquals(48, header.getShort(), "header length");
                final long session = header.getLong();
                final long seq = header.getLong();
                final long pts = header.getLong();
                final int width = header.getInt();
                final int height = header.getInt();
                final int format = header.getInt();
                final int length = header.getInt();
                if (payload.capacity() < length)
                {
                    payload = ByteBuffer.allocate(length);
                }
                payload.clear().limit(length);
                readFully(ch, payload);
                boolean intact = true;
                for (int i = 0; i < length; i++)
                {
                    if (payload.get(i) != (byte)(seq * 31 + i * 7))
                    {
                        intact = false;
                        break;
                    }
                }
                out.add(new Received(session, seq, pts, width, height, format, length, intact));
                progress.incrementAndGet();
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("client read failed after " + out.size() + " frames", ex);
        }
        return out;
    }

    private static void readFully(final SocketChannel ch, final ByteBuffer b) throws IOException
    {
        while (b.hasRemaining())
        {
            if (ch.read(b) < 0)
            {
                throw new EOFException("server closed the stream");
            }
        }
    }
}
