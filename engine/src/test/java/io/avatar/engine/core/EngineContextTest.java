package io.avatar.engine.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EngineContextTest
{
    private static String rejection(final EngineContext context)
    {
        return assertThrows(IllegalArgumentException.class, context::conclude).getMessage();
    }

    @Test
    void shouldNamePropertyValueAndRangeOfEveryBadValue()
    {
        assertEquals("avatar.engine.ring.size=100 must be a power of two in [2, 1048576]",
            rejection(new EngineContext().ringSize(100)));
        assertEquals("avatar.engine.command.ring.size=0 must be a power of two in [2, 65536]",
            rejection(new EngineContext().commandRingSize(0)));
        assertEquals("avatar.engine.max.batch=0 is outside [1, 65536]", rejection(new EngineContext().maxBatch(0)));
        assertEquals("avatar.engine.command.drain.limit=5000 is outside [1, 1024]",
            rejection(new EngineContext().commandDrainLimit(5000)));
        assertEquals("avatar.engine.fps=24 must be 25 or 30", rejection(new EngineContext().fps(24)));
        assertEquals("avatar.engine.audio.chunk.samples=8 is outside [16, 16000]",
            rejection(new EngineContext().audioChunkSamples(8)));
        assertEquals("avatar.engine.deadline.budget.ms=0 is outside [1, 60000]",
            rejection(new EngineContext().deadlineBudgetMs(0)));
        assertEquals("avatar.engine.cycle.threshold.ms=-1 is outside [1, 60000]",
            rejection(new EngineContext().cycleThresholdMs(-1)));
        assertEquals("avatar.engine.frame.pool.size=1 is outside [2, 4096]",
            rejection(new EngineContext().framePoolSize(1)));
        assertEquals("avatar.engine.counters.max=8 is outside [16, 65536]",
            rejection(new EngineContext().countersMax(8)));
        assertEquals("avatar.engine.idle.strategy=spin must be one of backoff, yielding, busy-spin, sleeping",
            rejection(new EngineContext().idleStrategy("spin")));
        assertEquals("avatar.engine.threading.mode must be one of DEDICATED, SHARED, INVOKER",
            rejection(new EngineContext().threadingMode(null)));
    }

    @Test
    void shouldReadPropertiesAndNameUnparsableOnes()
    {
        System.setProperty(EngineContext.FPS_PROP_NAME, "30");
        System.setProperty(EngineContext.THREADING_MODE_PROP_NAME, "shared");
        try
        {
            final EngineContext context = new EngineContext();
            assertEquals(30, context.fps());
            assertEquals(ThreadingMode.SHARED, context.threadingMode());
            System.setProperty(EngineContext.FPS_PROP_NAME, "thirty");
            assertEquals("avatar.engine.fps=thirty is not an integer",
                assertThrows(IllegalArgumentException.class, EngineContext::new).getMessage());
        }
        finally
        {
            System.clearProperty(EngineContext.FPS_PROP_NAME);
            System.clearProperty(EngineContext.THREADING_MODE_PROP_NAME);
        }
    }

    @Test
    void shouldConcludeOnceAndCloseIdempotently()
    {
        final EngineContext context = new EngineContext().conclude();
        assertEquals(EngineContext.RING_SIZE_DEFAULT, context.ringSize());
        assertEquals(200_000_000L, context.deadlineBudgetNs());
        assertThrows(IllegalStateException.class, context::conclude);
        context.close();
        context.close();
        assertThrows(IllegalStateException.class, context::countersManager);
    }
}
