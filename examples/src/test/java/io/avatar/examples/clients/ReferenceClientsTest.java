package io.avatar.examples.clients;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.transport.framesocket.FrameHeader;
import io.avatar.transport.framesocket.FrameSocketConfig;
import io.avatar.transport.framesocket.FrameSocketServer;
import io.avatar.transport.framesocket.SharedMemoryFrameRing;
import io.avatar.transport.livelink.LiveLinkFaceSender;
import io.avatar.transport.osc.VmcSender;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the reference clients (the C one compiled with gcc when present, and the Java ones) against the real
 * senders.
 */
class ReferenceClientsTest
{
    private static final int W = 64;
    private static final int H = 48;

    @TempDir
    Path dir;

    @Test
    void shouldStreamEveryFrameToTheCClientOverUnixTcpAndSharedMemory() throws Exception
    {
        final Path gcc = findOnPath("gcc");
        Assumptions.assumeTrue(gcc != null, "gcc is not installed: skipping the C frame client test");
        final Path repo = Path.of(System.getProperty("avatar.repo.dir", "..")).toAbsolutePath().normalize();
        final Path source = repo.resolve("examples/clients/frame_client.c");
        final Path binary = repo.resolve("examples/target/frame_client");
        Files.createDirectories(binary.getParent());
        final Process cc = new ProcessBuilder(gcc.toString(), "-O2", "-std=c99", "-Wall", "-Wextra", "-Werror",
            "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        final String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), "gcc failed: " + ccOut);

        final FrameSocketConfig config = new FrameSocketConfig(W * H * 4, 16, 2);
        try (FrameSocketServer uds = FrameSocketServer.unixDomain(dir.resolve("c.sock"), config).start();
            FrameSocketServer tcp = FrameSocketServer.tcpLoopback("127.0.0.1", 0, config).start())
        {
            for (final FrameSocketServer server : List.of(uds, tcp))
            {
                final String endpoint = server.unixPath() != null ? "unix:" + server.unixPath() :
                    "tcp:127.0.0.1:" + server.localPort();
                final int frames = 40;
                final Process client = new ProcessBuilder(binary.toString(), endpoint, Integer.toString(frames))
                    .redirectErrorStream(true).start();
                final List<String> lines = new CopyOnWriteArrayList<>();
                final CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(client, lines),
                    ReferenceClientsTest::daemon);
                awaitTrue(() -> server.clientCount() == 1 || !client.isAlive(), "C client connected to " + endpoint);
                final String[] expected = publish(server::publish, frames, lines::size);
                assertTrue(client.waitFor(30, TimeUnit.SECONDS), "C client exits after " + frames + " frames");
                reader.get(10, TimeUnit.SECONDS);
                assertEquals(0, client.exitValue(), "C client output: " + lines);
                assertEquals("connected " + endpoint, lines.get(0));
                for (int i = 0; i < frames; i++)
                {
                    assertEquals(expected[i], lines.get(1 + i), "frame " + i + " via " + endpoint);
                }
                assertEquals("end frames=" + frames, lines.get(1 + frames));
                assertEquals(0, server.droppedFrames());
            }
        }

        // The same client reading the shared-memory ring through its own mmap.
        final Path ringFile = dir.resolve("c.ring");
        try (SharedMemoryFrameRing ring = new SharedMemoryFrameRing(ringFile, 64, W * H * 4, true))
        {
            final int frames = 30;
            final Process client = new ProcessBuilder(binary.toString(), "shm:" + ringFile, Integer.toString(frames))
                .redirectErrorStream(true).start();
            final List<String> lines = new CopyOnWriteArrayList<>();
            final CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(client, lines),
                ReferenceClientsTest::daemon);
            awaitTrue(() -> !lines.isEmpty(), "C client mapped the ring");
            assertEquals("connected shm:" + ringFile + " slots=64", lines.get(0));
            final String[] expected = publish((s, q, p, w, h, f, px, o) ->
            {
                ring.publish(s, q, p, w, h, f, px, o);
                return 1;
            }, frames, lines::size);
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "C ring client exits after " + frames + " frames");
            reader.get(10, TimeUnit.SECONDS);
            assertEquals(0, client.exitValue(), "C client output: " + lines);
            for (int i = 0; i < frames; i++)
            {
                assertEquals(expected[i], lines.get(1 + i), "ring frame " + i);
            }
            assertEquals("end frames=" + frames + " skipped=0", lines.get(1 + frames));
        }
    }

    @Test
    void shouldStreamEveryFrameToTheJavaClientOverUnixSocketAndSharedMemory() throws Exception
    {
        final FrameSocketConfig config = new FrameSocketConfig(W * H * 4, 16, 2);
        final int frames = 30;
        try (FrameSocketServer uds = FrameSocketServer.unixDomain(dir.resolve("j.sock"), config).start())
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            final CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> call(() ->
                FrameSocketClient.run("unix:" + uds.unixPath(), frames, out)), ReferenceClientsTest::daemon);
            awaitTrue(() -> uds.clientCount() == 1, "Java client connected");
            final String[] expected = publish(uds::publish, frames,
                () -> (int)bytes.toString(StandardCharsets.UTF_8).lines().count());
            assertEquals(frames, run.get(30, TimeUnit.SECONDS));
            final String[] got = bytes.toString(StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < frames; i++)
            {
                assertEquals(expected[i], got[1 + i]);
            }
        }

        final Path ringFile = dir.resolve("ring");
        try (SharedMemoryFrameRing ring = new SharedMemoryFrameRing(ringFile, 64, W * H * 4, true))
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            final CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> call(() ->
                FrameSocketClient.run("shm:" + ringFile, frames, out)), ReferenceClientsTest::daemon);
            awaitTrue(() -> bytes.toString(StandardCharsets.UTF_8).startsWith("connected"), "ring client attached");
            // 64 slots hold all 30 frames, so even a slow reader sees every one.
            final String[] expected = publish((s, q, p, w, h, f, px, o) ->
            {
                ring.publish(s, q, p, w, h, f, px, o);
                return 1;
            }, frames, null);
            assertEquals(frames, run.get(30, TimeUnit.SECONDS));
            final String[] got = bytes.toString(StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < frames; i++)
            {
                assertEquals(expected[i], got[1 + i]);
            }
        }
    }

    @Test
    void shouldPrintVmcAndLiveLinkPacketsInTheListener() throws Exception
    {
        final float[] w = new float[52];
        w[ArkitBlendshape.jawOpen.ordinal()] = 0.42f;
        final float[] pose = {0.1f, 0.2f, 0.3f, 0f, 0f, 0f};
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            VmcSender vmc = new VmcSender("127.0.0.1", rx.getLocalPort(), new float[3]);
            LiveLinkFaceSender ll = new LiveLinkFaceSender("127.0.0.1", rx.getLocalPort(), "dev", "Avatar", 30, 1))
        {
            rx.setSoTimeout(5000);
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            vmc.send(w, pose, 1.25);
            MotionListener.listen(rx, true, 1, out);
            ll.send(w, pose, 1.0);
            MotionListener.listen(rx, false, 1, out);
            final String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
            assertTrue(lines[0].startsWith("vmc messages=56 jawOpen=0.420 head=(0.000,0.000,0.000|"), lines[0]);
            assertTrue(lines[0].endsWith("t=1.250"), lines[0]);
            assertEquals("livelink v6 device=dev subject=Avatar frame=30+0.000@30/1 values=61 jawOpen=0.420 " +
                "head=(0.200,0.100,0.300)", lines[1]);
        }
    }

    /** The two producers under test, as one shape. */
    interface Publisher
    {
        int publish(long session, long seq, long pts, int w, int h, int format, UnsafeBuffer px, int off);
    }

    /** Publishes frames, waiting (in the test, not the server) for a line-printing client to keep up. */
    private static String[] publish(final Publisher p, final int frames, final java.util.function.IntSupplier lines)
        throws Exception
    {
        final String[] expected = new String[frames];
        final UnsafeBuffer pixels = new UnsafeBuffer(ByteBuffer.allocateDirect(W * H * 4));
        for (int i = 0; i < frames; i++)
        {
            final int format = i % 2 == 0 ? FrameHeader.FORMAT_RGBA : FrameHeader.FORMAT_I420;
            final int length = FrameHeader.payloadLength(format, W, H);
            int hash = 0x811c9dc5;
            for (int b = 0; b < length; b++)
            {
                final byte v = (byte)(i * 13 + b * 3);
                pixels.putByte(b, v);
                hash = (hash ^ (v & 0xff)) * 16777619;
            }
            p.publish(7L, 100 + i, i * 33_333_333L, W, H, format, pixels, 0);
            expected[i] = String.format("frame session=7 seq=%d pts_ns=%d size=%dx%d format=%s bytes=%d fnv1a=%08x",
                100 + i, i * 33_333_333L, W, H, format == 1 ? "RGBA" : "I420", length, hash);
            if (lines != null)
            {
                final int sent = i + 1;
                awaitTrue(() -> lines.getAsInt() - 1 >= sent - 8, "client keeps up");
            }
        }
        return expected;
    }

    private static void collect(final Process p, final List<String> lines)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final java.io.IOException ex)
        {
            lines.add("read error " + ex);
        }
    }

    /** A checked call for use in a supplier. */
    interface IoCall
    {
        long call() throws java.io.IOException;
    }

    private static long call(final IoCall c)
    {
        try
        {
            return c.call();
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void daemon(final Runnable r)
    {
        final Thread t = new Thread(r, "reference-client");
        t.setDaemon(true);
        t.start();
    }

    private static Path findOnPath(final String name)
    {
        for (final String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            final Path p = Path.of(d, name);
            if (Files.isExecutable(p))
            {
                return p;
            }
        }
        return null;
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }
}
