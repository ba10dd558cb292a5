package io.avatar.engine.render;

import io.avatar.accel.CudaFaceRenderer;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.models.face.AvatarRenderer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One session's face on the GPU: deforms the rig on the CPU (a small matrix-vector product), renders it with the CUDA
 * renderer (same output as the CPU renderer to within 1/255 per channel) and copies the I420 frame from pinned memory
 * into the engine's frame buffer. Render stage's thread only; allocation-free per frame.
 */
public final class CudaAvatarFaceRenderer implements FaceRenderer
{
    private final AvatarRenderer avatar;
    private final CudaFaceRenderer gpu;
    private final int i420Bytes;

    /**
     * @param avatar the avatar (rig deformation; its CPU renderer stays unused).
     * @param gpu    the CUDA renderer built from {@code avatar.renderSetup()} (this object owns it from now on).
     */
    public CudaAvatarFaceRenderer(final AvatarRenderer avatar, final CudaFaceRenderer gpu)
    {
        if (gpu.blendRegions() != avatar.detailRegions())
        {
            throw new IllegalArgumentException("the CUDA renderer blends " + gpu.blendRegions()
                + " detail regions, the avatar has " + avatar.detailRegions() + ": build it from avatar.renderSetup()");
        }
        this.avatar = avatar;
        this.gpu = gpu;
        this.i420Bytes = gpu.width() * gpu.height() * 3 / 2;
    }

    @Override
    public int width()
    {
        return gpu.width();
    }

    @Override
    public int height()
    {
        return gpu.height();
    }

    @Override
    public void renderI420(final float[] weights, final float[] pose, final UnsafeBuffer dst, final int offset)
    {
        final float[] positions = avatar.deform(weights, pose);
        // the portrait's driven texture detail, as the CPU renderer blends it (AvatarRenderer.render)
        for (int r = 0; r < gpu.blendRegions(); r++)
        {
            gpu.blend(r, avatar.detailAmount(r, weights));
        }
        gpu.render(positions, pose, 0);
        dst.putBytes(offset, gpu.i420(), 0, i420Bytes);
    }

    /**
     * @return the CUDA renderer (for tests: {@code readRgb}).
     */
    public CudaFaceRenderer gpu()
    {
        return gpu;
    }

    @Override
    public void close()
    {
        gpu.close();
    }
}
