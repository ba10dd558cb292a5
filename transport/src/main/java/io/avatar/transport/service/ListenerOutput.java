package io.avatar.transport.service;

import io.avatar.engine.session.FrameOutput;
import io.avatar.kernels.dsp.Upsampler3x;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.transport.api.FrameListener;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * One live session's fan-out to its {@link FrameListener}s (WebRTC publishers, tests): each frame as I420, and the
 * frame's own audio upsampled to 48 kHz and cut into 10 ms chunks, so audio and video leave together. Runs on the
 * engine's output stage thread, allocation-free per frame: listeners are an array snapshot (replaced on the rare add
 * or remove, from any thread), and each engine frame buffer gets one reusable view, made the first time it is seen
 * (the engine's frame pool is fixed).
 */
final class ListenerOutput implements FrameOutput
{
    private static final int MOUTH = ArkitBlendshape.jawOpen.ordinal();
    /** More distinct engine buffers than this (a pool is a handful) and the view cache starts again. */
    private static final int MAX_VIEWS = 64;

    private volatile FrameListener[] listeners = new FrameListener[0];
    /** Engine buffer to a view of it whose position and limit are set per frame. Output thread only. */
    private final IdentityHashMap<ByteBuffer, ByteBuffer> views = new IdentityHashMap<>();
    private final Upsampler3x upsampler = new Upsampler3x();
    private final float[] audio48 = new float[48_000 * 4 * 3];
    private final float[] chunk = new float[FrameListener.AUDIO_CHUNK_SAMPLES];
    private int chunkFill;
    private long audioSamples48;
    private boolean speaking;
    private volatile boolean closed;

    /**
     * Adds a listener; one added after the session closed (a race with closing) gets {@code onClosed} at once, on
     * the caller's thread, instead of waiting forever.
     */
    void add(final FrameListener l)
    {
        synchronized (this)
        {
            if (!closed)
            {
                final FrameListener[] old = listeners;
                final FrameListener[] now = Arrays.copyOf(old, old.length + 1);
                now[old.length] = l;
                listeners = now;
                return;
            }
        }
        l.onClosed();
    }

    synchronized void remove(final FrameListener l)
    {
        final FrameListener[] old = listeners;
        for (int i = 0; i < old.length; i++)
        {
            if (old[i] == l)
            {
                final FrameListener[] now = new FrameListener[old.length - 1];
                System.arraycopy(old, 0, now, 0, i);
                System.arraycopy(old, i + 1, now, i, old.length - i - 1);
                listeners = now;
                return;
            }
        }
    }

    boolean isClosed()
    {
        return closed;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        final FrameListener[] ls = listeners;
        if (i420 != null)
        {
            final ByteBuffer frame = view(i420, offset, width * height * 3 / 2);
            for (final FrameListener l : ls)
            {
                l.onVideoFrame(frame, width, height, ptsNs);
            }
        }
        final int n = Math.min(audioLen, audio48.length / Upsampler3x.FACTOR);
        upsampler.process(audio, 0, n, audio48, 0);
        final int total = n * Upsampler3x.FACTOR;
        for (int i = 0; i < total; i++)
        {
            chunk[chunkFill++] = audio48[i];
            if (chunkFill == chunk.length)
            {
                final long pts = audioSamples48 * 1_000_000_000L / FrameListener.AUDIO_SAMPLE_RATE;
                for (final FrameListener l : ls)
                {
                    l.onAudio(chunk, 0, chunk.length, pts);
                }
                audioSamples48 += chunk.length;
                chunkFill = 0;
            }
        }
        final boolean nowSpeaking = weights[MOUTH] > 0.05f;
        if (nowSpeaking != speaking)
        {
            speaking = nowSpeaking;
            for (final FrameListener l : ls)
            {
                l.onSpeaking(nowSpeaking);
            }
        }
    }

    /** A view of {@code length} bytes of the engine buffer at {@code offset}, reused for that buffer. */
    private ByteBuffer view(final UnsafeBuffer i420, final int offset, final int length)
    {
        final ByteBuffer raw = i420.byteBuffer();
        if (raw == null)
        {
            throw new IllegalStateException("engine frame buffers must wrap a ByteBuffer (got an address-only buffer)");
        }
        ByteBuffer v = views.get(raw);
        if (v == null)
        {
            if (views.size() >= MAX_VIEWS)
            {
                views.clear();
            }
            v = raw.duplicate();
            views.put(raw, v);
        }
        final int start = i420.wrapAdjustment() + offset;
        // a listener may have moved the position: reset both ends before setting the frame's range
        v.limit(v.capacity()).position(start).limit(start + length);
        return v;
    }

    @Override
    public void onClose()
    {
        final FrameListener[] ls;
        synchronized (this)
        {
            closed = true;
            ls = listeners;
            listeners = new FrameListener[0];
        }
        for (final FrameListener l : ls)
        {
            l.onClosed();
        }
    }
}
