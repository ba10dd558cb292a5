package io.avatar.engine.session;

import io.avatar.models.rig.ArkitBlendshape;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Pipeline-test renderer: draws a white bar whose height is the jawOpen weight on a black I420 frame, so a test can
 * read the motion back out of the pixels.
 */
final class BarTestRenderer implements FaceRenderer
{
    private final int w;
    private final int h;
    boolean closed;

    BarTestRenderer(final int w, final int h)
    {
        this.w = w;
        this.h = h;
    }

    @Override
    public int width()
    {
        return w;
    }

    @Override
    public int height()
    {
        return h;
    }

    @Override
    public void renderI420(final float[] weights, final float[] pose, final UnsafeBuffer dst, final int offset)
    {
        final int bar = Math.round(weights[ArkitBlendshape.jawOpen.ordinal()] * h);
        for (int y = 0; y < h; y++)
        {
            final byte v = (byte)(y < bar ? 235 : 16);
            for (int x = 0; x < w; x++)
            {
                dst.putByte(offset + y * w + x, v);
            }
        }
        for (int i = w * h; i < w * h * 3 / 2; i++)
        {
            dst.putByte(offset + i, (byte)128);
        }
    }

    static float barOf(final UnsafeBuffer frame, final int offset, final int w, final int h)
    {
        int rows = 0;
        for (int y = 0; y < h; y++)
        {
            if ((frame.getByte(offset + y * w) & 0xFF) > 128)
            {
                rows++;
            }
        }
        return (float)rows / h;
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
