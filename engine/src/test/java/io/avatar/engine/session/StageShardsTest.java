package io.avatar.engine.session;

import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.StageCounter;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.models.style.StyleCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several render stages (EngineContext.renderThreads) and feature stages (featureThreads) share the sessions: every
 * session's frames arrive complete, in order, with their own audio and the same pictures as with one stage of each,
 * and each stage handles only its own sessions.
 */
class StageShardsTest
{
    private static final int SESSIONS = 5;

    private static AvatarEngine engine(final ThreadingMode mode, final int renderThreads)
    {
        return engine(mode, 1, renderThreads);
    }

    private static AvatarEngine engine(final ThreadingMode mode, final int featureThreads, final int renderThreads)
    {
        final FullRingPolicy policy = mode == ThreadingMode.INVOKER ? FullRingPolicy.BACKPRESSURE
            : FullRingPolicy.DROP_NEWEST;
        // A 60 s deadline budget: these tests are about completeness and order, and on a loaded 2-core machine seven
        // busy stage threads can leave a frame past the default 200 ms budget (it would be dropped, as it should be).
        final EngineContext ctx = new EngineContext().threadingMode(mode).fullRingPolicy(policy)
            .fps(25).featureThreads(featureThreads).renderThreads(renderThreads)
            .deadlineBudgetMs(EngineContext.DEADLINE_BUDGET_MS_MAX);
        return new AvatarEngine(ctx, new LoudnessTestModel(), 64, 64);
    }

