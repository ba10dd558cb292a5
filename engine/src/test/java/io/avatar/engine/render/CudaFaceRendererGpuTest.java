package io.avatar.engine.render;

import io.avatar.accel.Accel;
import io.avatar.accel.CudaFaceRenderer;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA renderer against the CPU renderer on the real built-in avatar: max abs difference <= 1/255 per channel on
 * neutral, jawOpen, blink and yaw frames at the smallest, default and largest output sizes, and per-frame timing of
 * both. Needs a CUDA GPU: tagged {@code gpu}
 * (excluded by default; run with {@code ./avatar test-gpu}, see docs/GPU.md). On a host where the probe finds no CUDA
 * device it fails rather than skips: running the gpu group is a request to test the GPU.
 */
@Tag("gpu")
class CudaFaceRendererGpuTest
{
    private static final int TIMED_FRAMES = 300;

    private static int maxDiff(final int[] a, final int[] b, final int[] where)
    {
        int worst = 0;
        for (int i = 0; i < a.length; i++)
        {
            for (int sh = 0; sh < 24; sh += 8)
            {
                final int d = Math.abs(((a[i] >> sh) & 0xFF) - ((b[i] >> sh) & 0xFF));
                if (d > worst)
                {
                    worst = d;
                    where[0] = i;
                }
            }
        }
        return worst;
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 512, 1024})
    void shouldMatchTheCpuRendererWithinOneLevelAndReportTiming(final int size) throws Exception
    {
        assertTrue(Accel.probe().cudaAvailable(), "gpu tests need a CUDA device: " + Accel.probe().cudaCause());
        final AvatarRenderer cpu = FaceRenderers.builtIn(size).avatar();
        try (CudaFaceRenderer gpu = new CudaFaceRenderer(cpu.renderSetup(), CudaFaceRenderer.MAX_FRAGMENTS_DEFAULT))
        {
            System.out.println("device: " + gpu.deviceDescription());
            final int[] rgb = new int[size * size];
            final byte[] cpuI420 = new byte[size * size * 3 / 2];
            final byte[] gpuI420 = new byte[cpuI420.length];
            final int[] where = new int[1];
            for (final String name : AvatarTestFrames.NAMES)
            {
                final float[][] f = AvatarTestFrames.frame(name);
                cpu.render(f[0], f[1]);
                gpu.render(cpu.positions(), f[1], 0);
                gpu.readRgb(rgb);
                final int d = maxDiff(cpu.renderer().rgb(), rgb, where);
                int differing = 0;
                for (int i = 0; i < rgb.length; i++)
                {
                    differing += rgb[i] != cpu.renderer().rgb()[i] ? 1 : 0;
                }
                System.out.println(size + " " + name + ": max abs diff " + d + "/255, " + differing
                    + " pixels differ");
                assertTrue(d <= 1, name + ": max abs diff " + d + "/255 at pixel (" + where[0] % size + ", "
                    + where[0] / size + ")");
                cpu.renderer().writeI420(cpuI420);
                final ByteBuffer b = gpu.i420();
                b.get(0, gpuI420);
                int worstYuv = 0;
                for (int i = 0; i < gpuI420.length; i++)
                {
                    worstYuv = Math.max(worstYuv, Math.abs((cpuI420[i] & 0xFF) - (gpuI420[i] & 0xFF)));
                }
                assertTrue(worstYuv <= 1, name + ": I420 differs by " + worstYuv);
            }
            final float[][] f = AvatarTestFrames.frame("jawOpen");
            final long[] gpuNs = new long[TIMED_FRAMES];
            final long[] cpuNs = new long[TIMED_FRAMES];
            for (int i = 0; i < TIMED_FRAMES; i++)
            {
                f[1][1] = 0.4f * (float)Math.sin(i * 0.05);
                final float[] p = cpu.deform(f[0], f[1]);
                long t0 = System.nanoTime();
                gpu.render(p, f[1], 0);
                gpuNs[i] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                cpu.render(f[0], f[1]);
                cpuNs[i] = System.nanoTime() - t0;
            }
            Arrays.sort(gpuNs);
            Arrays.sort(cpuNs);
            System.out.printf("timing %dx%d over %d frames: CUDA p50 %.3f ms p99 %.3f ms (render incl. upload and "
                    + "I420 download); CPU p50 %.3f ms p99 %.3f ms%n", size, size, TIMED_FRAMES,
                gpuNs[TIMED_FRAMES / 2] / 1e6, gpuNs[TIMED_FRAMES * 99 / 100] / 1e6, cpuNs[TIMED_FRAMES / 2] / 1e6,
                cpuNs[TIMED_FRAMES * 99 / 100] / 1e6);
            // a frame must fit the 40 ms budget of 25 fps with room for the rest of the pipeline
            assertTrue(gpuNs[TIMED_FRAMES / 2] < 20_000_000L,
                "CUDA render p50 " + gpuNs[TIMED_FRAMES / 2] / 1e6 + " ms");
        }
    }

    /**
     * A portrait with a driven detail texture ({@link DetailTestPortrait}): the session renderers of both backends,
     * fed the same smile weights frame after frame, draw the same frames (each blends the changed regions; the CUDA
     * one copies the rewritten rows to the device), and the blend's row copies cost little.
     */
    @Test
    void shouldBlendADetailTextureAsTheCpuRendererDoes() throws Exception
    {
        assertTrue(Accel.probe().cudaAvailable(), "gpu tests need a CUDA device: " + Accel.probe().cudaCause());
        final int size = 512;
        final Portrait portrait = DetailTestPortrait.create();
        final RenderTexture atlas = MouthAtlas.generate(portrait.mouthPalette());
        final AvatarRenderer cpu = new AvatarRenderer(FaceRenderers.rig(), portrait, atlas, size, size);
        final AvatarRenderer forGpu = new AvatarRenderer(FaceRenderers.rig(), portrait, atlas, size, size);
        try (CudaAvatarFaceRenderer gpu = new CudaAvatarFaceRenderer(forGpu, new CudaFaceRenderer(
            forGpu.renderSetup(), CudaFaceRenderer.MAX_FRAGMENTS_DEFAULT)))
        {
            assertEquals(2, gpu.gpu().blendRegions());
            final UnsafeBuffer dst = new UnsafeBuffer(new byte[size * size * 3 / 2]);
            final int[] rgb = new int[size * size];
            final int[] where = new int[1];
            final float[] pose = {0.05f, 0.2f, 0f, 0f, 0f, 0f};
            for (final float[] smile : DetailTestPortrait.smiles())
            {
                final float[] w = DetailTestPortrait.weights(smile);
                cpu.render(w, pose);
                gpu.renderI420(w, pose, dst, 0);
                gpu.gpu().readRgb(rgb);
                final int d = maxDiff(cpu.renderer().rgb(), rgb, where);
                System.out.println("detail blend, smile " + smile[0] + " / " + smile[1] + ": max abs diff " + d
                    + "/255");
                assertTrue(d <= 1, "smile " + smile[0] + " / " + smile[1] + ": max abs diff " + d + "/255 at pixel ("
                    + where[0] % size + ", " + where[0] / size + ")");
            }
            final int updates = 200;
            final long t0 = System.nanoTime();
            for (int i = 0; i < updates; i++)
            {
                gpu.gpu().blend(0, (i & 1) == 0 ? 0.2f : 0.8f);
            }
            // the copies are queued on the renderer's stream: a frame waits for them
            gpu.gpu().render(forGpu.positions(), pose, 0);
            final long t1 = System.nanoTime();
            System.out.printf("CUDA detail blend: %d region updates with their row copies plus one frame: %.1f us "
                + "per update%n", updates, (t1 - t0) / 1e3 / updates);
        }
    }
}
