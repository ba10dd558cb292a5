package io.avatar.engine.render;

import io.avatar.engine.session.FaceRenderer;
import io.avatar.models.face.AvatarRenderer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One session's face: deforms the rig with the frame's weights, renders it with the CPU warp renderer and copies the
 * I420 result into the engine's frame buffer. Render stage's thread only; allocation-free per frame.
 */
public final class AvatarFaceRenderer implements FaceRenderer
{
    private final AvatarRenderer renderer;
    private final byte[] i420;

    /**
     * @param renderer the avatar renderer (this object owns it from now on).
     */
    public AvatarFaceRenderer(final AvatarRenderer renderer)
    {
        this.renderer = renderer;
        this.i420 = new byte[renderer.renderer().width() * renderer.renderer().height() * 3 / 2];
    }

    @Override
    public int width()
    {
        return renderer.renderer().width();
    }

    @Override
    public int height()
    {
        return renderer.renderer().height();
    }

    @Override
    public void renderI420(final float[] weights, final float[] pose, final UnsafeBuffer dst, final int offset)
    {
        renderer.render(weights, pose);
        renderer.renderer().writeI420(i420);
        dst.putBytes(offset, i420);
    }

    /**
     * @return the underlying renderer (for RGB access in previews).
     */
    public AvatarRenderer avatar()
    {
        return renderer;
    }

    @Override
    public void close()
    {
        // Pure Java buffers: nothing native to free.
    }
}
