package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.avatar.transport.api.FrameListener;

import java.nio.ByteBuffer;

/**
 * Hands one session's frames and audio to a publisher's custom sources: I420 frames copied into native buffers,
 * 48 kHz float audio converted to 16-bit PCM in 10 ms chunks. Allocation-free per frame: the native buffers, their
 * plane views and the {@link VideoFrame}s wrapping them are a ring of {@link #POOL}, made once per frame size.
 *
 * <p>Why reusing a native buffer is safe: {@code pushFrame} gives WebRTC its own reference to the buffer (refcounted,
 * so it never frees under the encoder) and stamps the frame with the source's clock (the Java frame's timestamp is
 * not used, so one {@code VideoFrame} per buffer serves every push). The encoder reads the pixels on its queue
 * within a frame interval and keeps at most the newest pending frame; a buffer is rewritten {@link #POOL} frames
 * later (160 ms at 25 fps). An encoder stalled longer than that could send one torn frame, never touch freed memory.
 *
 * <p>With an {@link AudioPacer}, audio goes into this pusher's {@link PacedAudio} lane and the pacer thread hands it
 * to the audio source one 10 ms chunk per 10 ms; without one, each chunk is pushed as soon as it fills (in the
 * engine's per-frame bursts). Engine thread only (one call at a time), except where a method says otherwise.
 */
final class SourcePusher
{
    /** Native frame buffers in the ring. */
    static final int POOL = 4;

    private final CustomVideoSource video;
    private final CustomAudioSource audio;
    private final AudioPacer pacer;
    /** The paced lane, or {@code null} without a pacer (or after {@link #stopAudio()}). */
    private volatile PacedAudio lane;
    private final byte[] pcm16 = new byte[FrameListener.AUDIO_CHUNK_SAMPLES * 2];
    private final VideoFrame[] frames = new VideoFrame[POOL];
    private final ByteBuffer[] planes = new ByteBuffer[3 * POOL];
    private final int[] strides = new int[3 * POOL];
    private int poolWidth;
    private int poolHeight;
    private int next;
    private int filled;

    /**
     * @param video the video source frames go to.
     * @param audio the audio source chunks go to.
     * @param pacer the server's audio pacer, or {@code null} to push audio straight from the engine thread.
     */
    SourcePusher(final CustomVideoSource video, final CustomAudioSource audio, final AudioPacer pacer)
    {
        this.video = video;
        this.audio = audio;
        this.pacer = pacer;
        // one sink per pusher, made here: the pacer thread calls it per chunk without allocating
        this.lane = pacer == null ? null : pacer.register(pcm -> audio.pushAudio(pcm, 16,
            FrameListener.AUDIO_SAMPLE_RATE, 1, FrameListener.AUDIO_CHUNK_SAMPLES));
    }

    /**
     * Copies and pushes one frame. Engine thread.
     *
     * @param i420   tightly packed I420 from {@code i420.position()}.
     * @param width  width (even).
     * @param height height (even).
     */
    void pushVideo(final ByteBuffer i420, final int width, final int height)
    {
        if (width != poolWidth || height != poolHeight)
        {
            allocatePool(width, height);
        }
        final int k = next;
        next = (k + 1) % POOL;
        final int base = i420.position();
        copyPlane(i420, base, width, height, planes[3 * k], strides[3 * k]);
        final int cw = (width + 1) / 2;
        final int ch = (height + 1) / 2;
        copyPlane(i420, base + width * height, cw, ch, planes[3 * k + 1], strides[3 * k + 1]);
        copyPlane(i420, base + width * height + cw * ch, cw, ch, planes[3 * k + 2], strides[3 * k + 2]);
        video.pushFrame(frames[k]);
    }

    /** Setup, and when the frame size changes (rare): our references to the old buffers go, WebRTC's stay. */
    private void allocatePool(final int width, final int height)
    {
        close();
        for (int k = 0; k < POOL; k++)
        {
            final NativeI420Buffer buf = NativeI420Buffer.allocate(width, height);
            planes[3 * k] = buf.getDataY();
            planes[3 * k + 1] = buf.getDataU();
            planes[3 * k + 2] = buf.getDataV();
            strides[3 * k] = buf.getStrideY();
            strides[3 * k + 1] = buf.getStrideU();
            strides[3 * k + 2] = buf.getStrideV();
            // the timestamp is a placeholder: the custom source stamps every pushed frame with its own clock
            frames[k] = new VideoFrame(buf, 0);
        }
        poolWidth = width;
        poolHeight = height;
        next = 0;
    }

    /**
     * Converts and pushes audio; a 10 ms chunk goes out (or, paced, is queued) each time one fills. Engine thread.
     *
     * @param pcm samples in [-1, 1].
     * @param off first sample.
     * @param len number of samples.
     * @return chunks pushed or queued.
     */
    int pushAudio(final float[] pcm, final int off, final int len)
    {
        final PacedAudio l = lane;
        if (l != null)
        {
            return l.write(pcm, off, len);
        }
        if (pacer != null)
        {
            return 0; // audio stopped
        }
        int chunks = 0;
        for (int i = 0; i < len; i++)
        {
            final float v = pcm[off + i];
            final int s = (int)((v > 1f ? 1f : v < -1f ? -1f : v) * 32767f);
            pcm16[2 * filled] = (byte)s;
            pcm16[2 * filled + 1] = (byte)(s >> 8);
            if (++filled == FrameListener.AUDIO_CHUNK_SAMPLES)
            {
                audio.pushAudio(pcm16, 16, FrameListener.AUDIO_SAMPLE_RATE, 1, FrameListener.AUDIO_CHUNK_SAMPLES);
                chunks++;
                filled = 0;
            }
        }
        return chunks;
    }

    /**
     * Takes this pusher's lane off the pacer and waits until the pacer is not pushing into the audio source, so
     * the source can be disposed next. Any thread, after the last engine-thread push; idempotent.
     */
    void stopAudio()
    {
        final PacedAudio l = lane;
        if (l != null)
        {
            lane = null;
            pacer.unregister(l);
        }
    }

    /**
     * @return the paced lane, or {@code null} without a pacer or after {@link #stopAudio()}. Any thread.
     */
    PacedAudio lane()
    {
        return lane;
    }

    /**
     * Drops this pusher's references to its native buffers (WebRTC frees each when its own references go).
     * Engine thread, or any thread after the last push (the publisher waits for in-flight pushes first).
     */
    void close()
    {
        for (int k = 0; k < POOL; k++)
        {
            if (frames[k] != null)
            {
                frames[k].release();
                frames[k] = null;
            }
            planes[3 * k] = null;
            planes[3 * k + 1] = null;
            planes[3 * k + 2] = null;
        }
        poolWidth = 0;
        poolHeight = 0;
    }

    private static void copyPlane(final ByteBuffer src, final int srcOff, final int w, final int h,
        final ByteBuffer dst, final int dstStride)
    {
        for (int y = 0; y < h; y++)
        {
            dst.put(y * dstStride, src, srcOff + y * w, w);
        }
    }
}
