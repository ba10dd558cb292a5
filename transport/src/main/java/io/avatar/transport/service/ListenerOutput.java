package io.avatar.transport.service;

import io.avatar.engine.session.FrameOutput;
import io.avatar.kernels.dsp.Upsampler3x;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.transport.api.FrameListener;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One live session's fan-out to its {@link FrameListener}s (WebRTC publishers, tests): each frame as I420, and the
 * frame's own audio upsampled to 48 kHz and cut into 10 ms chunks, so audio and video leave together. Runs on the
 * engine's output stage thread; listeners are added and removed from any thread (copy-on-write list: writes are rare,
 * reads every frame).
 */
final class ListenerOutput implements FrameOutput
{
    private static final int MOUTH = ArkitBlendshape.jawOpen.ordinal();

    private final CopyOnWriteArrayList<FrameListener> listeners = new CopyOnWriteArrayList<>();
    private final Upsampler3x upsampler = new Upsampler3x();
    private final float[] audio48 = new float[48_000 * 4 * 3];
    private final float[] chunk = new float[FrameListener.AUDIO_CHUNK_SAMPLES];
    private int chunkFill;
    private long audioSamples48;
    private boolean speaking;
    private volatile boolean closed;

    void add(final FrameListener l)
    {
        listeners.add(l);
    }

    void remove(final FrameListener l)
    {
        listeners.remove(l);
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
        if (i420 != null)
        {
            final ByteBuffer raw = i420.byteBuffer();
            final int start = i420.wrapAdjustment() + offset;
            final ByteBuffer frame = raw.duplicate().position(start).limit(start + width * height * 3 / 2);
            for (final FrameListener l : listeners)
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
                for (final FrameListener l : listeners)
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
            for (final FrameListener l : listeners)
            {
                l.onSpeaking(nowSpeaking);
            }
        }
    }

    @Override
    public void onClose()
    {
        closed = true;
        for (final FrameListener l : listeners)
        {
            l.onClosed();
        }
        listeners.clear();
    }
}
