package io.avatar.engine.render;

import io.avatar.kernels.render.CudaSourceEmulator;
import io.avatar.kernels.render.RenderSetup;
import io.avatar.kernels.render.TextureBlend;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA renderer's kernels, compiled as C++ for the CPU (native/src/test/cuda/avatar_render_host.cpp), against
 * the CPU renderer on the real built-in avatar at 512x512: neutral, jawOpen, blink and yaw frames must be identical,
 * and the 16-entry fragment lists must never overflow. What the gpu-tagged test then adds is the device itself.
 * Needs g++ (skipped with a message when absent).
 */
class CudaSourceAvatarEmulationTest
{
    private static final int SIZE = 512;

    @TempDir
    Path tmp;

    @Test
    void shouldMatchTheCpuRendererOnTheBuiltInAvatar() throws Exception
    {
        final CudaSourceEmulator emulator = CudaSourceEmulator.compile(tmp);
        final AvatarRenderer cpu = FaceRenderers.builtIn(SIZE).avatar();
        final RenderSetup setup = cpu.renderSetup();
        final RenderSetup.Projector projector = setup.projector();
        final int n = setup.vertexCount();
        final float[] sx = new float[n];
        final float[] sy = new float[n];
        final float[] sz = new float[n];
        final byte[] cpuI420 = new byte[SIZE * SIZE * 3 / 2];
        for (final String name : AvatarTestFrames.NAMES)
        {
            final float[][] f = AvatarTestFrames.frame(name);
            final float[] pose = f[1];
            cpu.render(f[0], pose);
            projector.project(cpu.positions(), pose, 0, sx, sy, sz);
            final CudaSourceEmulator.Frame out = emulator.render(setup, sx, sy, sz, 16);
            assertEquals(0, out.overflow(), name + ": fragment lists overflowed");
            final int[] rgb = out.rgb();
            final int[] expected = cpu.renderer().rgb();
            int differing = 0;
            for (int i = 0; i < rgb.length; i++)
            {
                differing += rgb[i] != expected[i] ? 1 : 0;
            }
            assertEquals(0, differing, name + ": pixels differing from the CPU renderer");
            cpu.renderer().writeI420(cpuI420);
            assertArrayEquals(cpuI420, out.i420(), name + ": I420");
        }
    }

    /**
     * A portrait with a driven detail texture: the CUDA renderer's host copy of the texels, rewritten as its
     * {@code blend} rewrites them (same decision, {@code TextureBlend.writeArgb}), drawn by the kernels, equals the
     * CPU renderer's frame, which blends into its private lanes. What this leaves unverified is the device copy of the
     * rewritten rows (docs/GPU.md).
     */
    @Test
    void shouldMatchTheCpuRendererWhileBlendingADetailTexture() throws Exception
    {
        final CudaSourceEmulator emulator = CudaSourceEmulator.compile(tmp);
        final Portrait portrait = DetailTestPortrait.create();
        final AvatarRenderer cpu = new AvatarRenderer(FaceRenderers.rig(), portrait,
            MouthAtlas.generate(portrait.mouthPalette()), SIZE, SIZE);
        final RenderSetup setup = cpu.renderSetup();
        final TextureBlend blend = setup.textureBlend();
        assertEquals(2, blend.count());
        assertTrue(blend.texels(0) > 1000 && blend.texels(1) > 1000, "both regions have texels");
        final int[] texels = setup.portraitTexels().clone();
        final int[] levels = new int[2];
        final RenderSetup.Projector projector = setup.projector();
        final int n = setup.vertexCount();
        final float[] sx = new float[n];
        final float[] sy = new float[n];
        final float[] sz = new float[n];
        final float[] pose = {0.05f, 0.2f, 0f, 0f, 0f, 0f};
        for (final float[] smile : DetailTestPortrait.smiles())
        {
            final float[] w = DetailTestPortrait.weights(smile);
            cpu.render(w, pose);
            for (int r = 0; r < 2; r++)
            {
                final int level = TextureBlend.level(cpu.detailAmount(r, w));
                if (TextureBlend.changed(levels[r], level))
                {
                    blend.writeArgb(r, level, texels);
                    levels[r] = level;
                }
                assertEquals(cpu.renderer().blendLevel(r), levels[r], "region " + r + " level");
            }
            projector.project(cpu.positions(), pose, 0, sx, sy, sz);
            final CudaSourceEmulator.Frame out = emulator.render(setup, texels, sx, sy, sz, 16);
            assertEquals(0, out.overflow());
            assertArrayEquals(cpu.renderer().rgb(), out.rgb(), "smile " + smile[0] + " / " + smile[1]);
        }
    }
}
