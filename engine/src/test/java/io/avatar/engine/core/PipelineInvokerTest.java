package io.avatar.engine.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.lmax.disruptor.RingBuffer;
import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.EventStatus;
import io.avatar.engine.core.event.FeatureFrameEvent;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deterministic tests of a real three-stage pipeline (tone source -> RMS energy -> collecting sink), stepped with
 * AgentInvokers on a settable clock.
 */
class PipelineInvokerTest
{
    private static final int CHUNK = 640;
    private static final float AMPLITUDE = 0.5f;
    private static final long BUDGET_NS = 200_000_000L;
    private static final long SESSION = 42;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<String> lifecycle = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private Engine engine;
    private EventRing<AudioChunkEvent> audioRing;
    private EventRing<FeatureFrameEvent> featureRing;
    private ToneSource source;
    private RmsFeature rms;
    private CollectingSink sink;

    @AfterEach
    void close()
    {
        if (null != engine)
        {
            engine.close();
        }
    }

    private EngineContext context(final int ringSize)
    {
        return new EngineContext()
            .threadingMode(ThreadingMode.INVOKER)
            .ringSize(ringSize)
            .nanoClock(clock)
            .errorHandler(errors::add);
    }

    private void build(
        final EngineContext context, final int chunks, final int chunksPerCycle, final boolean waitForRoom,
        final long failOnSeq)
    {
        source = new ToneSource(SESSION, CHUNK, chunks, AMPLITUDE, BUDGET_NS, waitForRoom, chunksPerCycle, lifecycle);
        rms = new RmsFeature(failOnSeq, lifecycle);
        sink = new CollectingSink(chunks, lifecycle);
        final PipelineBuilder builder = new PipelineBuilder(context);
        audioRing = builder.ring("audio", AudioChunkEvent.factory(CHUNK));
        featureRing = builder.ring("features", FeatureFrameEvent.FACTORY);
        builder.source("tone", source, audioRing).stage("rms", audioRing, rms, featureRing).sink("sink", featureRing, sink);
        engine = builder.build();
        engine.start();
    }

    private void runUntilIdle()
    {
        for (int i = 0; i < 10_000; i++)
        {
            if (engine.invoke() == 0)
            {
                return;
            }
        }
        throw new AssertionError("pipeline did not go idle within 10000 cycles");
    }

    private long count(final String stage, final StageCounter counter)
    {
        return engine.counters(stage).get(counter);
    }

