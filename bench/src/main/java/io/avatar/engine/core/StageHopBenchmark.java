package io.avatar.engine.core;

import java.util.concurrent.TimeUnit;

import io.avatar.engine.core.event.FeatureFrameEvent;
import io.avatar.engine.core.event.StageEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-event cost of the engine machinery on one thread: a source stage publishes {@value #BATCH} events per duty
 * cycle through an {@link Emitter}, a sink stage polls them (counters, age histogram, deadline test, logic call),
 * stepped by {@link Engine#invoke()} in INVOKER mode. Reported as ns per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true" })
@State(Scope.Thread)
public class StageHopBenchmark
{
    /** Events per duty cycle. */
    public static final int BATCH = 64;

    private Engine engine;
    private Sink sink;

    static final class Source implements StageLogic<StageEvent, FeatureFrameEvent>
    {
        private long seq;

        @Override
        public int onCycle(final long nowNs, final Emitter<FeatureFrameEvent> out)
        {
            for (int i = 0; i < BATCH; i++)
            {
                final FeatureFrameEvent event = out.tryClaim();
                if (null == event)
                {
                    return i;
                }
                event.sessionId(1);
                event.seq(seq);
                event.ptsNs(seq * 10_000_000L);
                event.originNs(nowNs);
                event.deadlineNs(nowNs + 1_000_000_000L);
                event.frameIndex(seq++);
                out.publish();
            }
            return BATCH;
        }
    }

    static final class Sink implements StageLogic<FeatureFrameEvent, StageEvent>
    {
        long checksum;

        @Override
        public void onEvent(final FeatureFrameEvent event, final long nowNs, final Emitter<StageEvent> out)
        {
            checksum += event.frameIndex();
        }
    }

    /**
     * Builds a two-stage engine.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final EngineContext context = new EngineContext().threadingMode(ThreadingMode.INVOKER).ringSize(256)
            .maxBatch(BATCH).errorHandler(Throwable::printStackTrace);
        final PipelineBuilder builder = new PipelineBuilder(context);
        final EventRing<FeatureFrameEvent> ring = builder.ring("features", FeatureFrameEvent.FACTORY);
        sink = new Sink();
        builder.source("source", new Source(), ring).sink("sink", ring, sink);
        engine = builder.build();
        engine.start();
    }

    /**
     * Closes the engine.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
    }

    /**
     * One duty cycle of both stages: {@value #BATCH} events published and consumed.
     *
     * @return the sink checksum (consumed by JMH).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long hop()
    {
        engine.invoke();
        return sink.checksum;
    }
}
