package io.avatar.engine.session;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a session's frames go (an MP4 file, WebRTC peers, a frame socket, a test). Called on the output stage's thread
 * with each frame and exactly the audio that belongs to it; a live output must return quickly and never block
 * (copy what it needs, hand it to its own thread).
 */
public interface FrameOutput
{
    /**
     * One video frame and its audio.
     *
     * @param sessionId  the session.
     * @param frameIndex video frame number since the session started.
     * @param ptsNs      presentation time on the session's audio clock.
     * @param i420       the frame (valid only during the call), or null in a motion-only session.
     * @param offset     offset of the frame in {@code i420}.
     * @param width      frame width.
     * @param height     frame height.
     * @param audio      16 kHz mono samples of this frame's interval (valid only during the call).
     * @param audioLen   number of samples.
     * @param weights    the 52 rig weights shown (valid only during the call).
     * @param pose       the 6 pose numbers shown (valid only during the call).
     */
    void onFrame(long sessionId, long frameIndex, long ptsNs, UnsafeBuffer i420, int offset, int width, int height,
        float[] audio, int audioLen, float[] weights, float[] pose);

    /**
     * The session ended; release what the output holds. Output stage thread.
     */
    default void onClose()
    {
    }
}
