package io.avatar.transport.stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network trouble, with frames handed over directly as the output stage would: a server that accepts the TCP
 * connection and never answers (a hung RTMP server: calls stay short and allocation-free, frames beyond the queue are
 * dropped and counted, the stream fails with a clear message once the network timeout passes), and a server that
 * hangs up mid-stream (the stream fails with the reason).
 */
class StreamOutputStallTest
{
    private static final int W = 256;
    private static final int H = 256;
    private static final int FPS = 25;

    @Test
    void shouldDropFramesAndNeverBlockWhenTheServerHangsThenFailAfterTheTimeout() throws Exception
    {
        final AtomicReference<Socket> held = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0))
        {
            final Thread acceptor = new Thread(() ->
            {
                try
                {
                    held.set(server.accept()); // accept, then never read or write: the RTMP handshake hangs
                }
                catch (final java.io.IOException ignored)
                {
                    // The socket closed at the end of the test.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            final int queue = 8;
            final int timeoutMs = 1_500;
            final StreamSettings settings = StreamSettings.of(W, H, FPS).withQueueFrames(queue)
                .withIoTimeoutMs(timeoutMs);
            final long t0 = System.nanoTime();
            final StreamOutput out = new StreamOutput(StreamTarget.parse("rtmp://127.0.0.1:" + server.getLocalPort()
                + "/live/hung"), settings);
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(W * H * 3 / 2));
            final float[] audio = new float[640];
            final float[] weights = new float[52];
            final float[] pose = new float[6];
            final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
            final long tid = Thread.currentThread().threadId();

            // Warm up (class loading, JIT) on a few frames, then measure 200 more.
            for (int i = 0; i < 20; i++)
            {
                out.onFrame(1, i, i * 40_000_000L, frame, 0, W, H, audio, audio.length, weights, pose);
            }
            final long allocBefore = mx.getThreadAllocatedBytes(tid);
            long worstNs = 0;
            for (int i = 20; i < 220; i++)
            {
                final long s = System.nanoTime();
                out.onFrame(1, i, i * 40_000_000L, frame, 0, W, H, audio, audio.length, weights, pose);
                worstNs = Math.max(worstNs, System.nanoTime() - s);
            }
            final long allocated = mx.getThreadAllocatedBytes(tid) - allocBefore;
            assertEquals(0, allocated, "bytes allocated by 200 onFrame calls");
            // A call that waited on the hung connection would take the 1.5 s I/O timeout; the bar sits far below that
            // but above what a descheduled thread on a loaded 2-core CI box costs (132 ms seen; typical < 1 ms).
            assertTrue(worstNs < timeoutMs * 1_000_000L / 3, "an onFrame call took " + worstNs / 1e6 + " ms");

            final StreamStats during = out.stats();
            assertEquals(StreamOutput.State.CONNECTING, during.state(), during.describe());
            assertEquals(220 - queue, during.framesDropped(), during.describe());

            assertEquals(StreamOutput.State.FAILED, out.awaitConnected(timeoutMs + 5_000L));
            final double failSeconds = (System.nanoTime() - t0) / 1e9;
            // The timeout plus encoder set-up (JavaCV opens the encoders before connecting): seen 3.3-5.7 s on a
            // loaded 2-core machine.
            assertTrue(failSeconds < timeoutMs / 1e3 + 6, "failed after " + failSeconds + " s");
            assertTrue(out.failure().startsWith("cannot connect to rtmp://127.0.0.1:" + server.getLocalPort()
                + "/live/hung: Connection timed out ("), out.failure());
            assertTrue(out.awaitClosed(5_000));
            out.onFrame(1, 220, 220 * 40_000_000L, frame, 0, W, H, audio, audio.length, weights, pose);
            assertEquals(1, out.stats().framesRejected());
            System.out.println("hung server: " + out.stats().describe() + " after " + failSeconds + " s");
        }
        finally
        {
            final Socket s = held.get();
            if (s != null)
            {
                s.close();
            }
        }
    }

    @Test
    void shouldFailTheStreamWhenTheServerGoesAwayMidStream() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final String url = "rtmp://127.0.0.1:" + port + "/live/gone";
        try (StreamReceiver receiver = StreamReceiver.listen(url, "flv", FPS, port, false, 25))
        {
            final StreamOutput out = new StreamOutput(StreamTarget.parse(url), StreamSettings.of(W, H, FPS)
                .withIoTimeoutMs(2_000));
            assertEquals(StreamOutput.State.STREAMING, out.awaitConnected(10_000), out.failure());
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(W * H * 3 / 2));
            final float[] audio = new float[640];
            final float[] weights = new float[52];
            final float[] pose = new float[6];
            final long start = System.nanoTime();
            long failedAtFrame = -1;
            // Up to 10 s of frames in real time; the receiver hangs up after 1 s of them.
            for (int i = 0; i < 10 * FPS && failedAtFrame < 0; i++)
            {
                for (int p = 0; p < W * H; p += 64)
                {
                    frame.putByte(p, (byte)(i * 7 + p));
                }
                out.onFrame(1, i, i * 40_000_000L, frame, 0, W, H, audio, audio.length, weights, pose);
                if (out.state() == StreamOutput.State.FAILED)
                {
                    failedAtFrame = i;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0,
                    start + (i + 1) * 40_000_000L - System.nanoTime()));
            }
            receiver.await(5_000);
            final StreamStats s = out.stats();
            System.out.println("server gone after " + receiver.videoFrames + " frames: stream failed at frame "
                + failedAtFrame + "; " + s.describe());
            assertEquals(StreamOutput.State.FAILED, s.state(), s.describe());
            assertTrue(s.failure().startsWith("streaming to " + url + ": "), s.failure());
            assertTrue(failedAtFrame > 0 && failedAtFrame < 25 + 5 * FPS, "failed at frame " + failedAtFrame);
            assertTrue(out.awaitClosed(5_000), "writer thread still running");
        }
    }
}
