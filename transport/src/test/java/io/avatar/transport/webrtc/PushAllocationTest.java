package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.avatar.transport.api.FrameListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap allocated on the engine thread per frame by the publisher's push path (one 512x512 frame and 40 ms of audio
 * in four 10 ms chunks), measured with {@code ThreadMXBean.getCurrentThreadAllocatedBytes} over many frames after
 * warm-up. Real webrtc-java sources and tracks (no peer: the native side drops the frames). With the
 * {@link AudioPacer}, the pacing thread's own allocation per 10 ms tick is measured too.
 */
@Tag("netns")
class PushAllocationTest
{
    private static final int SIZE = 512;
    private static final int FRAMES = 5_000;

    @Test
    void shouldPushFramesAndAudioWithoutAllocating()
    {
        final AudioDeviceModule adm = new AudioDeviceModule(AudioLayer.kDummyAudio);
        final PeerConnectionFactory factory = new PeerConnectionFactory(adm);
        final CustomVideoSource video = new CustomVideoSource();
        final CustomAudioSource audio = new CustomAudioSource();
        final VideoTrack vt = factory.createVideoTrack("v", video);
        final AudioTrack at = factory.createAudioTrack("a", audio);
        final SourcePusher pusher = new SourcePusher(video, audio, null);
        try
        {
            final ByteBuffer frame = ByteBuffer.allocateDirect(SIZE * SIZE * 3 / 2);
            final float[] chunk = new float[FrameListener.AUDIO_CHUNK_SAMPLES];
            for (int i = 0; i < chunk.length; i++)
            {
                chunk[i] = (float)(0.3 * Math.sin(i * 0.05));
            }
            run(pusher, frame, chunk, FRAMES); // warm-up: JIT, pools
            final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long before = mx.getCurrentThreadAllocatedBytes();
            final long t0 = System.nanoTime();
            run(pusher, frame, chunk, FRAMES);
            final long ns = System.nanoTime() - t0;
            final double perFrame = (mx.getCurrentThreadAllocatedBytes() - before) / (double)FRAMES;
            System.out.printf("publisher push path: %.1f bytes allocated per frame (512x512 + 4 audio chunks), "
                + "%.1f us per frame, over %d frames%n", perFrame, ns / 1e3 / FRAMES, FRAMES);
            assertTrue(perFrame < 16, perFrame + " bytes allocated per frame");
        }
        finally
        {
            pusher.close();
            vt.dispose();
            at.dispose();
            video.dispose();
            audio.dispose();
            factory.dispose();
            adm.dispose();
        }
    }

    @Test
    void shouldPaceAudioWithoutAllocatingOnEitherThread()
    {
        final AudioDeviceModule adm = new AudioDeviceModule(AudioLayer.kDummyAudio);
        final PeerConnectionFactory factory = new PeerConnectionFactory(adm);
        final CustomVideoSource video = new CustomVideoSource();
        final CustomAudioSource audio = new CustomAudioSource();
        final VideoTrack vt = factory.createVideoTrack("v", video);
        final AudioTrack at = factory.createAudioTrack("a", audio);
        final AudioPacer pacer = new AudioPacer(AudioPacer.DEFAULT_PRIME_MS);
        final SourcePusher pusher = new SourcePusher(video, audio, pacer);
        try
        {
            final ByteBuffer frame = ByteBuffer.allocateDirect(SIZE * SIZE * 3 / 2);
            final float[] chunk = new float[FrameListener.AUDIO_CHUNK_SAMPLES];
            for (int i = 0; i < chunk.length; i++)
            {
                chunk[i] = (float)(0.3 * Math.sin(i * 0.05));
            }
            // at the engine's pace (a frame and its 40 ms of audio every 40 ms), so the pacer really ticks
            paced(pusher, frame, chunk, 50);
            final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final PacedAudio lane = pusher.lane();
            final long before = mx.getCurrentThreadAllocatedBytes();
            final long pacerBefore = mx.getThreadAllocatedBytes(pacer.threadId());
            final long ticksBefore = lane.pushed() + lane.underruns();
            final int frames = 75;
            paced(pusher, frame, chunk, frames);
            final double perFrame = (mx.getCurrentThreadAllocatedBytes() - before) / (double)frames;
            final long ticks = lane.pushed() + lane.underruns() - ticksBefore;
            final long pacerBytes = mx.getThreadAllocatedBytes(pacer.threadId()) - pacerBefore;
            System.out.printf("paced push path: %.1f bytes per frame on the engine thread, %d bytes on the pacer "
                    + "thread over %d ticks (%d underruns, %d dropped so far)%n", perFrame, pacerBytes, ticks,
                lane.underruns(), lane.dropped());
            assertTrue(ticks >= frames * 4 / 2, "the pacer ticked only " + ticks + " times in " + frames * 40 + " ms");
            assertTrue(perFrame < 16, perFrame + " bytes allocated per frame on the engine thread");
            assertTrue(pacerBytes < ticks, pacerBytes + " bytes allocated by the pacer thread in " + ticks + " ticks");
        }
        finally
        {
            pusher.stopAudio();
            pusher.close();
            pacer.close();
            vt.dispose();
            at.dispose();
            video.dispose();
            audio.dispose();
            factory.dispose();
            adm.dispose();
        }
    }

    private static void paced(final SourcePusher pusher, final ByteBuffer frame, final float[] chunk,
        final int frames)
    {
        final long t0 = System.nanoTime();
        for (int f = 0; f < frames; f++)
        {
            run(pusher, frame, chunk, 1);
            final long wait = t0 + (f + 1) * 40_000_000L - System.nanoTime();
            if (wait > 0)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    private static void run(final SourcePusher pusher, final ByteBuffer frame, final float[] chunk, final int frames)
    {
        for (int f = 0; f < frames; f++)
        {
            frame.put(f % frame.capacity(), (byte)f);
            pusher.pushVideo(frame, SIZE, SIZE);
            for (int c = 0; c < 4; c++)
            {
                pusher.pushAudio(chunk, 0, chunk.length);
            }
        }
    }
}
