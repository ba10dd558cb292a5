package io.avatar.engine.core.event;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramePoolTest
{
    @Test
    void shouldLeaseEveryBufferOnceThenReportExhaustion()
    {
        try (FramePool pool = new FramePool(3, PixelFormat.I420.frameBytes(64, 32)))
        {
            assertEquals(64 * 32 * 3 / 2, pool.frameCapacity());
            final int a = pool.lease();
            final int b = pool.lease();
            final int c = pool.lease();
            assertNotEquals(a, b);
            assertNotEquals(b, c);
            assertNotEquals(a, c);
            assertEquals(FramePool.NO_FRAME, pool.lease());
            assertEquals(0, pool.available());
            assertTrue(pool.release(b));
            assertEquals(b, pool.lease());
            assertEquals(0, pool.buffer(a).addressOffset() & 63, "64-byte aligned");
        }
    }

    @Test
    void shouldFreeOnlyWhenTheLastHolderReleases()
    {
        try (FramePool pool = new FramePool(2, 16))
        {
            final int index = pool.lease();
            pool.retain(index); // fanned out to a second sink
            assertFalse(pool.release(index));
            assertEquals(1, pool.refCount(index));
            assertTrue(pool.release(index));
            assertThrows(IllegalStateException.class, () -> pool.release(index));
            assertThrows(IllegalStateException.class, () -> pool.retain(index));
        }
    }

    @Test
    void shouldCarryFramesByIndexWithoutCopying()
    {
        try (FramePool pool = new FramePool(4, PixelFormat.RGBA.frameBytes(8, 8)))
        {
            final VideoFrameEvent producerSlot = VideoFrameEvent.factory(pool).newInstance();
            final int index = pool.lease();
            pool.buffer(index).putInt(0, 0xCAFEBABE);
            producerSlot.bufferIndex(index);
            producerSlot.geometry(8, 8, PixelFormat.RGBA);
            assertSame(pool.buffer(index), producerSlot.buffer());
            assertEquals(0xCAFEBABE, producerSlot.buffer().getInt(0));
        }
    }

    @Test
    void shouldNeverHandTheSameBufferToTwoHoldersAcrossThreads() throws InterruptedException
    {
        final FramePool pool = new FramePool(8, 64);
        final AtomicInteger violations = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++)
        {
            final int token = t + 1;
            final Thread thread = new Thread(() ->
            {
                for (int i = 0; i < 100_000; i++)
                {
                    final int index = pool.lease();
                    if (index == FramePool.NO_FRAME)
                    {
                        continue;
                    }
                    pool.buffer(index).putInt(0, token);
                    if (pool.buffer(index).getInt(0) != token)
                    {
                        violations.incrementAndGet();
                    }
                    pool.release(index);
                }
                done.countDown();
            });
            thread.start();
        }
        done.await();
        assertEquals(0, violations.get());
        assertEquals(8, pool.available());
        pool.close();
        pool.close();
    }

    @Test
    void shouldRejectBadSizesNamingThem()
    {
        assertEquals("frame pool size=0 is outside [1, 4096]",
            assertThrows(IllegalArgumentException.class, () -> new FramePool(0, 16)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.I420.frameBytes(63, 32));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.RGB.frameBytes(0, 32));
        assertEquals("audio chunk capacity=0 samples is outside [1, 65536]",
            assertThrows(IllegalArgumentException.class, () -> AudioChunkEvent.factory(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AudioChunkEvent(640).sampleCount(641));
    }
}
