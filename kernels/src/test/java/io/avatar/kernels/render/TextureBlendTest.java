package io.avatar.kernels.render;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextureBlendTest
{
    private static final int OUT = 256;
    private static final float FOCAL = 1000f;
    private static final float DISTANCE = 100f;

    /** A square in the z = 0 plane covering the frame, textured with the whole portrait. */
    private static RenderMesh square(final int texSide)
    {
        final float half = 0.5f * OUT * DISTANCE / FOCAL;
        final float[] p = {-half, half, 0, half, half, 0, half, -half, 0, -half, -half, 0};
        final float[] tc = {0, 0, texSide, 0, texSide, texSide, 0, texSide};
        return new RenderMesh(p, new float[]{1, 1, 1, 1}, tc, new int[0], new int[0], new int[0],
            new int[]{0, 2, 1, 0, 3, 2});
    }

    private static RenderCamera camera(final int side)
    {
        return RenderCamera.frontal(side, side, FOCAL * side / OUT, 0f, 0f, DISTANCE, new float[]{0, 0, 0});
    }

    private static int[] noise(final int side, final long seed)
    {
        final Random rnd = new Random(seed);
        final int[] px = new int[side * side];
        for (int i = 0; i < px.length; i++)
        {
            px[i] = 0xFF000000 | rnd.nextInt(0x1000000);
        }
        return px;
    }

    /** The portrait with two blocks (left, right half) replaced by other noise; region map: the two halves. */
    private record Fixture(RenderTexture portrait, RenderTexture target, DetailTexture detail)
    {
    }

    private static Fixture fixture(final int side)
    {
        final int[] p = noise(side, 1);
        final int[] t = p.clone();
        final int[] other = noise(side, 2);
        final byte[] regions = new byte[side * side];
        for (int y = side / 4; y < side / 2; y++)
        {
            for (int x = side / 8; x < 7 * side / 8; x++)
            {
                t[y * side + x] = other[y * side + x];
                regions[y * side + x] = (byte)(x < side / 2 ? 1 : 2);
            }
        }
        final RenderTexture target = new RenderTexture(side, side, t);
        return new Fixture(new RenderTexture(side, side, p), target, new DetailTexture(target, regions, 2));
    }

    private static FaceRenderer renderer(final Fixture f, final boolean withDetail)
    {
        final int side = f.portrait().width();
        return new FaceRenderer(square(side), camera(side), f.portrait(), withDetail ? f.detail() : null,
            solidTexture(0), solidTexture(0xFF000000), OUT, OUT, false);
    }

    private static RenderTexture solidTexture(final int argb)
    {
        final int[] px = new int[4];
        Arrays.fill(px, argb);
        return new RenderTexture(2, 2, px);
    }

    @Test
    void shouldHoldTheTargetsPrefilteredTexelsAtOneAndThePortraitsAtZero()
    {
        // 1030 px at a 256 output: halved twice to 257, so the box filter's rounding is in play
        final Fixture f = fixture(1030);
        final FaceRenderer r = renderer(f, true);
        final long[] portrait = FaceRenderer.lanes(FaceRenderer.prefiltered(f.portrait(), OUT, OUT).pixels());
        final long[] target = FaceRenderer.lanes(FaceRenderer.prefiltered(f.target(), OUT, OUT).pixels());
        assertEquals(257 * 257, portrait.length);
        assertFalse(Arrays.equals(portrait, target));
        assertEquals(2, r.blendRegions());
        assertArrayEquals(portrait, r.portraitLanes(), "amount 0 at construction");
        assertTrue(r.blend(0, 1f));
        assertTrue(r.blend(1, 1f));
        assertArrayEquals(target, r.portraitLanes(), "amount 1 on both regions draws the target's own texels");
        assertTrue(r.blend(0, 0f));
        final long[] rightOnly = r.portraitLanes().clone();
        final int half = 257 / 2;
        for (int i = 0; i < portrait.length; i++)
        {
            // the box filter joins the two halves' columns at the seam: a texel there belongs to one region only
            final int x = i % 257;
            if (x < half - 1)
            {
                assertEquals(portrait[i], rightOnly[i], "left region back at the portrait, texel " + i);
            }
            else if (x > half + 1)
            {
                assertEquals(target[i], rightOnly[i], "right region still at the target, texel " + i);
            }
        }
        assertTrue(r.blend(1, 0f));
        assertArrayEquals(portrait, r.portraitLanes(), "amount 0 on both regions draws the portrait again");
        // the CUDA renderer's host copy (ARGB, writeArgb) holds the same texels as the CPU renderer's lanes
        final RenderSetup setup = new RenderSetup(square(1030), camera(1030), f.portrait(), f.detail(),
            solidTexture(0), solidTexture(0xFF000000), OUT, OUT);
        final int[] argb = setup.portraitTexels().clone();
        final TextureBlend tables = setup.textureBlend();
        tables.writeArgb(0, 77, argb);
        tables.writeArgb(1, 200, argb);
        r.blend(0, 77f / TextureBlend.FULL);
        r.blend(1, 200f / TextureBlend.FULL);
        assertArrayEquals(FaceRenderer.lanes(argb), r.portraitLanes(), "ARGB and lane writers agree");
        for (int k = 0; k < 2; k++)
        {
            for (int i = 0; i < argb.length; i++)
            {
                final int y = i / 257;
                if (argb[i] != setup.portraitTexels()[i] && (i % 257 < half - 1 ? 0 : 1) == k)
                {
                    assertTrue(y >= tables.rowFrom(k) && y <= tables.rowTo(k), "changed texel inside its rows");
                }
            }
        }
        r.blend(0, 0f);
        r.blend(1, 0f);
        // in between: every channel between the two
        r.blend(0, 0.5f);
        r.blend(1, 0.5f);
        final long[] mid = r.portraitLanes();
        for (int i = 0; i < mid.length; i++)
        {
            for (int c = 0; c < 64; c += 16)
            {
                final long a = (portrait[i] >>> c) & 0xFF;
                final long b = (target[i] >>> c) & 0xFF;
                final long m = (mid[i] >>> c) & 0xFF;
                assertTrue(m >= Math.min(a, b) && m <= Math.max(a, b), "texel " + i + " outside its two ends");
                assertTrue(Math.abs(2 * m - a - b) <= 1, "texel " + i + " not half way: " + a + " " + m + " " + b);
            }
        }
    }

    @Test
    void shouldRenderTheTargetsFrameAtOneAndLeaveTheSharedTexelsAlone()
    {
        // 256 px at a 256 output: no pre-filter, so the renderer would share the portrait's own lanes
        final Fixture f = fixture(256);
        final long[] shared = f.portrait().lanes().clone();
        final FaceRenderer r = renderer(f, true);
        r.blend(0, 1f);
        r.blend(1, 1f);
        assertArrayEquals(shared, f.portrait().lanes(), "the shared texture's lanes are untouched");
        final float[] pose = new float[6];
        r.render(square(256).restPositions(), pose, 0);
        final FaceRenderer plainTarget = new FaceRenderer(square(256), camera(256), f.target(), solidTexture(0),
            solidTexture(0xFF000000), OUT, OUT, false);
        plainTarget.render(square(256).restPositions(), pose, 0);
        assertArrayEquals(plainTarget.rgb(), r.rgb(), "amount 1 renders the target's frame");
        r.blend(0, 0f);
        r.blend(1, 0f);
        r.render(square(256).restPositions(), pose, 0);
        final FaceRenderer plain = renderer(f, false);
        plain.render(square(256).restPositions(), pose, 0);
        assertArrayEquals(plain.rgb(), r.rgb(), "amount 0 renders the portrait's frame");
        assertEquals(0, plain.blendRegions());
        assertTrue(plain.portraitLanes() == f.portrait().lanes(), "without detail the renderer shares the lanes");
    }

    @Test
    void shouldSkipSmallChangesAndReachTheEndsExactly()
    {
        final FaceRenderer r = renderer(fixture(256), true);
        assertFalse(r.blend(0, 0f), "already at 0");
        assertFalse(r.blend(0, 1f / 80), "below one step");
        assertTrue(r.blend(0, 0.5f));
        assertEquals(128, r.blendLevel(0));
        assertFalse(r.blend(0, 0.5f), "unchanged");
        assertFalse(r.blend(0, 0.5f + 1f / 80), "below one step");
        assertTrue(r.blend(0, 0.5f + 1f / 40));
        assertTrue(r.blend(0, 2f), "clamped to 1");
        assertEquals(TextureBlend.FULL, r.blendLevel(0));
        assertFalse(r.blend(0, 1f));
        assertFalse(r.blend(0, 0.995f), "within a step of 1");
        assertTrue(r.blend(0, -1f), "clamped to 0, reached exactly");
        assertEquals(0, r.blendLevel(0));
    }

    @Test
    void shouldBlendWithoutAllocating()
    {
        final Fixture f = fixture(1030);
        final FaceRenderer r = renderer(f, true);
        final ThreadMXBean mx = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long tid = Thread.currentThread().threadId();
        for (int i = 0; i < 2000; i++)
        {
            r.blend(i & 1, (i & 2) == 0 ? 0.2f : 0.8f);
        }
        final int updates = 1000;
        final long before = mx.getThreadAllocatedBytes(tid);
        final long t0 = System.nanoTime();
        int written = 0;
        for (int i = 0; i < updates; i++)
        {
            written += r.blend(0, (i & 1) == 0 ? 0.2f : 0.8f) ? 1 : 0;
        }
        final long t1 = System.nanoTime();
        int steady = 0;
        for (int i = 0; i < updates; i++)
        {
            steady += r.blend(0, 0.8f + (i & 1) * 0.01f) ? 1 : 0;
        }
        final long t2 = System.nanoTime();
        final long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals(0, allocated, "blend allocated " + allocated + " bytes");
        assertEquals(updates, written);
        assertEquals(0, steady, "amounts within a step rewrite nothing");
        final RenderSetup setup = new RenderSetup(square(1030), camera(1030), f.portrait(), f.detail(),
            solidTexture(0), solidTexture(0xFF000000), OUT, OUT);
        System.out.printf("TextureBlend: %d texels per region update: %.1f us; unchanged amount: %.0f ns%n",
            setup.textureBlend().texels(0), (t1 - t0) / 1e3 / updates, (double)(t2 - t1) / updates);
    }

    @Test
    void shouldRefuseAMismatchedDetailTexture()
    {
        final Fixture f = fixture(256);
        final RenderTexture small = new RenderTexture(128, 128, new int[128 * 128]);
        final DetailTexture wrong = new DetailTexture(small, new byte[128 * 128], 1);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new RenderSetup(
            square(256), camera(256), f.portrait(), wrong, solidTexture(0), solidTexture(0), OUT, OUT));
        assertTrue(ex.getMessage().contains("128x128"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DetailTexture(small, new byte[10], 1));
        assertThrows(IllegalArgumentException.class, () -> new DetailTexture(small, new byte[128 * 128], 0));
        final byte[] bad = new byte[128 * 128];
        bad[5] = 3;
        assertThrows(IllegalArgumentException.class, () -> new DetailTexture(small, bad, 2));
        assertNull(new RenderSetup(square(256), camera(256), f.portrait(), solidTexture(0), solidTexture(0), OUT,
            OUT).textureBlend());
        assertNotNull(new RenderSetup(square(256), camera(256), f.portrait(), f.detail(), solidTexture(0),
            solidTexture(0), OUT, OUT).textureBlend());
    }
}
