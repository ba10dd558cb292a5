package io.avatar.accel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccelTest
{
    @Test
    void shouldHonourTheKillSwitchWithoutTouchingNativeCode()
    {
        final AccelProbeResult r = Accel.runProbe("disabled by test");
        assertFalse(r.available());
        assertTrue(r.disabledByUser());
        assertEquals("disabled by test", r.cause());
        assertNull(r.deviceName());
        assertFalse(r.cudaAvailable());
        assertEquals("disabled by test", r.cudaCause());
    }

    @Test
    void shouldExplainWhyTheGpuPathIsUnavailableOrDescribeTheDevice()
    {
        final AccelProbeResult r = Accel.runProbe(null);
        if (r.available())
        {
            assertNull(r.cause());
            assertTrue(r.deviceCount() > 0);
            assertNotNull(r.deviceName());
            assertNotNull(r.tensorRtVersion());
        }
        else
        {
            // On CI (no GPU) the cause must name what is missing rather than being empty.
            assertNotNull(r.cause());
            assertTrue(r.cause().length() > 10, r.cause());
            assertNotNull(r.tensorRtCause());
        }
        // CUDA alone (the face renderer) is usable exactly when a device was described
        assertEquals(r.deviceName() != null, r.cudaAvailable());
        assertEquals(r.cudaAvailable(), r.cudaCause() == null);
    }

    @Test
    void shouldCacheTheProbe()
    {
        assertSame(Accel.probe(), Accel.probe());
        assertEquals(Accel.probe().available(), Accel.isAvailable());
    }

    @Test
    void shouldFormatCudaVersions()
    {
        assertEquals("13.0", Accel.versionText(13000));
        assertEquals("12.4", Accel.versionText(12040));
    }
}
