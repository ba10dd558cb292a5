package io.avatar.accel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine cache's key and file logic, which is pure Java and runs everywhere (the plans here are stand-in bytes:
 * what the cache must get right is when it rebuilds, not what a plan contains).
 */
class TrtEngineCacheTest
{
    private static final String SHA = "d4e5b7b9239ac9201857e732ddef5a7cbefebd1b6160a7ac2640b51f4817742b";

    @TempDir
    Path dir;

    private static TrtEngineKey key(final String trt, final String cc, final int batch)
    {
        return new TrtEngineKey("decoder", SHA, trt, cc, batch, "fp32");
    }

    private static TrtEngineCache.PlanBuilder counting(final AtomicInteger builds, final byte[] plan)
    {
        return () ->
        {
            builds.incrementAndGet();
            return plan.clone();
        };
    }

    @Test
    void shouldBuildOnceThenReuseTheCachedPlan() throws IOException
    {
        final TrtEngineCache cache = new TrtEngineCache(dir);
        final AtomicInteger builds = new AtomicInteger();
        final byte[] plan = {1, 2, 3, 4, 5, 6, 7};
        final TrtEngineCache.Lookup first = cache.getOrBuild(key("11.2.0", "9.0", 16), counting(builds, plan));
        assertTrue(first.built());
        assertEquals("no cached engine", first.reason());
        assertEquals(dir.resolve("decoder.sm90.engine"), first.file());
        final TrtEngineCache.Lookup second = cache.getOrBuild(key("11.2.0", "9.0", 16), counting(builds, plan));
        assertFalse(second.built());
        assertEquals("cache hit", second.reason());
        assertArrayEquals(plan, second.plan());
        assertEquals(1, builds.get());
    }

    @Test
    void shouldRebuildWhenTheTensorRtVersionModelOrProfileChanges() throws IOException
    {
        final TrtEngineCache cache = new TrtEngineCache(dir);
        final AtomicInteger builds = new AtomicInteger();
        cache.getOrBuild(key("11.2.0", "9.0", 16), counting(builds, new byte[]{1}));
        final TrtEngineCache.Lookup upgraded = cache.getOrBuild(key("11.3.0", "9.0", 16), counting(builds,
            new byte[]{2}));
        assertTrue(upgraded.built());
        assertTrue(upgraded.reason().startsWith("key mismatch"), upgraded.reason());
        assertTrue(upgraded.reason().contains("tensorrt=11.2.0") && upgraded.reason().contains("tensorrt=11.3.0"));
        assertArrayEquals(new byte[]{2}, cache.getOrBuild(key("11.3.0", "9.0", 16), counting(builds, new byte[]{9}))
            .plan(), "the rebuilt plan replaced the old one");
        assertTrue(cache.getOrBuild(key("11.3.0", "9.0", 32), counting(builds, new byte[]{3})).built());
        final TrtEngineKey otherModel = new TrtEngineKey("decoder", SHA.replace('d', 'e'), "11.3.0", "9.0", 32, "fp32");
        assertTrue(cache.getOrBuild(otherModel, counting(builds, new byte[]{4})).built());
        // another GPU architecture has its own file and leaves this one alone
        assertTrue(cache.getOrBuild(key("11.3.0", "8.9", 32), counting(builds, new byte[]{5})).built());
        assertFalse(cache.getOrBuild(otherModel, counting(builds, new byte[]{6})).built());
        assertEquals(5, builds.get());
    }

    @Test
    void shouldRebuildACorruptOrTruncatedCacheFile() throws IOException
    {
        final TrtEngineCache cache = new TrtEngineCache(dir);
        final AtomicInteger builds = new AtomicInteger();
        final TrtEngineKey k = key("11.2.0", "9.0", 16);
        final byte[] plan = new byte[1000];
        for (int i = 0; i < plan.length; i++)
        {
            plan[i] = (byte)(i * 31);
        }
        final Path file = cache.getOrBuild(k, counting(builds, plan)).file();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x55;
        Files.write(file, bytes);
        final TrtEngineCache.Lookup flipped = cache.getOrBuild(k, counting(builds, plan));
        assertTrue(flipped.built());
        assertEquals("corrupt: plan SHA-256 does not match its header", flipped.reason());
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 300));
        final TrtEngineCache.Lookup truncated = cache.getOrBuild(k, counting(builds, plan));
        assertTrue(truncated.built());
        assertTrue(truncated.reason().startsWith("corrupt: plan length"), truncated.reason());
        Files.writeString(file, "garbage");
        assertTrue(cache.getOrBuild(k, counting(builds, plan)).reason().startsWith("corrupt"));
        assertArrayEquals(plan, cache.getOrBuild(k, counting(builds, plan)).plan());
        assertEquals(4, builds.get());
        try (var files = Files.list(dir))
        {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void shouldLeaveTheCacheUnchangedWhenTheBuildFails() throws IOException
    {
        final TrtEngineCache cache = new TrtEngineCache(dir);
        final IOException ex = assertThrows(IOException.class, () -> cache.getOrBuild(key("11.2.0", "9.0", 16), () ->
        {
            throw new IllegalStateException("TensorRT cannot parse decoder");
        }));
        assertTrue(ex.getMessage().contains("TensorRT cannot parse decoder"), ex.getMessage());
        assertFalse(Files.exists(dir.resolve("decoder.sm90.engine")));
    }

    @Test
    void shouldRejectBadKeysNamingThePart()
    {
        final IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
            () -> new TrtEngineKey("decoder", "abc", "11.2.0", "9.0", 16, "fp32"));
        assertTrue(a.getMessage().contains("SHA-256"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> key("11.2.0", "sm90", 16));
        assertThrows(IllegalArgumentException.class, () -> key("11.2.0", "9.0", 0));
        assertThrows(IllegalArgumentException.class,
            () -> new TrtEngineKey("decoder", SHA, "11.2.0", "9.0", 16, "int8"));
        assertThrows(IllegalArgumentException.class,
            () -> new TrtEngineKey("../etc", SHA, "11.2.0", "9.0", 16, "fp32"));
    }

    @Test
    void shouldStateWhyTensorRtIsUnavailable()
    {
        final AccelProbeResult killed = new AccelProbeResult(false, "disabled by test", true, 0, 0, 0, null, null, 0,
            null, "not probed");
        assertEquals("disabled by test", TensorRt.probe(killed));
        final String cause = TensorRt.unavailabilityCause();
        if (Accel.isAvailable())
        {
            // a TensorRT host: the parser must load as well
            assertEquals(null, cause);
        }
        else
        {
            assertEquals(Accel.unavailabilityCause(), cause);
        }
    }
}
