package io.avatar.transport.api;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What the network layer needs from the engine. Implemented by the engine (found through {@link java.util.ServiceLoader}
 * by {@code avatar serve}); called from Netty event-loop threads, the WebRTC signalling thread and WebRTC audio
 * threads, so every method must be thread-safe. Methods other than {@link #pushAudio} may block (portrait fitting in
 * {@link #createSession}, about a second; style extraction from a reference video in {@link #createSession} and
 * {@link #setStyle}, seconds): callers must not be event-loop threads. {@link #pushAudio} must not block: it is
 * called from a WebRTC audio thread every 10 ms.
 *
 * <p>Errors: bad input is an {@link IllegalArgumentException} whose message names what was wrong (the HTTP layer
 * turns it into a 400); an unknown session id is a {@link NoSuchElementException}; a limit reached is an
 * {@link IllegalStateException} (turned into a 429 or 503).
 */
public interface AvatarService
{
    /**
     * Creates a session and starts producing frames (idle motion) at once.
     *
     * @param request portrait, style, fps and frame size; validated by the implementation.
     * @return the new session.
     * @throws IllegalArgumentException naming the problem (no face in the portrait, unknown style preset, bad fps).
     * @throws IllegalStateException    when the engine cannot take another session.
     */
    SessionInfo createSession(SessionRequest request);

    /**
     * @return the live sessions, in creation order.
     */
    List<SessionInfo> sessions();

    /**
     * @param id session id.
     * @return the session.
     * @throws NoSuchElementException when no such session exists.
     */
    SessionInfo session(String id);

    /**
     * Stops a session; its frame listeners get {@link FrameListener#onClosed()} and no more frames.
     *
     * @param id session id.
     * @throws NoSuchElementException when no such session exists.
     */
    void closeSession(String id);

    /**
     * Feeds speech into a session. The implementation copies the samples before returning (the caller reuses the
     * array) and resamples as needed.
     *
     * @param id         session id.
     * @param pcm        mono samples in [-1, 1].
     * @param off        first sample.
     * @param len        number of samples.
     * @param sampleRate sample rate of {@code pcm} in Hz, 8000..96000.
     * @throws NoSuchElementException   when no such session exists.
     * @throws IllegalArgumentException on a bad range or sample rate.
     */
    void pushAudio(String id, float[] pcm, int off, int len, int sampleRate);

    /**
     * Barge-in: drops queued speech; the face returns to idle within one frame.
     *
     * @param id session id.
     * @throws NoSuchElementException when no such session exists.
     */
    void interrupt(String id);

    /**
     * Changes the speaking style (the engine blends to it smoothly). For a reference video, blocks until its style is
     * extracted; the session keeps its old style until then.
     *
     * @param id    session id.
     * @param style a preset name, a style file or a reference video.
     * @throws NoSuchElementException   when no such session exists.
     * @throws IllegalArgumentException when the preset is unknown, the style file is invalid, or no style can be
     *                                  extracted from the video (message says why).
     */
    void setStyle(String id, StyleChoice style);

    /**
     * @return names of the built-in style presets, for the web page's style list.
     */
    List<String> stylePresets();

    /**
     * Registers a listener for a session's frames, delayed audio and state changes. Callbacks come on an engine
     * thread and must not block.
     *
     * @param id       session id.
     * @param listener the listener.
     * @throws NoSuchElementException when no such session exists.
     */
    void addFrameListener(String id, FrameListener listener);

    /**
     * Unregisters a listener. After this returns the listener is not called again (an implementation that cannot
     * promise that must say so: the WebRTC publisher guards itself anyway). Unknown ids or listeners are ignored.
     *
     * @param id       session id.
     * @param listener the listener.
     */
    void removeFrameListener(String id, FrameListener listener);

    /**
     * @param id session id.
     * @return a snapshot of the session's counters (name to number or string), e.g. frames produced, frames
     *     dropped, audio chunks received, algorithmic latency in ms. Safe to serialise as JSON.
     * @throws NoSuchElementException when no such session exists.
     */
    Map<String, Object> counters(String id);
}