    /** Runs the sample clip through every session; returns each session's collector in creation order. */
    private static List<AvatarEngineTest.Collector> runAll(final AvatarEngine engine, final boolean invoker)
        throws Exception
    {
        final float[] speech = AvatarEngineTest.speech();
        final List<AvatarEngineTest.Collector> outs = new ArrayList<>();
        final long[] ids = new long[SESSIONS];
        for (int i = 0; i < SESSIONS; i++)
        {
            final AvatarEngineTest.Collector out = new AvatarEngineTest.Collector();
            outs.add(out);
            ids[i] = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(out), false, i + 1));
        }
        final int[] pushed = new int[SESSIONS];
        final long deadline = System.nanoTime() + 120_000_000_000L;
        boolean allDone = false;
        while (!allDone)
        {
            allDone = true;
            for (int i = 0; i < SESSIONS; i++)
            {
                if (pushed[i] < speech.length)
                {
                    pushed[i] += engine.pushAudio(ids[i], speech, pushed[i],
                        Math.min(3000, speech.length - pushed[i]), 16_000, 1);
                    if (pushed[i] == speech.length)
                    {
                        engine.finish(ids[i]);
                    }
                }
                allDone &= engine.status(ids[i]).done();
            }
            if (invoker)
            {
                engine.engine().invoke();
            }
            else
            {
                Thread.onSpinWait();
            }
            assertTrue(System.nanoTime() < deadline, "pipeline stalled");
        }
        return outs;
    }

    private static void assertComplete(final List<AvatarEngineTest.Collector> outs) throws Exception
    {
        final float[] speech = AvatarEngineTest.speech();
        final long expected = (speech.length * 25L + 15_999) / 16_000;
        for (int s = 0; s < outs.size(); s++)
        {
            final AvatarEngineTest.Collector out = outs.get(s);
            assertEquals(expected, out.frames.size(), "session " + s + " frames: " + out.frames);
            for (int i = 0; i < out.frames.size(); i++)
            {
                assertEquals(i, out.frames.get(i), "session " + s + " frame order");
            }
            assertArrayEquals(speech, Arrays.copyOf(out.audio, speech.length), "session " + s + " audio");
        }
    }

    @Test
    void shouldSpreadSessionsOverTheRenderStagesAndKeepEverySessionWholeAndInOrder() throws Exception
    {
        final List<AvatarEngineTest.Collector> one;
        final long drawnByOne;
        try (AvatarEngine engine = engine(ThreadingMode.INVOKER, 1))
        {
            assertEquals(List.of("render"), engine.renderStageNames());
            one = runAll(engine, true);
            drawnByOne = engine.engine().counters("render").get(StageCounter.EVENTS_OUT);
        }
        // The sessions are alike, so each is drawn the same number of times (a few more than it publishes: the
        // output stage holds back frames past the end of the audio).
        assertEquals(0, drawnByOne % SESSIONS);
        try (AvatarEngine engine = engine(ThreadingMode.INVOKER, 3))
        {
            assertEquals(List.of("render-0", "render-1", "render-2"), engine.renderStageNames());
            final List<AvatarEngineTest.Collector> three = runAll(engine, true);
            assertComplete(three);
            // The same pictures as one render stage draws (the bar height encodes the mouth opening).
            for (int s = 0; s < SESSIONS; s++)
            {
                assertEquals(one.get(s).bars, three.get(s).bars, "session " + s + " pictures");
            }
            // 5 sessions over 3 stages, least loaded first: 2 + 2 + 1, each stage drawing only its own sessions.
            final Map<String, Long> perStage = new HashMap<>();
            for (int s = 0; s < SESSIONS; s++)
            {
                perStage.merge(engine.renderStageOf(s + 1), drawnByOne / SESSIONS, Long::sum);
            }
            assertEquals(3, perStage.size(), "stages used: " + perStage);
            for (final String stage : engine.renderStageNames())
            {
                final long out = engine.engine().counters(stage).get(StageCounter.EVENTS_OUT);
                assertEquals(perStage.get(stage), out, stage + " drew only its own sessions' frames");
                assertEquals(out, engine.engine().counters(stage).get(StageCounter.EVENTS_IN), stage + " took");
            }
        }
        assertComplete(one);
    }

    @Test
    void shouldSpreadSessionsOverTheFeatureStagesAndKeepEverySessionWholeAndInOrder() throws Exception
    {
        final List<AvatarEngineTest.Collector> one;
        try (AvatarEngine engine = engine(ThreadingMode.INVOKER, 1, 1))
        {
            one = runAll(engine, true);
        }
        try (AvatarEngine engine = engine(ThreadingMode.INVOKER, 2, 3))
        {
            assertEquals(List.of("features-0", "features-1"), engine.featureStageNames());
            final List<AvatarEngineTest.Collector> sharded = runAll(engine, true);
            assertComplete(sharded);
            // The same pictures as one stage of each draws (the ingest stage's chunk sizes differ with the ring
            // layout, and the features do not depend on them).
            for (int s = 0; s < SESSIONS; s++)
            {
                assertEquals(one.get(s).bars, sharded.get(s).bars, "session " + s + " pictures");
            }
            // 5 sessions over 2 feature stages: 3 + 2 sessions' audio, every chunk taken by exactly one stage.
            final long in0 = engine.engine().counters("features-0").get(StageCounter.EVENTS_IN);
            final long in1 = engine.engine().counters("features-1").get(StageCounter.EVENTS_IN);
            assertEquals(engine.engine().counters("ingest").get(StageCounter.EVENTS_OUT), in0 + in1,
                "every audio chunk taken once: " + in0 + " + " + in1);
            assertTrue(in0 > in1 && in1 > 0, "features-0 holds 3 sessions, features-1 2: " + in0 + " / " + in1);
        }
    }

    @Test
    void shouldGiveANewSessionTheRenderStageAClosedOneFreed() throws Exception
    {
        try (AvatarEngine engine = engine(ThreadingMode.INVOKER, 3))
        {
            final long[] ids = new long[3];
            final BarTestRenderer[] renderers = new BarTestRenderer[3];
            for (int i = 0; i < 3; i++)
            {
                renderers[i] = new BarTestRenderer(64, 64);
                ids[i] = engine.createSession(new SessionSpec(StyleCode.zero(), renderers[i],
                    List.of(new AvatarEngineTest.Collector()), false, i + 1));
            }
            assertNotEquals(engine.renderStageOf(ids[0]), engine.renderStageOf(ids[1]));
            assertNotEquals(engine.renderStageOf(ids[1]), engine.renderStageOf(ids[2]));
            final String freed = engine.renderStageOf(ids[1]);
            engine.closeSession(ids[1]);
            for (int i = 0; i < 10; i++)
            {
                engine.engine().invoke();
            }
            assertTrue(renderers[1].closed, "the owning render stage closed the renderer");
            final long next = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(new AvatarEngineTest.Collector()), false, 9));
            assertEquals(freed, engine.renderStageOf(next));
        }
    }

    @Test
    void shouldDeliverEverySessionInOrderWithRenderStagesOnTheirOwnThreads() throws Exception
    {
        // Live: 3 s of speech fed to every session in 20 ms chunks at real-time pace, render stages on 3 threads.
        final float[] speech = Arrays.copyOf(AvatarEngineTest.speech(), 3 * 16_000);
        final long expected = speech.length * 25L / 16_000;
        try (AvatarEngine engine = engine(ThreadingMode.DEDICATED, 2, 3))
        {
            final List<AvatarEngineTest.Collector> outs = new ArrayList<>();
            final long[] ids = new long[SESSIONS];
            for (int i = 0; i < SESSIONS; i++)
            {
                outs.add(new AvatarEngineTest.Collector());
                ids[i] = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                    List.of(outs.get(i)), true, i + 1));
            }
            final long start = System.nanoTime();
            for (int pos = 0, chunk = 0; pos < speech.length; pos += 320, chunk++)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(start + chunk * 20_000_000L - System.nanoTime());
                for (final long id : ids)
                {
                    engine.pushAudio(id, speech, pos, 320, 16_000, 1);
                }
            }
            for (final long id : ids)
            {
                engine.finish(id);
            }
            final long deadline = System.nanoTime() + 20_000_000_000L;
            boolean done = false;
            while (!done && System.nanoTime() < deadline)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                done = true;
                for (final long id : ids)
                {
                    done &= engine.status(id).done();
                }
            }
            long delivered = 0;
            for (int s = 0; s < SESSIONS; s++)
            {
                final List<Long> frames = new ArrayList<>(outs.get(s).frames);
                for (int i = 1; i < frames.size(); i++)
                {
                    assertTrue(frames.get(i) > frames.get(i - 1), "session " + s + " out of order: " + frames);
                }
                // Live policy: a frame late or without room downstream is dropped and counted, never reordered.
                assertTrue(frames.size() >= expected * 9 / 10, "session " + s + ": " + frames.size() + " of "
                    + expected + " frames, status " + engine.status(ids[s]));
                delivered += frames.size();
            }
            long drawn = 0;
            for (final String stage : engine.renderStageNames())
            {
                final long out = engine.engine().counters(stage).get(StageCounter.EVENTS_OUT);
                assertTrue(out > 0, stage + " drew nothing");
                drawn += out;
            }
            assertTrue(drawn >= delivered, "drawn " + drawn + " < delivered " + delivered);
        }
    }

    @Test
    void shouldRefuseSeveralRenderThreadsThatWouldEachWaitForRoomInOneRing()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new EngineContext()
            .threadingMode(ThreadingMode.DEDICATED).fullRingPolicy(FullRingPolicy.BACKPRESSURE).renderThreads(2)
            .conclude());
        assertTrue(ex.getMessage().contains(EngineContext.RENDER_THREADS_PROP_NAME), ex.getMessage());
        assertEquals(1, new EngineContext().threadingMode(ThreadingMode.DEDICATED)
            .fullRingPolicy(FullRingPolicy.BACKPRESSURE).conclude().renderThreads(), "offline renders use one");
        assertTrue(new EngineContext().threadingMode(ThreadingMode.DEDICATED).fullRingPolicy(FullRingPolicy.DROP_NEWEST)
            .conclude().renderThreads() >= 1);
        assertThrows(IllegalArgumentException.class, () -> new EngineContext().threadingMode(ThreadingMode.SHARED)
            .fullRingPolicy(FullRingPolicy.BACKPRESSURE).featureThreads(2).conclude());
    }
}
