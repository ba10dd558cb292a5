package io.avatar.engine.render;

import io.avatar.kernels.render.DetailTexture;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.DrivenDetail;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.ArkitBlendshape;

import java.io.IOException;

/**
 * Test helper: the built-in avatar with a driven detail texture, for comparing the CUDA renderer's blend (and its
 * source emulated on the CPU) with the CPU renderer's: the target is the painting with a band across the lower face
 * darkened and tinted (every texel there differs), split into the subject's two sides, driven by
 * {@code mouthSmileLeft} (full at 1) and {@code mouthSmileRight} (full at 0.8). The built-in portrait is 1024 px, so
 * at a 512 output the pre-filter halves it and the blend runs on pre-filtered texels. Any thread.
 */
final class DetailTestPortrait
{
    private DetailTestPortrait()
    {
    }

    /**
     * @return the portrait.
     * @throws IOException when the canonical mesh cannot be loaded.
     */
    static Portrait create() throws IOException
    {
        final Portrait b = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        final RenderTexture img = b.image();
        final int w = img.width();
        final int h = img.height();
        final int[] target = new int[w * h];
        final byte[] regions = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                final int p = img.pixel(x, y);
                if (y >= 0.55 * h && y < 0.75 * h && x >= 0.2 * w && x < 0.8 * w)
                {
                    final int r = Math.max(0, ((p >> 16) & 0xFF) - 60);
                    final int g = Math.max(0, ((p >> 8) & 0xFF) - 90);
                    final int bl = Math.min(255, (p & 0xFF) + 40);
                    target[y * w + x] = 0xFF000000 | r << 16 | g << 8 | bl;
                    // the image's right half is the subject's left
                    regions[y * w + x] = (byte)(x >= w / 2 ? 1 : 2);
                }
                else
                {
                    target[y * w + x] = p;
                }
            }
        }
        final DrivenDetail detail = new DrivenDetail(new DetailTexture(new RenderTexture(w, h, target), regions, 2),
            new int[]{ArkitBlendshape.mouthSmileLeft.ordinal(), ArkitBlendshape.mouthSmileRight.ordinal()},
            new float[]{1f, 0.8f});
        return new Portrait(img, b.background(), b.landmarkPixels(), b.identityOffsets(), b.camera(),
            b.mouthPalette(), detail);
    }

    /**
     * @return the frames of the blend test: smile weights left, right per frame (the amounts 0, in between, the full
     *     amounts, a change below one step, and back to 0 on one side).
     */
    static float[][] smiles()
    {
        return new float[][]{{0f, 0f}, {0.5f, 0.3f}, {1f, 0.8f}, {1f, 0.805f}, {0f, 0.9f}, {0.2f, 0f}};
    }

    /**
     * @param smile one of {@link #smiles()}: left, right.
     * @return rig weights with only those two smiles set.
     */
    static float[] weights(final float[] smile)
    {
        final float[] w = new float[ArkitBlendshape.COUNT];
        w[ArkitBlendshape.mouthSmileLeft.ordinal()] = smile[0];
        w[ArkitBlendshape.mouthSmileRight.ordinal()] = smile[1];
        return w;
    }
}
