package io.avatar.transport.api;

import java.nio.ByteBuffer;

/**
 * Receives one session's output. All methods are called on an engine thread, one at a time per listener, and must
 * not block or keep references to the buffers they are given after returning (the engine reuses them).
 */
public interface FrameListener
{
    /** Sample rate of {@link #onAudio} in Hz. */
    int AUDIO_SAMPLE_RATE = 48_000;
    /** Samples per {@link #onAudio} call: 10 ms at 48 kHz. */
    int AUDIO_CHUNK_SAMPLES = 480;

    /**
     * One video frame in planar I420: {@code width * height} Y bytes, then {@code (width/2) * (height/2)} U bytes,
     * then as many V bytes, tightly packed (no row padding), from {@code i420.position()}.
     *
     * @param i420   the frame; read-only for the listener, valid only during the call.
     * @param width  width in pixels (even).
     * @param height height in pixels (even).
     * @param ptsNs  presentation time in the session's audio clock, nanoseconds from session start.
     */
    void onVideoFrame(ByteBuffer i420, int width, int height, long ptsNs);

    /**
     * 10 ms of the session's audio output (the input speech delayed by the algorithmic latency, so lips and voice
     * stay in sync), mono, {@link #AUDIO_SAMPLE_RATE} Hz.
     *
     * @param pcm   samples in [-1, 1]; valid only during the call.
     * @param off   first sample.
     * @param len   number of samples, normally {@link #AUDIO_CHUNK_SAMPLES}.
     * @param ptsNs presentation time of the first sample, in the same clock as the video.
     */
    void onAudio(float[] pcm, int off, int len, long ptsNs);

    /**
     * The avatar started or stopped speaking (voice activity on the delayed output).
     *
     * @param speaking true when speech started, false when it ended.
     */
    default void onSpeaking(final boolean speaking)
    {
    }

    /**
     * The session was closed; no more calls follow.
     */
    default void onClosed()
    {
    }
}
