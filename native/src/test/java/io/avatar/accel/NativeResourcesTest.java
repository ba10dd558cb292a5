package io.avatar.accel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed PTX (what a GPU host without nvcc runs) must be compiled from the committed .cu source, with the
 * flags that keep the GPU's float maths identical to the JVM's. Runs in the default suite, without a GPU.
 */
class NativeResourcesTest
{
    private static final String[] ARCHES = {"sm_90", "sm_75"};

    private static Path repo()
    {
        return Path.of(System.getProperty("avatar.repo.dir", ".."));
    }

    private static Path cudaDir()
    {
        return repo().resolve("native/src/main/cuda");
    }

    private static Path committedDir()
    {
        return repo().resolve("native/src/main/resources/io/avatar/accel/cuda");
    }

    private static Properties manifest(final Path dir) throws IOException
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("avatar_render.manifest")))
        {
            p.load(in);
        }
        return p;
    }

    private static String sha256(final byte[] data) throws NoSuchAlgorithmException
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String target(final String ptx)
    {
        return ptx.lines().filter(l -> l.startsWith(".target ")).findFirst().orElse("(none)").substring(8).trim();
    }

    @Test
    void shouldCommitPtxCompiledFromTheCurrentSource() throws Exception
    {
        final Properties m = manifest(committedDir());
        final byte[] source = Files.readAllBytes(cudaDir().resolve(m.getProperty("source")));
        assertEquals(m.getProperty("source.sha256"), sha256(source),
            "avatar_render.cu changed since the PTX was generated: run native/src/main/cuda/build-ptx.sh and commit "
                + "native/src/main/resources/io/avatar/accel/cuda");
        assertTrue(m.getProperty("flags").contains("--fmad=false"), "the PTX must be built without fused mul-add");
        for (final String arch : ARCHES)
        {
            final byte[] ptx = Files.readAllBytes(committedDir().resolve(m.getProperty("ptx." + arch)));
            assertEquals(m.getProperty("ptx." + arch + ".sha256"), sha256(ptx), "PTX " + arch + " edited by hand?");
        }
    }

    @Test
    void shouldShipPtxForHopperAndAPortableTargetWithoutFusedMultiplyAdd()
    {
        for (final String arch : ARCHES)
        {
            final String ptx = CudaModule.readResource(CudaModule.RESOURCE_DIR + "avatar_render." + arch + ".ptx");
            assertEquals(arch, target(ptx));
            assertTrue(ptx.contains(".entry avatar_rasterize("), "kernel avatar_rasterize missing");
            assertTrue(ptx.contains(".entry avatar_resolve("), "kernel avatar_resolve missing");
            assertFalse(ptx.contains("fma.rn.f32"), "fused float mul-add would make the GPU differ from the JVM");
        }
        assertEquals(CudaModule.RESOURCE_DIR + "avatar_render.sm_90.ptx", CudaModule.ptxResource("avatar_render", 9));
        assertEquals(CudaModule.RESOURCE_DIR + "avatar_render.sm_75.ptx", CudaModule.ptxResource("avatar_render", 8));
    }

    @Test
    void shouldRegenerateIdenticalPtxWhenTheSameNvccIsPresent() throws Exception
    {
        final Path nvcc = Path.of(System.getenv().getOrDefault("NVCC", "/usr/local/cuda/bin/nvcc"));
        final Properties committed = manifest(committedDir());
        if (!Files.isExecutable(nvcc))
        {
            // no nvcc on this host: the committed PTX is what ships; its header was checked above
            assertNotNull(committed.getProperty("nvcc"));
            return;
        }
        final Path out = Files.createTempDirectory("ptx");
        try
        {
            final Process p = new ProcessBuilder("bash", cudaDir().resolve("build-ptx.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
            final String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc timed out");
            assertEquals(0, p.exitValue(), log);
            final Properties fresh = manifest(out);
            if (!fresh.getProperty("nvcc").equals(committed.getProperty("nvcc")))
            {
                // another nvcc version emits different (equally valid) PTX: only the source hash can be compared
                assertEquals(committed.getProperty("source.sha256"), fresh.getProperty("source.sha256"));
                return;
            }
            for (final String arch : ARCHES)
            {
                final String name = committed.getProperty("ptx." + arch);
                assertArrayEquals(Files.readAllBytes(committedDir().resolve(name)),
                    Files.readAllBytes(out.resolve(name)),
                    "committed " + name + " differs from what nvcc makes of the source: run build-ptx.sh");
            }
        }
        finally
        {
            try (var files = Files.list(out))
            {
                for (final Path f : (Iterable<Path>)files::iterator)
                {
                    Files.delete(f);
                }
            }
            Files.delete(out);
        }
    }
}
