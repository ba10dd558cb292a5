package io.avatar.engine.render;

import io.avatar.kernels.render.RenderSetup;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.rig.ArkitBlendshape;
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
    void shouldMatchTheCpuRendererOnTheBuiltInAvatar() throws Exception
    {
        final Path gpp = Path.of("/usr/bin/g++");
        Assumptions.assumeTrue(Files.isExecutable(gpp), "g++ is not installed: cannot compile the CUDA source for the "
            + "CPU (apt-get install g++)");
        final Path exe = tmp.resolve("avatar_render_host");
        run("g++", gpp.toString(), "-O2", "-std=c++17", "-ffp-contract=off", "-I",
            repo().resolve("native/src/main/cuda").toString(), "-o", exe.toString(),
            repo().resolve("native/src/test/cuda/avatar_render_host.cpp").toString());
        final AvatarRenderer cpu = FaceRenderers.builtIn(SIZE).avatar();
        final RenderSetup setup = cpu.renderSetup();
        final RenderSetup.Projector projector = setup.projector();
        final int n = setup.vertexCount();
        final float[] sx = new float[n];
        final float[] sy = new float[n];
        final float[] sz = new float[n];
        final byte[] cpuI420 = new byte[SIZE * SIZE * 3 / 2];
        final String[] names = {"neutral", "jawOpen", "blink", "yaw", "yawLeftTilt"};
        for (final String name : names)
        {
            final float[] w = new float[ArkitBlendshape.COUNT];
            final float[] pose = new float[6];
            switch (name)
            {
                case "jawOpen" -> w[ArkitBlendshape.jawOpen.ordinal()] = 0.8f;
                case "blink" ->
                {
                    w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
                    w[ArkitBlendshape.eyeBlinkRight.ordinal()] = 1f;
                }
                case "yaw" ->
                {
                    pose[0] = 0.08f;
                    pose[1] = 0.45f;
                    w[ArkitBlendshape.jawOpen.ordinal()] = 0.3f;
                }
                case "yawLeftTilt" ->
                {
                    pose[1] = -0.5f;
                    pose[2] = 0.15f;
                    pose[3] = 1f;
                }
                default ->
                {
                }
            }
            cpu.render(w, pose);
            projector.project(cpu.positions(), pose, 0, sx, sy, sz);
            final Path in = tmp.resolve(name + ".in");
            final Path out = tmp.resolve(name + ".out");
            Files.write(in, input(setup, sx, sy, sz, 16));
            run("avatar_render_host", exe.toString(), in.toString(), out.toString());
            final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            final int[] rgb = new int[SIZE * SIZE];
            b.asIntBuffer().get(rgb);
            b.position(4 * rgb.length);
            final byte[] i420 = new byte[cpuI420.length];
            b.get(i420);
            assertEquals(0, b.getInt(), name + ": fragment lists overflowed");
            final int[] expected = cpu.renderer().rgb();
            int differing = 0;
            for (int i = 0; i < rgb.length; i++)
            {
                differing += rgb[i] != expected[i] ? 1 : 0;
            }
            assertEquals(0, differing, name + ": pixels differing from the CPU renderer");
            cpu.renderer().writeI420(cpuI420);
            assertArrayEquals(cpuI420, i420, name + ": I420");
        }
    }

    /** The emulator's input file (layout in avatar_render_host.cpp). */
    private static byte[] input(final RenderSetup s, final float[] sx, final float[] sy, final float[] sz,
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