    @Test
    void shouldCarryEveryChunkInOrderWithExactPtsAndEnergy()
    {
        build(context(256), 100, 4, false, -1);
        runUntilIdle();

        assertEquals(100, sink.received());
        final double expectedRms = AMPLITUDE / Math.sqrt(2.0); // 20 whole periods per chunk
        for (int i = 0; i < 100; i++)
        {
            assertEquals(i, sink.seq[i]);
            assertEquals(SESSION, sink.sessionId[i]);
            assertEquals(i * CHUNK * 62_500L, sink.ptsNs[i]);
            assertEquals(MediaTime.samplePtsNs((long)i * CHUNK), sink.ptsNs[i]);
            assertEquals(expectedRms, sink.rms[i], 1e-4);
            assertEquals(1.0f, sink.vad[i]);
        }
        assertEquals(100, count("tone", StageCounter.EVENTS_OUT));
        assertEquals(100, count("rms", StageCounter.EVENTS_IN));
        assertEquals(100, count("rms", StageCounter.EVENTS_OUT));
        assertEquals(100, count("sink", StageCounter.EVENTS_IN));
        for (final String stage : new String[]{ "tone", "rms", "sink" })
        {
            assertEquals(0, count(stage, StageCounter.DROPPED_RING_FULL), stage);
            assertEquals(0, count(stage, StageCounter.DROPPED_DEADLINE), stage);
            assertEquals(0, count(stage, StageCounter.FAILED), stage);
        }
        assertEquals(0, rms.gapsSeen());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shouldDropNewestAndCountWhenRingIsFullWithoutShiftingTheClock()
    {
        build(context(8), 30, 1, false, -1);
        for (int i = 0; i < 20; i++)
        {
            engine.invoke("tone"); // consumer not stepped: the ring fills after 8
        }
        assertEquals(20, source.chunksProduced());
        assertEquals(8, count("tone", StageCounter.EVENTS_OUT));
        assertEquals(12, count("tone", StageCounter.DROPPED_RING_FULL));

        engine.invoke("rms"); // drain before the source runs again
        engine.invoke("sink");
        runUntilIdle();

        assertEquals(18, sink.received()); // 8 queued + the 10 produced after the ring drained
        for (int i = 0; i < 8; i++)
        {
            assertEquals(i, sink.seq[i]);
        }
        // Newest were dropped: the next one through is chunk 20, still stamped with its true audio time.
        assertEquals(20, sink.seq[8]);
        assertEquals(MediaTime.samplePtsNs(20L * CHUNK), sink.ptsNs[8]);
        assertEquals(1, rms.gapsSeen());
        assertEquals(12, count("tone", StageCounter.DROPPED_RING_FULL));
    }

    @Test
    void shouldPushBackInsteadOfDroppingUnderBackpressurePolicy()
    {
        build(context(8).fullRingPolicy(FullRingPolicy.BACKPRESSURE), 50, 4, true, -1);
        for (int i = 0; i < 40; i++)
        {
            engine.invoke("tone");
            engine.invoke("rms"); // sink not stepped: features ring fills, rms stops taking audio, tone stops
        }
        assertEquals(8, count("rms", StageCounter.EVENTS_OUT));
        assertEquals(16, source.chunksProduced()); // 8 in each ring

        runUntilIdle();
        assertEquals(50, sink.received());
        for (final String stage : new String[]{ "tone", "rms", "sink" })
        {
            assertEquals(0, count(stage, StageCounter.DROPPED_RING_FULL), stage);
        }
        for (int i = 0; i < 50; i++)
        {
            assertEquals(i, sink.seq[i]);
        }
    }

    @Test
    void shouldDropLateEventsByDeadlineOnTheFakeClock()
    {
        clock.update(1_000_000_000L);
        build(context(64), 10, 5, false, -1);
        engine.invoke("tone"); // 5 chunks stamped at t=1 s, deadline t=1.2 s
        clock.advance(BUDGET_NS + 1);
        engine.invoke("rms");

        assertEquals(5, count("rms", StageCounter.EVENTS_IN));
        assertEquals(5, count("rms", StageCounter.DROPPED_DEADLINE));
        assertEquals(0, count("rms", StageCounter.EVENTS_OUT));
        final RingBuffer<AudioChunkEvent> ring = audioRing.ringBuffer();
        for (long s = 0; s < 5; s++)
        {
            assertEquals(EventStatus.DROPPED, ring.get(s).status());
        }

        engine.invoke("tone"); // 5 more, stamped now: in time
        runUntilIdle();
        assertEquals(5, sink.received());
        assertEquals(5, sink.seq[0]);
        // Exactly at the deadline is still in time: only deadline - now < 0 is late.
        assertEquals(5, count("rms", StageCounter.DROPPED_DEADLINE));
    }

    @Test
    void shouldAcceptAnEventExactlyAtItsDeadline()
    {
        build(context(64), 1, 1, false, -1);
        engine.invoke("tone");
        clock.advance(BUDGET_NS);
        runUntilIdle();
        assertEquals(1, sink.received());
        assertEquals(0, count("rms", StageCounter.DROPPED_DEADLINE));
    }

    @Test
    void shouldMarkFailedCountReportAndKeepGoingWhenLogicThrows()
    {
        build(context(64), 10, 10, false, 3);
        engine.invoke("tone");
        engine.invoke("rms");
        assertEquals(EventStatus.FAILED, audioRing.ringBuffer().get(3).status());
        assertEquals(EventStatus.OK, audioRing.ringBuffer().get(4).status());
        runUntilIdle();

        assertEquals(1, count("rms", StageCounter.FAILED));
        assertEquals(10, count("rms", StageCounter.EVENTS_OUT)); // the claimed slot went out, marked FAILED
        assertEquals(1, count("sink", StageCounter.UPSTREAM_NOT_OK));
        assertEquals(1, sink.notOk());
        assertEquals(9, sink.received());
        final long[] expected = { 0, 1, 2, 4, 5, 6, 7, 8, 9 };
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], sink.seq[i]);
        }
        assertEquals(1, errors.size());
        assertEquals("injected failure on seq 3", errors.get(0).getMessage());
        assertEquals(0, engine.agentErrors());
    }

    @Test
    void shouldStopOnlyTheTerminatedStageAndPublishItsClaimAsFailed()
    {
        final EngineContext context = context(64);
        final PipelineBuilder builder = new PipelineBuilder(context);
        final EventRing<FeatureFrameEvent> ring = builder.ring("features", FeatureFrameEvent.FACTORY);
        sink = new CollectingSink(4, lifecycle);
        builder.source("terminator", new StageLogic<io.avatar.engine.core.event.StageEvent, FeatureFrameEvent>()
        {
            @Override
            public int onCycle(final long nowNs, final Emitter<FeatureFrameEvent> out)
            {
                out.tryClaim();
                throw new org.agrona.concurrent.AgentTerminationException("stop requested");
            }
        }, ring).sink("sink", ring, sink);
        engine = builder.build();
        engine.start();
        engine.invoke();
        engine.invoke();
        assertEquals(1, count("terminator", StageCounter.EVENTS_OUT), "claimed slot still published, as FAILED");
        assertEquals(1, count("sink", StageCounter.UPSTREAM_NOT_OK));
        assertEquals(0, count("terminator", StageCounter.FAILED), "termination is a stop request, not a failure");
        assertEquals(0, engine.invoke("terminator"), "a terminated stage does no more work");
    }

    @Test
    void shouldApplyProxyCommandsWithABoundedDrainPerCycle()
    {
        build(context(64).commandDrainLimit(2).commandRingSize(4), 4, 1, false, -1);
        final StageProxy proxy = engine.proxy("rms");
        assertTrue(proxy.offer(RmsFeature.SET_GAIN, SESSION, Float.floatToIntBits(0.0f), null));
        assertTrue(proxy.offer(99, SESSION, 0, null)); // unknown: the logic throws, the stage goes on
        assertTrue(proxy.offer(RmsFeature.SET_GAIN, SESSION, Float.floatToIntBits(2.0f), null));
        assertTrue(proxy.offer(RmsFeature.SET_GAIN, SESSION, Float.floatToIntBits(3.0f), null));
        assertFalse(proxy.offer(RmsFeature.SET_GAIN, SESSION, Float.floatToIntBits(4.0f), null));
        assertEquals(1, count("rms", StageCounter.COMMANDS_REJECTED));

        engine.invoke("tone");
        engine.invoke("rms"); // drains 2 commands (gain 0, unknown), then chunk 0 at gain 0
        assertEquals(2, count("rms", StageCounter.COMMANDS));
        assertEquals(1, count("rms", StageCounter.FAILED));
        engine.invoke("tone");
        engine.invoke("rms"); // gain 2 then 3, then chunk 1 at gain 3
        runUntilIdle();

        final double baseRms = AMPLITUDE / Math.sqrt(2.0);
        assertEquals(0.0, sink.rms[0], 1e-6);
        assertEquals(3 * baseRms, sink.rms[1], 1e-4);
        assertEquals(0.0f, sink.vad[0]);
        assertEquals(4, count("rms", StageCounter.COMMANDS));
    }

    @Test
    void shouldRecordEventAgeOnTheFakeClock()
    {
        clock.update(0);
        build(context(64), 10, 10, false, -1);
        engine.invoke("tone");
        clock.advance(3_000_000L);
        engine.invoke("rms");
        clock.advance(2_000_000L);
        engine.invoke("sink");

        final Histogram rmsAge = engine.stage("rms").latency().snapshot();
        final Histogram sinkAge = engine.stage("sink").latency().snapshot();
        assertEquals(10, rmsAge.getTotalCount());
        assertEquals(10, sinkAge.getTotalCount());
        assertEquals(3_000_000L, rmsAge.getValueAtPercentile(50), 3_000_000L * 0.001);
        assertEquals(5_000_000L, sinkAge.getMaxValue(), 5_000_000L * 0.001);

        engine.invoke("rms"); // at t=5 ms: the previous rms cycle (t=3 ms) did work, so it lasted 2 ms
        final Histogram rmsBusy = engine.stage("rms").busyCycles().snapshot();
        assertEquals(1, rmsBusy.getTotalCount());
        assertEquals(2_000_000L, rmsBusy.getMaxValue(), 2_000_000L * 0.001);
        assertEquals(2_000_000L, count("rms", StageCounter.MAX_CYCLE_NS));
    }

    @Test
    void shouldStartInOrderAndCloseInReverseOrderIdempotently()
    {
        build(context(64), 1, 1, false, -1);
        runUntilIdle();
        engine.close();
        engine.close();
        assertTrue(engine.isClosed());
        assertEquals(
            List.of("start tone", "start rms", "start sink", "close sink", "close rms", "close tone"), lifecycle);
    }

    @Test
    void shouldRejectMiswiredPipelinesNamingTheRing()
    {
        final PipelineBuilder builder = new PipelineBuilder(context(64));
        final EventRing<AudioChunkEvent> ring = builder.ring("orphan", AudioChunkEvent.factory(CHUNK));
        builder.source("tone", new ToneSource(1, CHUNK, 1, 0.1f, BUDGET_NS, false, 1, lifecycle), ring);
        final IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, builder::build);
        assertEquals("ring 'orphan' has no consumer stage", ex.getMessage());
        builder.context().close();
    }
}
