package io.avatar.kernels.render;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static Path repo()
    {
        return Path.of(System.getProperty("avatar.repo.dir", ".."));
    }

    private static void run(final String what, final String... command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), what + " timed out");
        assertEquals(0, p.exitValue(), what + " failed: " + log);
    }

    @Test
    void shouldRenderExactlyAsTheCpuRendererWhenTheCudaSourceRunsOnTheCpu() throws Exception
    {
        final Path gpp = Path.of("/usr/bin/g++");
        Assumptions.assumeTrue(Files.isExecutable(gpp), "g++ is not installed: cannot compile the CUDA source for the "
            + "CPU (apt-get install g++)");
        final Path exe = tmp.resolve("avatar_render_host");
        run("g++", gpp.toString(), "-O2", "-std=c++17", "-ffp-contract=off", "-I",
            repo().resolve("native/src/main/cuda").toString(), "-o", exe.toString(),
            repo().resolve("native/src/test/cuda/avatar_render_host.cpp").toString());

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
            final Path in = tmp.resolve("in" + f);
            final Path out = tmp.resolve("out" + f);
            Files.write(in, input(setup, sx, sy, sz, 16));
            run("avatar_render_host", exe.toString(), in.toString(), out.toString());
            final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            final int[] rgb = new int[SIZE * SIZE];
            b.asIntBuffer().get(rgb);
            b.position(4 * rgb.length);
            final byte[] i420 = new byte[cpuI420.length];
            b.get(i420);
            assertEquals(0, b.getInt(), "fragment lists overflowed");
            assertEquals(0, RenderSetupTest.maxDiff(cpu.rgb(), rgb), "frame " + f + ": CUDA source differs from the "
                + "CPU renderer");
            cpu.writeI420(cpuI420);
            assertArrayEquals(cpuI420, i420, "I420 of frame " + f);
        }
    }

    /** The emulator's input file: see avatar_render_host.cpp. */
    static byte[] input(final RenderSetup s, final float[] sx, final float[] sy, final float[] sz,
        final int maxFragments)
    {
        final int n = s.vertexCount();
        final int npix = s.width() * s.height();
        final int bytes = 4 * 12 + 4 * 3 * n + 4 * 2 * n + 4 * s.triangles().length + s.faceCount()
            + 4 * s.faceNeighbours().length + 4 * (s.portraitTexels().length + s.atlasTexels().length + npix);
        final ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (final int v : new int[]{s.width(), s.height(), s.skirtCount(), s.mouthCount(), s.eyeCount(),
            s.faceCount(), s.portraitWidth(), s.portraitHeight(), s.atlasWidth(), s.atlasHeight(), maxFragments, n})
        {
            b.putInt(v);
        }
        for (final float[] a : new float[][]{sx, sy, sz})
        {
            for (int i = 0; i < n; i++)
            {
                b.putFloat(a[i]);
            }
        }
        for (final float v : s.texcoords())
        {
            b.putFloat(v);
        }
        for (final int v : s.triangles())
        {
            b.putInt(v);
        }
        b.put(s.faceOpenEdges());
        for (final int[] a : new int[][]{s.faceNeighbours(), s.portraitTexels(), s.atlasTexels(), s.background()})
        {
            for (final int v : a)
            {
                b.putInt(v);
            }
        }
        return b.array();
    }
}
