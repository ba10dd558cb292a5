package io.avatar.kernels.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CUDA renderer's source itself ({@code native/src/main/cuda/avatar_render.cu}), compiled as plain C++ for the
 * CPU by {@code native/src/test/cuda/avatar_render_host.cpp} (CUDA built-ins shimmed, grid run block by block in
 * reverse order), must reproduce the CPU renderer exactly on the 4-layer test head. This checks the kernels'
 * arithmetic, rounding and compositing without a GPU; what only a GPU does (atomics under contention, the driver,
 * the Java host code) is left to the gpu-tagged tests. Needs g++ (skipped with a message when absent).
 */
class CudaSourceEmulationTest
{
    private static final int SIZE = 256;

    @TempDir
    Path tmp;

    @Test
    void shouldRenderExactlyAsTheCpuRendererWhenTheCudaSourceRunsOnTheCpu() throws Exception
    {
        final CudaSourceEmulator emulator = CudaSourceEmulator.compile(tmp);
        final RenderSetupTest.HeadMesh head = new RenderSetupTest.HeadMesh();
        final RenderMesh mesh = head.mesh();
        final RenderTexture portrait = RenderSetupTest.texture(512, 512, false);
        final RenderTexture atlas = RenderSetupTest.texture(64, 32, true);
        final RenderTexture backdrop = RenderSetupTest.texture(300, 200, false);
        final FaceRenderer cpu = new FaceRenderer(mesh, head.camera, portrait, atlas, backdrop, SIZE, SIZE, false);
        final RenderSetup setup = new RenderSetup(mesh, head.camera, portrait, atlas, backdrop, SIZE, SIZE);
        final RenderSetup.Projector projector = setup.projector();
        final int n = mesh.vertexCount();
        final float[] sx = new float[n];
        final float[] sy = new float[n];
        final float[] sz = new float[n];
        final float[][] poses = {
            {0, 0, 0, 0, 0, 0},
            {0, 0.55f, 0, 0, 0, 0},     // strong yaw: back-facing cap triangles, silhouettes, overlaps
            {0.3f, -0.4f, 0.2f, 1.5f, -1f, 3f},
            {-0.25f, 0.2f, -0.3f, 0, 0, -5f},
        };
        final byte[] cpuI420 = new byte[SIZE * SIZE * 3 / 2];
        for (int f = 0; f < 2 * poses.length; f++)
        {
            final float[] p = mesh.restPositions().clone();
            if (f >= poses.length)
            {
                for (final int v : head.jaw) // jaw open: the lower face drops and comes forward
                {
                    p[3 * v + 1] -= 1.5f;
                    p[3 * v + 2] += 0.3f;
                }
            }
            final float[] pose = poses[f % poses.length];
            cpu.render(p, pose, 0);
            projector.project(p, pose, 0, sx, sy, sz);
            final CudaSourceEmulator.Frame out = emulator.render(setup, sx, sy, sz, 16);
            assertEquals(0, out.overflow(), "fragment lists overflowed");
            assertEquals(0, RenderSetupTest.maxDiff(cpu.rgb(), out.rgb()), "frame " + f + ": CUDA source differs "
                + "from the CPU renderer");
            cpu.writeI420(cpuI420);
            assertArrayEquals(cpuI420, out.i420(), "I420 of frame " + f);
        }
    }
}
