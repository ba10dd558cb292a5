package io.avatar.transport.webrtc;

import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.testing.TestPatternService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 connect/disconnect cycles of a publisher and a webrtc-java viewer (each cycle waits for decoded frames), with
 * resident memory and thread count measured after a warm-up and at the end: native objects not freed in the
 * documented order would show as growth here.
 */
@Tag("netns")
class ConnectCycleLeakTest
{
    private static final int WARMUP = 10;
    private static final int CYCLES = 100;
    /** Allowed RSS growth over the 90 measured cycles: allocator noise, not a per-cycle leak. */
    private static final long MAX_GROWTH_KB = 16 * 1024;

    @Test
    void shouldNotLeakAcrossAHundredConnectDisconnectCycles() throws Exception
    {
        Netns.require();
        try (TestPatternService service = new TestPatternService();
             SignallingThread signalling = new SignallingThread();
             TestReceiver.Shared rxShared = new TestReceiver.Shared())
        {
            final WebRtcFactories factories = signalling.call(WebRtcFactories::new);
            final SessionInfo s = service.createSession(new SessionRequest(null, null, 25, 160, 120));
            long rssStart = 0;
            int threadsStart = 0;
            final long t0 = System.nanoTime();
            for (int i = 0; i < CYCLES; i++)
            {
                if (i == WARMUP)
                {
                    System.gc();
                    rssStart = rssKb();
                    threadsStart = Thread.activeCount();
                }
                final TestReceiver rx = new TestReceiver(rxShared);
                final WebRtcPublisher pub = JavaPeerTestSupport.connect(signalling, factories, service, rx, s.id());
                try
                {
                    JavaPeerTest.await(() -> rx.frames.get() >= 3, 10_000, "frames in cycle " + i);
                }
                finally
                {
                    pub.close();
                    rx.close();
                }
            }
            System.gc();
            Thread.sleep(500);
            final long rssEnd = rssKb();
            final int threadsEnd = Thread.activeCount();
            final double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("leak test: %d cycles in %.1f s; RSS %d -> %d KiB (%+d KiB over %d cycles, %.1f KiB/cycle); "
                    + "Java threads %d -> %d%n", CYCLES, seconds, rssStart, rssEnd, rssEnd - rssStart, CYCLES - WARMUP,
                (rssEnd - rssStart) / (double)(CYCLES - WARMUP), threadsStart, threadsEnd);
            signalling.call(() ->
            {
                factories.close();
                return null;
            });
            assertTrue(rssEnd - rssStart < MAX_GROWTH_KB, "RSS grew by " + (rssEnd - rssStart) + " KiB over "
                + (CYCLES - WARMUP) + " cycles");
            assertTrue(threadsEnd <= threadsStart + 2, "Java threads grew from " + threadsStart + " to " + threadsEnd);
        }
    }

    private static long rssKb() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
