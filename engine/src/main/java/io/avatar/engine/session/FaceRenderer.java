package io.avatar.engine.session;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Draws one session's face: rig weights and head pose in, an I420 frame out. One instance per session, used only by
 * the render stage's thread; allocation-free per frame.
 */
public interface FaceRenderer extends AutoCloseable
{
    /**
     * @return frame width in pixels (even).
     */
    int width();

    /**
     * @return frame height in pixels (even).
     */
    int height();

    /**
     * Renders one frame.
     *
     * @param weights 52 rig weights.
     * @param pose    6 pose numbers.
     * @param dst     destination buffer.
     * @param offset  offset of the I420 frame in the buffer (width*height*3/2 bytes).
     */
    void renderI420(float[] weights, float[] pose, UnsafeBuffer dst, int offset);

    @Override
    void close();
}
