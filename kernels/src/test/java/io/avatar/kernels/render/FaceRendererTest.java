package io.avatar.kernels.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceRendererTest
{
    private static final int SIZE = 256;
    private static final float FOCAL = 1000f;
    private static final float DISTANCE = 100f;

    /** A textured square in the z = 0 plane that exactly covers the frame under the frontal camera. */
    private static RenderMesh square(final boolean flipSecond, final float[] texcoords)
    {
        final float half = 0.5f * SIZE * DISTANCE / FOCAL;
        final float[] p = {-half, half, 0, half, half, 0, half, -half, 0, -half, -half, 0};
        // counter-clockwise seen from the front with y up = clockwise in the image
        final int[] face = flipSecond ? new int[]{0, 2, 1, 0, 2, 3} : new int[]{0, 2, 1, 0, 3, 2};
        return new RenderMesh(p, new float[]{1, 1, 1, 1}, texcoords, new int[0], new int[0], new int[0], face);
    }

    private static RenderTexture gradient()
    {
        final int[] px = new int[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++)
        {
            for (int x = 0; x < SIZE; x++)
            {
                px[y * SIZE + x] = 0xFF000000 | (x << 16) | (y << 8) | ((x ^ y) & 0xFF);
            }
        }
        return new RenderTexture(SIZE, SIZE, px);
    }

    private static RenderTexture solid(final int argb)
    {
        final int[] px = new int[4];
        java.util.Arrays.fill(px, argb);
        return new RenderTexture(2, 2, px);
    }

    private static RenderCamera camera()
    {
        return RenderCamera.frontal(SIZE, SIZE, FOCAL, 0f, 0f, DISTANCE, new float[]{0, 0, 0});
    }

    @Test
    void shouldReproduceTheTextureUnderAnIdentityWarp()
    {
        final RenderTexture tex = gradient();
        final RenderMesh mesh = square(false, new float[]{0, 0, SIZE, 0, SIZE, SIZE, 0, SIZE});
        final FaceRenderer r = new FaceRenderer(mesh, camera(), tex, solid(0), solid(0xFF000000), SIZE, SIZE, true);
        r.render(mesh.restPositions(), new float[6], 0);
        int worst = 0;
        for (int y = 1; y < SIZE - 1; y++)
        {
            for (int x = 1; x < SIZE - 1; x++)
            {
                final int a = r.rgb()[y * SIZE + x];
                final int b = tex.pixel(x, y);
                for (int s = 0; s < 24; s += 8)
                {
                    worst = Math.max(worst, Math.abs(((a >> s) & 0xFF) - ((b >> s) & 0xFF)));
                }
                assertEquals(x + 0.5f, r.warpX()[y * SIZE + x], 0.01f);
            }
        }
        assertTrue(worst <= 1, "identity warp differs from the texture by " + worst);
    }

    @Test
    void shouldSkipFoldedTriangles()
    {
        final RenderMesh mesh = square(true, new float[8]);
        final FaceRenderer r = new FaceRenderer(mesh, camera(), solid(0xFFFFFFFF), solid(0), solid(0xFF000000), SIZE,
            SIZE, false);
        r.render(mesh.restPositions(), new float[6], 0);
        int white = 0;
        for (final int p : r.rgb())
        {
            white += (p & 0xFFFFFF) == 0xFFFFFF ? 1 : 0;
        }
        // one triangle faces the camera, the other is wound backwards and must not be drawn
        assertTrue(Math.abs(white - SIZE * SIZE / 2) < SIZE * 2, "white pixels " + white);
    }

    @Test
    void shouldTurnTheHeadAboutThePivot()
    {
        final RenderMesh mesh = square(false, new float[8]);
        final FaceRenderer r = new FaceRenderer(mesh, camera(), solid(0xFFFFFFFF), solid(0), solid(0xFF000000), SIZE,
            SIZE, false);
        final float[] pose = {0, (float)Math.toRadians(20), 0, 0, 0, 0};
        r.render(mesh.restPositions(), pose, 0);
        // yaw turns the square about the vertical axis: its right edge (subject's left, +x) recedes from the camera
        assertTrue(r.screenX(1) < SIZE, "right edge moves in");
        final float leftHeight = r.screenY(3) - r.screenY(0);
        final float rightHeight = r.screenY(2) - r.screenY(1);
        assertTrue(leftHeight > rightHeight, "perspective: the nearer edge is taller");
    }

    @Test
    void shouldRejectBadSizes()
    {
        final RenderMesh mesh = square(false, new float[8]);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new FaceRenderer(mesh, camera(), solid(0), solid(0), solid(0), 200, 256, false));
        assertTrue(ex.getMessage().contains("width"), ex.getMessage());
    }

    @Test
    void shouldConvertToI420()
    {
        final int w = 4;
        final int h = 2;
        final int[] rgb = {0xFFFFFF, 0xFFFFFF, 0, 0, 0xFFFFFF, 0xFFFFFF, 0, 0};
        final byte[] out = new byte[w * h * 3 / 2];
        I420Converter.convert(rgb, w, h, out);
        assertEquals(235, out[0] & 0xFF);
        assertEquals(16, out[2] & 0xFF);
        assertEquals(128, out[8] & 0xFF, "U of white");
        assertEquals(128, out[10] & 0xFF, "V of white");
        final int[] red = {0xFF0000, 0xFF0000, 0xFF0000, 0xFF0000};
        final byte[] r = new byte[6];
        I420Converter.convert(red, 2, 2, r);
        assertEquals(82, r[0] & 0xFF, "Y of red (BT.601)");
        assertEquals(240, r[5] & 0xFF, "V of red");
    }
}
