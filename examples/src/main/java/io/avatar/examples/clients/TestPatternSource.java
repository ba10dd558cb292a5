package io.avatar.examples.clients;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.transport.framesocket.FrameHeader;
import io.avatar.transport.framesocket.FrameSocketConfig;
import io.avatar.transport.framesocket.FrameSocketServer;
import io.avatar.transport.framesocket.SharedMemoryFrameRing;
import io.avatar.transport.livelink.LiveLinkFaceSender;
import io.avatar.transport.osc.VmcSender;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the engine when developing a game-engine plug-in: publishes a moving RGBA test pattern and a
 * synthetic talking motion (jaw opening and a slow head turn) on the chosen local outputs, at 25 fps, so the
 * reference clients (or your plug-in) have something to receive. Not the engine and not a test double for it.
 * <pre>
 * TestPatternSource [--unix PATH] [--tcp PORT] [--shm FILE] [--vmc HOST:PORT] [--livelink HOST:PORT] [--seconds N]
 * </pre>
 * Runs on the caller's thread (it is the producer); the frame socket's own agent thread does the socket writes.
 */
public final class TestPatternSource
{
    private static final int W = 320;
    private static final int H = 240;
    private static final int FPS = 25;

    private TestPatternSource()
    {
    }

    /**
     * @param args see the class comment.
     * @throws InterruptedException if interrupted while pacing.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        Path unix = null;
        int tcp = -1;
        Path shm = null;
        String vmc = null;
        String liveLink = null;
        double seconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--unix" -> unix = Path.of(args[i + 1]);
                case "--tcp" -> tcp = Integer.parseInt(args[i + 1]);
                case "--shm" -> shm = Path.of(args[i + 1]);
                case "--vmc" -> vmc = args[i + 1];
                case "--livelink" -> liveLink = args[i + 1];
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final FrameSocketConfig config = FrameSocketConfig.forRgba(W, H);
        try (FrameSocketServer unixServer = unix == null ? null : FrameSocketServer.unixDomain(unix, config).start();
            FrameSocketServer tcpServer = tcp < 0 ? null : FrameSocketServer.tcpLoopback("127.0.0.1", tcp, config)
                .start();
            SharedMemoryFrameRing ring = shm == null ? null : new SharedMemoryFrameRing(shm, 8, W * H * 4, true);
            VmcSender vmcSender = vmc == null ? null : new VmcSender(host(vmc), port(vmc), new float[3]);
            LiveLinkFaceSender llSender = liveLink == null ? null : new LiveLinkFaceSender(host(liveLink),
                port(liveLink), LiveLinkFaceSender.DEVICE_ID_DEFAULT, LiveLinkFaceSender.SUBJECT_DEFAULT, FPS, 1))
        {
            if (unixServer != null)
            {
                System.out.println("frames on " + unixServer.name());
            }
            if (tcpServer != null)
            {
                System.out.println("frames on " + tcpServer.name());
            }
            if (ring != null)
            {
                System.out.println("frames in shm:" + ring.path());
            }
            final UnsafeBuffer pixels = new UnsafeBuffer(ByteBuffer.allocateDirect(W * H * 4));
            final float[] weights = new float[ArkitBlendshape.COUNT];
            final float[] pose = new float[6];
            final long start = System.nanoTime();
            final long frames = (long)(seconds * FPS);
            for (long k = 0; k < frames; k++)
            {
                final long pts = k * 1_000_000_000L / FPS;
                final double t = pts / 1e9;
                paint(pixels, k);
                weights[ArkitBlendshape.jawOpen.ordinal()] = (float)(0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t));
                pose[1] = (float)(0.3 * Math.sin(2 * Math.PI * 0.2 * t));
                if (unixServer != null)
                {
                    unixServer.publish(1, k, pts, W, H, FrameHeader.FORMAT_RGBA, pixels, 0);
                }
                if (tcpServer != null)
                {
                    tcpServer.publish(1, k, pts, W, H, FrameHeader.FORMAT_RGBA, pixels, 0);
                }
                if (ring != null)
                {
                    ring.publish(1, k, pts, W, H, FrameHeader.FORMAT_RGBA, pixels, 0);
                }
                if (vmcSender != null)
                {
                    vmcSender.send(weights, pose, t);
                }
                if (llSender != null)
                {
                    llSender.send(weights, pose, t);
                }
                final long wait = start + pts + 1_000_000_000L / FPS - System.nanoTime();
                if (wait > 0)
                {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (unixServer != null)
            {
                System.out.println(unixServer.name() + " dropped=" + unixServer.droppedFrames());
            }
            if (tcpServer != null)
            {
                System.out.println(tcpServer.name() + " dropped=" + tcpServer.droppedFrames());
            }
        }
    }

    private static void paint(final UnsafeBuffer px, final long k)
    {
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                final int i = (y * W + x) * 4;
                px.putByte(i, (byte)(x + k * 4));
                px.putByte(i + 1, (byte)(y + k * 2));
                px.putByte(i + 2, (byte)(k * 8));
                px.putByte(i + 3, (byte)255);
            }
        }
    }

    private static String host(final String hostPort)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("expected HOST:PORT, got " + hostPort);
        }
        return hostPort.substring(0, colon);
    }

    private static int port(final String hostPort)
    {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
