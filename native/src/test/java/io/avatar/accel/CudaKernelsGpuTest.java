package io.avatar.accel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed PTX loads on the GPU (the driver JIT-compiles both the sm_90 and the portable sm_75 text) and the
 * owners release in order. Needs a CUDA device: tagged {@code gpu}.
 */
@Tag("gpu")
class CudaKernelsGpuTest
{
    @Test
    void shouldJitBothPtxTargetsAndFindTheKernels()
    {
        assertTrue(Accel.probe().cudaAvailable(), "gpu tests need a CUDA device: " + Accel.probe().cudaCause());
        try (CudaContext ctx = CudaContext.openPrimary(0))
        {
            System.out.println("device " + ctx.deviceName() + " compute " + ctx.computeCapability());
            for (final int major : new int[]{9, 7})
            {
                if (major == 9 && ctx.computeMajor() < 9)
                {
                    continue;
                }
                final String res = CudaModule.ptxResource("avatar_render", major);
                final long t0 = System.nanoTime();
                try (CudaModule m = CudaModule.loadPtx(res, CudaModule.readResource(res)))
                {
                    assertFalse(m.function("avatar_rasterize").isNull());
                    assertFalse(m.function("avatar_resolve").isNull());
                }
                System.out.printf("%s: JIT + load %.1f ms%n", res, (System.nanoTime() - t0) / 1e6);
            }
            try (CudaStream s = CudaStream.create(); DeviceBuffer d = DeviceBuffer.allocate(1 << 20);
                PinnedBuffer h = PinnedBuffer.allocate(1 << 20))
            {
                d.fill32(0x01020304);
                d.download(h.pointer(), 1 << 20);
                s.synchronize();
                assertTrue(h.buffer().getInt(4092) == 0x01020304, "device memset/copy round trip");
            }
        }
    }
}
