package io.avatar.kernels.render;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test helper: the CUDA renderer's source ({@code native/src/main/cuda/avatar_render.cu}) compiled as plain C++ for
 * the CPU by {@code native/src/test/cuda/avatar_render_host.cpp}, fed one frame at a time from a {@link RenderSetup}
 * and its projected vertices. Shared by the kernels test on the synthetic head and the engine test on the built-in
 * avatar (through the kernels test-jar). Test thread only.
 */
public final class CudaSourceEmulator
{
    private final Path dir;
    private final Path exe;
    private int frames;

    private CudaSourceEmulator(final Path dir, final Path exe)
    {
        this.dir = dir;
        this.exe = exe;
    }

    /**
     * Compiles the emulator with g++; skips the calling test (JUnit assumption) with a message when g++ is absent.
     *
     * @param dir a scratch folder (a {@code @TempDir}) for the executable and the per-frame files.
     * @return the compiled emulator.
     * @throws IOException          when g++ cannot be started.
     * @throws InterruptedException when interrupted while compiling.
     */
    public static CudaSourceEmulator compile(final Path dir) throws IOException, InterruptedException
    {
        final Path gpp = Path.of("/usr/bin/g++");
        Assumptions.assumeTrue(Files.isExecutable(gpp), "g++ is not installed: cannot compile the CUDA source for the "
            + "CPU (apt-get install g++)");
        final Path repo = Path.of(System.getProperty("avatar.repo.dir", ".."));
        final Path exe = dir.resolve("avatar_render_host");
        run("g++", gpp.toString(), "-O2", "-std=c++17", "-ffp-contract=off", "-I",
            repo.resolve("native/src/main/cuda").toString(), "-o", exe.toString(),
            repo.resolve("native/src/test/cuda/avatar_render_host.cpp").toString());
        return new CudaSourceEmulator(dir, exe);
    }

    private static void run(final String what, final String... command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), what + " timed out");
        assertEquals(0, p.exitValue(), what + " failed: " + log);
    }

    /**
     * What the emulator drew for one frame.
     *
     * @param rgb      the frame, {@code 0xAARRGGBB}, row-major.
     * @param i420     the frame converted to I420 by the CUDA source's converter.
     * @param overflow the emulator's fragment-list overflow count (0 when no list overflowed).
     */
    public record Frame(int[] rgb, byte[] i420, int overflow)
    {
    }

    /**
     * Renders one frame with the emulator.
     *
     * @param s            the setup tables.
     * @param sx           screen x per vertex (from {@link RenderSetup.Projector}).
     * @param sy           screen y per vertex.
     * @param sz           camera-space z per vertex.
     * @param maxFragments fragment-list length per pixel.
     * @return what it drew.
     * @throws IOException          when the files cannot be written or read, or the emulator cannot be started.
     * @throws InterruptedException when interrupted while it runs.
     */
    public Frame render(final RenderSetup s, final float[] sx, final float[] sy, final float[] sz,
        final int maxFragments) throws IOException, InterruptedException
    {
        return render(s, s.portraitTexels(), sx, sy, sz, maxFragments);
    }

    /**
     * Runs the kernels on one frame with other portrait texels than the setup's (what the CUDA renderer uploads after
     * blending a detail texture: {@code TextureBlend.writeArgb} on a copy of {@code s.portraitTexels()}).
     *
     * @param s              the renderer's tables.
     * @param portraitTexels the portrait texels to draw with, {@code s.portraitTexels().length} of them.
     * @param sx             screen x per vertex.
     * @param sy             screen y per vertex.
     * @param sz             camera-space z per vertex.
     * @param maxFragments   fragment-list length per pixel.
     * @return what it drew.
     * @throws IOException          when the files cannot be written or read, or the emulator cannot be started.
     * @throws InterruptedException when interrupted while it runs.
     */
    public Frame render(final RenderSetup s, final int[] portraitTexels, final float[] sx, final float[] sy,
        final float[] sz, final int maxFragments) throws IOException, InterruptedException
    {
        if (portraitTexels.length != s.portraitTexels().length)
        {
            throw new IllegalArgumentException("need " + s.portraitTexels().length + " portrait texels, got "
                + portraitTexels.length);
        }
        final Path in = dir.resolve("in" + frames);
        final Path out = dir.resolve("out" + frames);
        frames++;
        Files.write(in, input(s, portraitTexels, sx, sy, sz, maxFragments));
        run("avatar_render_host", exe.toString(), in.toString(), out.toString());
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        final int[] rgb = new int[s.width() * s.height()];
        b.asIntBuffer().get(rgb);
        b.position(4 * rgb.length);
        final byte[] i420 = new byte[rgb.length * 3 / 2];
        b.get(i420);
        return new Frame(rgb, i420, b.getInt());
    }

    /** The emulator's input file (layout in avatar_render_host.cpp). */
    private static byte[] input(final RenderSetup s, final int[] portraitTexels, final float[] sx, final float[] sy,
        final float[] sz, final int maxFragments)
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
        for (final int[] a : new int[][]{s.faceNeighbours(), portraitTexels, s.atlasTexels(), s.background()})
        {
            for (final int v : a)
            {
                b.putInt(v);
            }
        }
        return b.array();
    }
}
