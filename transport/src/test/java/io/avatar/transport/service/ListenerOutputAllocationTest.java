package io.avatar.transport.service;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.transport.api.FrameListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap allocated per frame by the engine-to-listeners fan-out (512x512 I420 from a pool of engine buffers, 40 ms of
 * 16 kHz audio upsampled and cut into 10 ms chunks, two listeners), measured with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes} over many frames after warm-up; the listeners check what they
 * get.
 */
class ListenerOutputAllocationTest
{
    private static final int SIZE = 512;
    private static final int FRAMES = 20_000;
    private static final int POOL = 6;

    /** Counts and checks, without allocating. */
    private static final class Checking implements FrameListener
    {
        long frames;
        long samples;
        long badFrames;

        @Override
        public void onVideoFrame(final ByteBuffer i420, final int width, final int height, final long ptsNs)
        {
            frames++;
            if (i420.remaining() != width * height * 3 / 2 || i420.get(i420.position()) != (byte)(frames - 1))
            {
                badFrames++;
            }
        }

        @Override
        public void onAudio(final float[] pcm, final int off, final int len, final long ptsNs)
        {
            samples += len;
        }
    }

    @Test
    void shouldFanOutFramesAndAudioWithoutAllocating()
    {
        final ListenerOutput out = new ListenerOutput();
        final Checking a = new Checking();
        final Checking b = new Checking();
        out.add(a);
        out.add(b);
        final int bytes = SIZE * SIZE * 3 / 2;
        final UnsafeBuffer[] pool = new UnsafeBuffer[POOL];
        for (int i = 0; i < POOL; i++)
        {
            // like the engine's frame pool: a frame at an offset inside a larger direct buffer
            pool[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes + 128), 64, bytes);
        }
        final float[] audio = new float[640];
        final float[] weights = new float[ArkitBlendshape.COUNT];
        final float[] pose = new float[HeadPose.SIZE];
        run(out, pool, audio, weights, pose, 0, FRAMES);
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = mx.getCurrentThreadAllocatedBytes();
        run(out, pool, audio, weights, pose, FRAMES, FRAMES);
        final double perFrame = (mx.getCurrentThreadAllocatedBytes() - before) / (double)FRAMES;
        System.out.printf("listener fan-out: %.1f bytes allocated per frame (512x512, 40 ms audio, 2 listeners), "
            + "over %d frames%n", perFrame, FRAMES);
        assertEquals(2L * FRAMES, a.frames);
        assertEquals(0, a.badFrames + b.badFrames, "listeners saw wrong frame bytes");
        assertEquals(2L * FRAMES * 640 * 3, a.samples, "48 kHz samples: 3 per 16 kHz sample");
        assertTrue(perFrame < 16, perFrame + " bytes allocated per frame");
    }

    private static void run(final ListenerOutput out, final UnsafeBuffer[] pool, final float[] audio,
        final float[] weights, final float[] pose, final int first, final int frames)
    {
        for (int f = first; f < first + frames; f++)
        {
            final UnsafeBuffer buf = pool[f % POOL];
            buf.putByte(0, (byte)f);
            weights[ArkitBlendshape.jawOpen.ordinal()] = (f & 16) == 0 ? 0.3f : 0f;
            out.onFrame(1, f, f * 40_000_000L, buf, 0, SIZE, SIZE, audio, audio.length, weights, pose);
        }
    }
}
