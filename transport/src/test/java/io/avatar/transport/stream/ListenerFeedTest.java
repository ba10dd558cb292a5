package io.avatar.transport.stream;

import io.avatar.engine.core.clock.MediaTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ListenerFeed} driven exactly as the engine's listener fan-out calls it (a frame, then the audio up to
 * the frame's end in 10 ms chunks at 48 kHz, the last partial chunk held back; frames the engine skipped bring their
 * audio with the next frame), written to a real file and read back with FFmpeg: a stream started mid-session begins
 * at 0, audio stays continuous across skipped frames, and the feed allocates nothing.
 */
class ListenerFeedTest
{
    private static final int W = 128;
    private static final int H = 96;
    /** 30 fps: a frame is 1600 samples at 48 kHz, 3.33 chunks, so chunk and frame boundaries do not line up. */
    private static final int FPS = 30;

    @TempDir
    Path dir;

    @Test
    void shouldStreamAListenerFeedMidSessionWithContinuousAudioAndNoAllocation() throws Exception
    {
        final Path file = dir.resolve("feed.ts");
        final StreamOutput out = StreamOutput.forListener(StreamTarget.parse(file.toString()),
            StreamSettings.of(W, H, FPS).withQueueFrames(64), () ->
            {
            });
        assertEquals(StreamOutput.State.STREAMING, out.awaitConnected(10_000), out.failure());
        final ListenerFeed feed = new ListenerFeed(out);
        final ByteBuffer frame = ByteBuffer.allocateDirect(W * H * 3 / 2);
        final float[] chunk = new float[480];
        final int first = 90;
        final int frames = 60;
        final int skippedFrom = 30;
        final int skippedTo = 35;
        // the listener fan-out's chunk counter: it has delivered whole chunks up to about frame 90's start
        long sent = 3 * MediaTime.firstSampleOfFrame(first, FPS) / 480 * 480;
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long tid = Thread.currentThread().threadId();
        long allocated = 0;
        for (int i = 0; i < frames; i++)
        {
            if (i >= skippedFrom && i < skippedTo)
            {
                continue; // the engine skipped these frames: no call; their audio comes with the next frame
            }
            final long k = first + i;
            for (int p = 0; p < W * H; p += 16)
            {
                frame.put(p, (byte)(i * 5 + p));
            }
            final long before = mx.getThreadAllocatedBytes(tid);
            feed.onVideoFrame(frame, W, H, MediaTime.framePtsNs(k, FPS));
            final long end = 3 * MediaTime.firstSampleOfFrame(k + 1, FPS);
            while (sent + chunk.length <= end)
            {
                for (int j = 0; j < chunk.length; j++)
                {
                    chunk[j] = (float)(0.3 * Math.sin(2 * Math.PI * 440 * (sent + j) / 48_000.0));
                }
                feed.onAudio(chunk, 0, chunk.length, sent * 1_000_000_000L / 48_000);
                sent += chunk.length;
            }
            // the first frames load classes; count the rest
            allocated += i < 5 ? 0 : mx.getThreadAllocatedBytes(tid) - before;
        }
        feed.onClosed();
        assertTrue(out.awaitClosed(10_000), "writer still running");
        assertEquals(0, allocated, "bytes allocated by the feed");

        final StreamStats s = out.stats();
        System.out.println("listener feed: " + s.describe());
        assertEquals(StreamOutput.State.CLOSED, s.state(), s.describe());
        assertEquals(frames - (skippedTo - skippedFrom), s.framesWritten(), s.describe());
        assertEquals(skippedTo - skippedFrom, s.gapFrames(), s.describe());
        assertEquals(0, s.framesDropped(), s.describe());
        assertEquals(48_000, s.audioRate());
        // continuous audio from the first frame's start to where the fan-out's last whole chunk ended
        assertEquals(sent - 3 * MediaTime.firstSampleOfFrame(first, FPS), s.audioSamples(), s.describe());

        final StreamReceiver r = StreamReceiver.readFile(file, FPS);
        System.out.printf("read back: %d frames, first at %.3f s; %.3f s of audio from %.3f s%n", r.videoFrames,
            r.firstVideoTsUs / 1e6, r.audioSeconds(), r.firstAudioTsUs / 1e6);
        assertEquals(frames - (skippedTo - skippedFrom), r.videoFrames);
        // started mid-session, the stream begins at 0 (video at 0, audio within the encoder's priming)
        assertTrue(r.firstVideoTsUs < 100_000, "first frame at " + r.firstVideoTsUs + " us");
        assertTrue(Math.abs(r.audioSeconds() - frames / (double)FPS) < 0.05, r.audioSeconds() + " s of audio");
        assertTrue(r.audioRms() > 0.15, "the tone's rms is 0.21, read back " + r.audioRms());
    }
}
