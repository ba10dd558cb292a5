package io.avatar.kernels.render;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WarpSamplerTest
{
    private static RenderTexture noise(final int w, final int h, final long seed)
    {
        final Random r = new Random(seed);
        final int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++)
        {
            px[i] = r.nextInt();
        }
        return new RenderTexture(w, h, px);
    }

    /** The filter written out per channel in plain integers: two-stage bilinear with 8-bit weights, floors. */
    private static int reference(final RenderTexture t, final int fu, final int fv)
    {
        final int x = fu >> 16;
        final int y = fv >> 16;
        final int ax = (fu >> 8) & 0xFF;
        final int ay = (fv >> 8) & 0xFF;
        int out = 0;
        for (int sh = 0; sh < 32; sh += 8)
        {
            final int c00 = (t.pixel(x, y) >>> sh) & 0xFF;
            final int c01 = (t.pixel(x + 1, y) >>> sh) & 0xFF;
            final int c10 = (t.pixel(x, y + 1) >>> sh) & 0xFF;
            final int c11 = (t.pixel(x + 1, y + 1) >>> sh) & 0xFF;
            final int top = (c00 * (256 - ax) + c01 * ax) >> 8;
            final int bottom = (c10 * (256 - ax) + c11 * ax) >> 8;
            out |= ((top * (256 - ay) + bottom * ay) >> 8) << sh;
        }
        return out;
    }

    @Test
    void shouldMatchThePerChannelFilterOnEveryLaneIncludingAlpha()
    {
        final RenderTexture tex = noise(64, 48, 1);
        final WarpSampler s = new WarpSampler(tex);
        final Random r = new Random(2);
        final int n = 20000;
        final float[] mx = new float[n];
        final float[] my = new float[n];
        for (int i = 0; i < n; i++)
        {
            mx[i] = 0.5f + r.nextFloat() * 62.9f;
            my[i] = 0.5f + r.nextFloat() * 46.9f;
        }
        final int[] out = new int[n];
        s.remap(mx, my, out, n);
        for (int i = 0; i < n; i++)
        {
            final int fu = (int)((mx[i] - 0.5f) * 65536f);
            final int fv = (int)((my[i] - 0.5f) * 65536f);
            assertEquals(Integer.toHexString(reference(tex, fu, fv)), Integer.toHexString(out[i]), "sample " + i);
        }
    }

    @Test
    void shouldReproduceTheTextureUnderTheIdentityMap()
    {
        final RenderTexture tex = noise(32, 32, 3);
        final float[] mx = new float[32 * 32];
        final float[] my = new float[32 * 32];
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                mx[y * 32 + x] = x + 0.5f;
                my[y * 32 + x] = y + 0.5f;
            }
        }
        final int[] out = new int[32 * 32];
        new WarpSampler(tex).remap(mx, my, out, out.length);
        // the last row and column sit on the clamp (weight 255/256 on the edge texel, like the renderer's clamp)
        for (int y = 0; y < 31; y++)
        {
            for (int x = 0; x < 31; x++)
            {
                assertEquals(tex.pixel(x, y), out[y * 32 + x], "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void shouldLeaveUnmappedPixelsAndClampPastTheBorder()
    {
        final RenderTexture tex = noise(16, 16, 4);
        final float[] mx = {-1f, 3.5f, 100f, -20f, 0f};
        final float[] my = {5.5f, -1f, 100f, 0.5f, 0f};
        final int[] out = {7, 8, 9, 10, 11};
        new WarpSampler(tex).remap(mx, my, out, 5);
        assertEquals(7, out[0]);
        assertEquals(8, out[1]);
        assertEquals(10, out[3]);
        // far past the bottom-right corner: the last position whose footprint is inside (255/256 on the corner
        // texel); at (0, 0) (left of and above the first centre): the first texel
        assertEquals(reference(tex, (15 << 16) - 1, (15 << 16) - 1), out[2]);
        assertEquals(tex.pixel(0, 0), out[4]);
    }

    @Test
    void shouldRejectShortMaps()
    {
        final WarpSampler s = new WarpSampler(noise(4, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> s.remap(new float[3], new float[4], new int[4], 4));
    }
}
