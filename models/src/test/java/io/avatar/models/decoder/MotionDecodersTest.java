package io.avatar.models.decoder;

import io.avatar.accel.TensorRt;
import io.avatar.accel.TrtEngineCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder backend choice where TensorRT is absent (every machine we have): the CPU decoder is used, the reason is
 * stated, and nothing is written to the plan cache.
 */
class MotionDecodersTest
{
    @TempDir
    Path cacheDir;

    @Test
    void shouldUseTheCpuDecoderAndSayWhyWhenTensorRtIsAbsent() throws Exception
    {
        try (MotionModel m = MotionDecoders.open(4, "auto", "TensorRT does not load: test", new TrtEngineCache(cacheDir)))
        {
            assertInstanceOf(OnnxMotionDecoder.class, m);
            assertEquals("cpu (TensorRT does not load: test)", MotionDecoders.backendDescription());
            final float[] windows = new float[m.windowFrames() * 80];
            final float[] weights = new float[52];
            final float[] pose = new float[6];
            m.run(windows, new float[110], 1, weights, pose);
            assertTrue(Float.isFinite(weights[0]) && Float.isFinite(pose[0]), "the CPU decoder runs");
        }
        try (var files = Files.list(cacheDir))
        {
            assertEquals(0, files.count(), "no plan is built or cached without TensorRT");
        }
    }

    @Test
    void shouldFailWhenTensorRtIsRequiredButAbsent()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> MotionDecoders.open(4, "tensorrt", "no CUDA driver (test)", new TrtEngineCache(cacheDir)));
        assertTrue(ex.getMessage().contains("no CUDA driver (test)"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> MotionDecoders.open(4, "cuda", null, new TrtEngineCache(cacheDir)));
    }

    @Test
    void shouldFollowTheRealProbeOnThisHost() throws Exception
    {
        final String cause = TensorRt.unavailabilityCause();
        try (MotionModel m = MotionDecoders.open(2, "auto", cause, new TrtEngineCache(cacheDir)))
        {
            if (cause != null)
            {
                assertInstanceOf(OnnxMotionDecoder.class, m);
                assertTrue(MotionDecoders.backendDescription().contains(cause), MotionDecoders.backendDescription());
                final IllegalStateException direct = assertThrows(IllegalStateException.class,
                    () -> new TrtMotionDecoder(null, new byte[0], 2, new TrtEngineCache(cacheDir)));
                assertTrue(direct.getMessage().contains(cause), direct.getMessage());
            }
            else
            {
                assertInstanceOf(TrtMotionDecoder.class, m, MotionDecoders.backendDescription());
            }
        }
    }
}
