package io.avatar.models.face;

import io.avatar.kernels.render.FaceRenderer;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvatarRendererTest
{
    private static final int SIZE = 512;
    private static FaceRig rig;
    private static Portrait portrait;
    private static RenderTexture atlas;

    @BeforeAll
    static void setUp() throws IOException
    {
        rig = FaceRig.loadDefault();
        portrait = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        atlas = MouthAtlas.generate();
    }

    private static float[] weights(final ArkitBlendshape b, final float w)
    {
        final float[] weights = new float[ArkitBlendshape.COUNT];
        weights[b.ordinal()] = w;
        return weights;
    }

    @Test
    void shouldChangeTheMouthRegionWhenTheJawOpens()
    {
        final AvatarRenderer r = new AvatarRenderer(rig, portrait, atlas, SIZE, SIZE);
        r.render(new float[52], new float[6]);
        final int[] closed = r.renderer().rgb().clone();
        final FaceRenderer k = r.renderer();
        final int x0 = (int)k.screenX(FaceLandmarkSets.RIGHT_MOUTH_CORNER);
        final int x1 = (int)k.screenX(FaceLandmarkSets.LEFT_MOUTH_CORNER);
        final int y0 = (int)k.screenY(0) - 4;
        final int y1 = (int)k.screenY(17) + 20;
        double previous = -1;
        for (final float w : new float[]{0.25f, 0.5f, 1f})
        {
            r.render(weights(ArkitBlendshape.jawOpen, w), new float[6]);
            double diff = 0;
            int dark = 0;
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    final int a = closed[y * SIZE + x];
                    final int b = r.renderer().rgb()[y * SIZE + x];
                    diff += Math.abs(luma(a) - luma(b));
                    dark += luma(b) < 60 ? 1 : 0;
                }
            }
            diff /= (double)(x1 - x0 + 1) * (y1 - y0 + 1);
            assertTrue(diff > previous, "mouth region changes more as the jaw opens: " + diff + " at " + w);
            previous = diff;
            if (w == 1f)
            {
                assertTrue(diff > 10, "mean mouth-region change at jawOpen 1: " + diff);
                assertTrue(dark > 200, "dark mouth cavity pixels: " + dark);
            }
        }
    }

    @Test
    void shouldStayFiniteAndOpaqueForRandomDrives()
    {
        final AvatarRenderer r = new AvatarRenderer(rig, portrait, atlas, 256, 256);
        final Random rnd = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            final float[] w = new float[52];
            for (int k = 0; k < 52; k++)
            {
                w[k] = rnd.nextFloat() < 0.3f ? rnd.nextFloat() : 0f;
            }
            final float[] pose = {(rnd.nextFloat() - 0.5f) * 0.5f, (rnd.nextFloat() - 0.5f) * 0.5f,
                (rnd.nextFloat() - 0.5f) * 0.3f, rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f, 0f};
            r.render(w, pose);
            for (int v = 0; v < rig.vertexCount(); v++)
            {
                assertTrue(Float.isFinite(r.renderer().screenX(v)) && Float.isFinite(r.renderer().screenY(v)));
            }
            for (final int p : r.renderer().rgb())
            {
                assertEquals(0xFF, p >>> 24, "opaque output");
            }
        }
    }

    @Test
    void shouldNotTearAtTheSkirtOrJawLineOnYawAndPitch()
    {
        final AvatarRenderer r = new AvatarRenderer(rig, portrait, atlas, SIZE, SIZE);
        final int[] outerRing = outerSkirtRing();
        r.render(new float[52], new float[6]);
        final double restSkirt = gradientAlong(r, outerRing);
        final double restJaw = gradientAlong(r, FaceLandmarkSets.FACE_OVAL);
        final double restOverall = meanGradient(r.renderer().rgb());
        for (final float[] pose : new float[][]{{0, 0.26f, 0, 0, 0, 0}, {0, -0.26f, 0, 0, 0, 0},
            {0.26f, 0, 0, 0, 0, 0}, {-0.26f, 0, 0, 0, 0, 0}})
        {
            r.render(new float[52], pose);
            final double skirt = gradientAlong(r, outerRing);
            final double jaw = gradientAlong(r, FaceLandmarkSets.FACE_OVAL);
            final double overall = meanGradient(r.renderer().rgb());
            assertTrue(skirt <= Math.max(1.5 * restSkirt, overall) + 2.0,
                "skirt boundary gradient " + skirt + " (rest " + restSkirt + ", frame mean " + overall + ")");
            assertTrue(jaw <= 1.5 * restJaw + 2.0, "face outline gradient " + jaw + " (rest " + restJaw + ")");
            assertTrue(overall < 1.5 * restOverall, "frame gradient " + overall + " (rest " + restOverall + ")");
        }
    }

    @Test
    void shouldRenderWithoutAllocating()
    {
        final AvatarRenderer r = new AvatarRenderer(rig, portrait, atlas, SIZE, SIZE);
        final float[] w = new float[52];
        final float[] pose = new float[6];
        final byte[] i420 = new byte[SIZE * SIZE * 3 / 2];
        for (int i = 0; i < 30; i++)
        {
            w[ArkitBlendshape.jawOpen.ordinal()] = (i % 10) / 10f;
            pose[1] = (i % 5) * 0.05f;
            r.render(w, pose);
            r.renderer().writeI420(i420);
        }
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50; i++)
        {
            w[ArkitBlendshape.jawOpen.ordinal()] = (i % 10) / 10f;
            w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = (i % 3) / 3f;
            pose[1] = (i % 5) * 0.05f;
            r.render(w, pose);
            r.renderer().writeI420(i420);
        }
        final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "bytes allocated by 50 frames: " + allocated);
    }

    @Test
    void shouldGiveIdenticalFramesFromRenderersRunningInParallel() throws Exception
    {
        final float[] w = weights(ArkitBlendshape.jawOpen, 0.6f);
        final float[] pose = {0.05f, 0.1f, 0f, 0f, 0f, 0f};
        final AvatarRenderer single = new AvatarRenderer(rig, portrait, atlas, 256, 256);
        single.render(w, pose);
        final int[] expected = single.renderer().rgb().clone();
        final ExecutorService pool = Executors.newFixedThreadPool(3);
        try
        {
            final java.util.List<Future<int[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                results.add(pool.submit(() ->
                {
                    final AvatarRenderer r = new AvatarRenderer(rig, portrait, atlas, 256, 256);
                    for (int k = 0; k < 20; k++)
                    {
                        r.render(weights(ArkitBlendshape.mouthSmileLeft, k / 20f), pose);
                    }
                    r.render(w, pose);
                    return r.renderer().rgb().clone();
                }));
            }
            for (final Future<int[]> f : results)
            {
                assertArrayEquals(expected, f.get());
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static int[] outerSkirtRing()
    {
        // skirt vertices pinned to the portrait (pin 0) form the outer ring
        final float[] pin = rig.pin();
        int n = 0;
        for (final float p : pin)
        {
            n += p == 0f ? 1 : 0;
        }
        final int[] ring = new int[n];
        int k = 0;
        for (int i = 0; i < pin.length; i++)
        {
            if (pin[i] == 0f)
            {
                ring[k++] = i;
            }
        }
        return ring;
    }

    /** Mean luminance gradient magnitude sampled along a closed polyline of projected vertices. */
    private static double gradientAlong(final AvatarRenderer r, final int[] loop)
    {
        final FaceRenderer k = r.renderer();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < loop.length; i++)
        {
            final int a = loop[i];
            final int b = loop[(i + 1) % loop.length];
            for (int s = 0; s < 8; s++)
            {
                final float t = s / 8f;
                final int x = Math.round(k.screenX(a) + t * (k.screenX(b) - k.screenX(a)));
                final int y = Math.round(k.screenY(a) + t * (k.screenY(b) - k.screenY(a)));
                if (x >= 1 && y >= 1 && x < k.width() - 1 && y < k.height() - 1)
                {
                    sum += gradient(k.rgb(), k.width(), x, y);
                    count++;
                }
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static double meanGradient(final int[] rgb)
    {
        double sum = 0;
        for (int y = 1; y < SIZE - 1; y++)
        {
            for (int x = 1; x < SIZE - 1; x++)
            {
                sum += gradient(rgb, SIZE, x, y);
            }
        }
        return sum / ((SIZE - 2) * (SIZE - 2));
    }

    private static double gradient(final int[] rgb, final int w, final int x, final int y)
    {
        final double gx = luma(rgb[y * w + x + 1]) - luma(rgb[y * w + x - 1]);
        final double gy = luma(rgb[(y + 1) * w + x]) - luma(rgb[(y - 1) * w + x]);
        return 0.5 * Math.hypot(gx, gy);
    }

    private static double luma(final int p)
    {
        return 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
    }
}
