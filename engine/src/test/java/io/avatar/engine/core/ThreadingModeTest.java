package io.avatar.engine.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.FeatureFrameEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same tone -> RMS -> sink pipeline on real threads, lossless (backpressure policy), to completion.
 */
class ThreadingModeTest
{
    private static final int CHUNKS = 2_000;
    private static final int CHUNK = 640;

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldRunThePipelineToCompletionInEveryMode(final ThreadingMode mode) throws InterruptedException
    {
        final List<String> lifecycle = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        final ToneSource source = new ToneSource(7, CHUNK, CHUNKS, 0.25f, 10_000_000_000L, true, 8, lifecycle);
        final RmsFeature rms = new RmsFeature(-1, lifecycle);
        final CollectingSink sink = new CollectingSink(CHUNKS, lifecycle);

        final EngineContext context = new EngineContext()
            .threadingMode(mode)
            .ringSize(16)
            .maxBatch(4)
            .idleStrategy("yielding")
            .fullRingPolicy(FullRingPolicy.BACKPRESSURE)
            .errorHandler(errors::add);
        final PipelineBuilder builder = new PipelineBuilder(context);
        final EventRing<AudioChunkEvent> audio = builder.ring("audio", AudioChunkEvent.factory(CHUNK));
        final EventRing<FeatureFrameEvent> features = builder.ring("features", FeatureFrameEvent.FACTORY);
        builder.source("tone", source, audio).stage("rms", audio, rms, features).sink("sink", features, sink);

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Engine engine = builder.build())
        {
            engine.start();
            while (sink.received() < CHUNKS && System.nanoTime() - deadline < 0)
            {
                if (mode == ThreadingMode.INVOKER)
                {
                    engine.invoke();
                }
                else
                {
                    Thread.sleep(1); // the test polls; the engine itself never sleeps
                }
            }
            assertEquals(CHUNKS, sink.received(), "frames received before the 20 s timeout in " + mode);
            for (final String stage : new String[]{ "tone", "rms", "sink" })
            {
                assertEquals(0, engine.counters(stage).get(StageCounter.DROPPED_RING_FULL), stage);
                assertEquals(0, engine.counters(stage).get(StageCounter.FAILED), stage);
            }
            assertEquals(CHUNKS, engine.counters("rms").get(StageCounter.EVENTS_OUT));
        }
        final double expected = 0.25 / Math.sqrt(2.0);
        for (int i = 0; i < CHUNKS; i++)
        {
            assertEquals(i, sink.seq[i]);
            assertEquals(expected, sink.rms[i], 1e-4);
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(6, lifecycle.size());
        assertTrue(lifecycle.containsAll(List.of("close tone", "close rms", "close sink")), lifecycle.toString());
    }
}
