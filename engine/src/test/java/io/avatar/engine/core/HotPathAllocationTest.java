package io.avatar.engine.core;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.FeatureFrameEvent;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, a duty cycle of the whole pipeline (source, ring, stage, ring, sink, counters, latency recording,
 * proxy commands) allocates nothing. Measured with the JVM's per-thread allocation counter.
 */
class HotPathAllocationTest
{
    @Test
    void shouldNotAllocateInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final int chunks = 60_000;
        final List<String> lifecycle = new ArrayList<>();
        final ToneSource source = new ToneSource(1, 640, chunks, 0.5f, 1_000_000_000L, true, 1, lifecycle);
        final CollectingSink sink = new CollectingSink(chunks, lifecycle);
        final CachedNanoClock clock = new CachedNanoClock();
        final EngineContext context = new EngineContext().threadingMode(ThreadingMode.INVOKER).ringSize(64)
            .nanoClock(clock);
        final PipelineBuilder builder = new PipelineBuilder(context);
        final EventRing<AudioChunkEvent> audio = builder.ring("audio", AudioChunkEvent.factory(640));
        final EventRing<FeatureFrameEvent> features = builder.ring("features", FeatureFrameEvent.FACTORY);
        builder.source("tone", source, audio)
            .stage("rms", audio, new RmsFeature(-1, lifecycle), features)
            .sink("sink", features, sink);
        try (Engine engine = builder.build())
        {
            engine.start();
            final StageProxy proxy = engine.proxy("rms");
            final int gainBits = Float.floatToIntBits(1.0f);
            for (int i = 0; i < 20_000; i++)
            {
                clock.advance(1_000_000L);
                proxy.offer(RmsFeature.SET_GAIN, 1, gainBits, null);
                engine.invoke();
            }
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 20_000; i++)
            {
                clock.advance(1_000_000L);
                proxy.offer(RmsFeature.SET_GAIN, 1, gainBits, null);
                engine.invoke();
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertEquals(40_000, sink.received());
            // The measurement itself may allocate a few bytes; 20 000 cycles that each allocated would show megabytes.
            assertTrue(allocated < 2_048, "allocated " + allocated + " bytes in 20 000 duty cycles");
        }
    }
}
