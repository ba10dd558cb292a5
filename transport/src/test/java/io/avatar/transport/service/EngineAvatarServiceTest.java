package io.avatar.transport.service;

import io.avatar.transport.api.FrameListener;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.api.StyleChoice;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network API's engine (the one {@code avatar serve} runs) with a real live session: frames and 48 kHz audio
 * reach a listener at the real-time rate, and bad requests fail for the caller only.
 */
class EngineAvatarServiceTest
{
    /** Counts what a WebRTC publisher would receive. */
    static final class CountingListener implements FrameListener
    {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong audioSamples = new AtomicLong();
        volatile int lastBytes;
        volatile int width;
        volatile boolean closed;
        /** Media time of the first and the latest frame, and the audio delivered before the latest one. */
        volatile long firstPtsNs = -1;
        volatile long lastPtsNs;
        volatile long audioBeforeLastFrame;

        @Override
        public void onVideoFrame(final ByteBuffer i420, final int w, final int h, final long ptsNs)
        {
            lastBytes = i420.remaining();
            width = w;
            if (firstPtsNs < 0)
            {
                firstPtsNs = ptsNs;
            }
            audioBeforeLastFrame = audioSamples.get();
            lastPtsNs = ptsNs;
            frames.incrementAndGet();
        }

        @Override
        public void onAudio(final float[] pcm, final int off, final int len, final long ptsNs)
        {
            audioSamples.addAndGet(len);
        }

        @Override
        public void onClosed()
        {
            closed = true;
        }
    }

    @Test
    void shouldStreamFramesAndAudioOfALiveSessionToListeners()
    {
        try (EngineAvatarService service = new EngineAvatarService())
        {
            final SessionInfo s = service.createSession(new SessionRequest(null, StyleChoice.preset("calm"), 25,
                256, 256));
            final CountingListener l = new CountingListener();
            service.addFrameListener(s.id(), l);
            final float[] tone = new float[480];
            final long start = System.nanoTime();
            // 3 s of "microphone": 10 ms chunks at 48 kHz, in real time.
            for (int i = 0; i < 300; i++)
            {
                for (int j = 0; j < tone.length; j++)
                {
                    tone[j] = (float)(0.2 * Math.sin(2 * Math.PI * 220 * (i * 480 + j) / 48_000.0));
                }
                service.pushAudio(s.id(), tone, 0, tone.length, 48_000);
                LockSupport.parkNanos(Math.max(0, start + (i + 1) * 10_000_000L - System.nanoTime()));
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final long frames = l.frames.get();
            assertTrue(frames >= 0.8 * 25 * (seconds - 0.5), frames + " frames in " + seconds + " s");
            assertEquals(256 * 256 * 3 / 2, l.lastBytes);
            assertEquals(256, l.width);
            // Audio leaves with the frames, at 48 kHz: the audio sent before a frame covers the media time up to it.
            // (Compared on presentation times: frames the engine skipped under load still send their audio.)
            final long lastPts = l.lastPtsNs;
            final double audioSeconds = l.audioBeforeLastFrame / 48_000.0;
            final double videoSeconds = (lastPts - l.firstPtsNs) / 1e9;
            assertTrue(Math.abs(audioSeconds - videoSeconds) < 0.1, audioSeconds + " s of audio before the frame at "
                + videoSeconds + " s (" + frames + " frames)");
            final Map<String, Object> counters = service.counters(s.id());
            assertTrue(counters.containsKey("algorithmicLatencyMs"), counters.toString());

            assertThrows(IllegalArgumentException.class, () -> service.createSession(new SessionRequest(null,
                StyleChoice.preset("whisper"), 25, 256, 256)));
            assertThrows(IllegalArgumentException.class, () -> service.createSession(new SessionRequest(null, null, 25,
                300, 256)));
            assertThrows(IllegalArgumentException.class, () -> service.pushAudio(s.id(), tone, 0, 10, 2_000));
            assertThrows(NoSuchElementException.class, () -> service.interrupt("nope"));
            // The session is still alive after the bad calls.
            final long before = l.frames.get();
            LockSupport.parkNanos(400_000_000L);
            assertTrue(l.frames.get() > before, "session stopped after bad requests");

            service.closeSession(s.id());
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (!l.closed && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(10_000_000L);
            }
            assertTrue(l.closed, "listener not told the session closed");
        }
    }

    @Test
    void shouldNeverPassTheSessionLimitUnderConcurrentCreations() throws Exception
    {
        final String previous = System.getProperty(EngineAvatarService.MAX_SESSIONS_PROP_NAME);
        System.setProperty(EngineAvatarService.MAX_SESSIONS_PROP_NAME, "2");
        try (EngineAvatarService service = new EngineAvatarService())
        {
            final int callers = 6;
            final CountDownLatch go = new CountDownLatch(1);
            final ExecutorService pool = Executors.newFixedThreadPool(callers);
            final List<Future<SessionInfo>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++)
            {
                results.add(pool.submit(() ->
                {
                    go.await();
                    return service.createSession(new SessionRequest(null, null, 25, 256, 256));
                }));
            }
            go.countDown();
            int created = 0;
            int refused = 0;
            String lastId = null;
            for (final Future<SessionInfo> f : results)
            {
                try
                {
                    lastId = f.get().id();
                    created++;
                }
                catch (final ExecutionException ex)
                {
                    assertTrue(ex.getCause() instanceof IllegalStateException
                        && ex.getCause().getMessage().contains("session limit reached (2)"), ex.getCause().toString());
                    refused++;
                }
            }
            pool.shutdown();
            assertEquals(2, created);
            assertEquals(callers - 2, refused);
            assertEquals(2, service.sessions().size());

            // a close frees its slot; closing it twice names the session and frees nothing more
            final String closed = lastId;
            service.closeSession(closed);
            assertThrows(NoSuchElementException.class, () -> service.closeSession(closed));
            service.createSession(new SessionRequest(null, null, 25, 256, 256));
            assertThrows(IllegalStateException.class,
                () -> service.createSession(new SessionRequest(null, null, 25, 256, 256)));
        }
        finally
        {
            if (previous == null)
            {
                System.clearProperty(EngineAvatarService.MAX_SESSIONS_PROP_NAME);
            }
            else
            {
                System.setProperty(EngineAvatarService.MAX_SESSIONS_PROP_NAME, previous);
            }
        }
    }
}
