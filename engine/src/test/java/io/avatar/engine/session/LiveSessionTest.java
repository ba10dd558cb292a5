package io.avatar.engine.session;

import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.models.style.StyleCode;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live sessions on a fake clock, stepped deterministically: the face keeps moving without input, speech pushed
 * faster than real time is paced, and a barge-in closes the mouth and mutes the queued speech.
 */
class LiveSessionTest
{
    /** A clock the test moves. */
    static final class ManualClock implements NanoClock
    {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime()
        {
            return now;
        }
    }

    private static AvatarEngine liveEngine(final ManualClock clock)
    {
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.INVOKER)
            .fullRingPolicy(FullRingPolicy.DROP_NEWEST).fps(25).nanoClock(clock).deadlineBudgetMs(60_000);
        return new AvatarEngine(ctx, new LoudnessTestModel(), 64, 64);
    }

    private static void runFor(final AvatarEngine engine, final ManualClock clock, final long nanos)
    {
        final long end = clock.now + nanos;
        while (clock.now < end)
        {
            clock.now += 5_000_000L;
            for (int i = 0; i < 4; i++)
            {
                engine.engine().invoke();
            }
        }
    }

    @Test
    void shouldKeepProducingFramesInSilenceAtTheWallClockRate() throws Exception
    {
        final ManualClock clock = new ManualClock();
        try (AvatarEngine engine = liveEngine(clock))
        {
            final AvatarEngineTest.Collector out = new AvatarEngineTest.Collector();
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(out), true, 1));
            runFor(engine, clock, 4_000_000_000L);
            // 4 s of wall clock, minus the jitter allowance and the look-ahead: about 95 frames, all from silence.
            assertTrue(out.frames.size() >= 90 && out.frames.size() <= 100, "frames " + out.frames.size());
            assertTrue(engine.status(id).silenceSamplesInserted() > 3 * 16_000);
            for (final float bar : out.bars)
            {
                assertEquals(0f, bar, "mouth open in silence");
            }
        }
    }

    @Test
    void shouldPaceABurstAndFlushItOnInterrupt() throws Exception
    {
        final ManualClock clock = new ManualClock();
        try (AvatarEngine engine = liveEngine(clock))
        {
            final AvatarEngineTest.Collector out = new AvatarEngineTest.Collector();
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(out), true, 2));
            runFor(engine, clock, 200_000_000L);
            final float[] speech = AvatarEngineTest.speech();
            // A TTS engine hands over the whole utterance at once: it must come out at real-time pace, not at once.
            assertEquals(speech.length, engine.pushAudio(id, speech, 0, speech.length, 16_000, 1));
            runFor(engine, clock, 3_000_000_000L);
            final int before = out.frames.size();
            assertTrue(before >= 75 && before <= 82, "3.2 s of wall clock gave " + before + " frames");
            assertTrue(out.bars.subList(40, before).stream().anyMatch(b -> b > 0.2f), "mouth never moved in speech");

            engine.interrupt(id);
            runFor(engine, clock, 2_000_000_000L);
            final int after = out.frames.size();
            // Within a few frames (what was already in flight), the mouth closes and stays closed.
            for (int i = before + 4; i < after; i++)
            {
                assertEquals(0f, out.bars.get(i), "frame " + i + " after the interrupt");
            }
            // The rest of the utterance never plays: the last second of output audio is silence.
            double energy = 0;
            for (int i = out.audio.length - 16_000; i < out.audio.length; i++)
            {
                energy += out.audio[i] * out.audio[i];
            }
            assertEquals(0.0, energy, 1e-9, "speech leaked after the interrupt");
            assertTrue(engine.status(id).samplesIngested() < speech.length + 3 * 16_000);
        }
    }

    @Test
    void shouldReportDoneWhenEveryFrameButTheLastIsLate() throws Exception
    {
        final ManualClock clock = new ManualClock();
        // A 1 ms budget on a clock that moves 5 ms per step: every frame is late when it reaches the motion stage,
        // as on a badly overloaded machine. The session must still end, with the skipped frames counted.
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.INVOKER)
            .fullRingPolicy(FullRingPolicy.DROP_NEWEST).fps(25).nanoClock(clock).deadlineBudgetMs(1);
        try (AvatarEngine engine = new AvatarEngine(ctx, new LoudnessTestModel(), 64, 64))
        {
            final AvatarEngineTest.Collector out = new AvatarEngineTest.Collector();
            final long id = engine.createSession(new SessionSpec(StyleCode.zero(), new BarTestRenderer(64, 64),
                List.of(out), true, 3));
            final float[] speech = AvatarEngineTest.speech();
            engine.pushAudio(id, speech, 0, speech.length, 16_000, 1);
            engine.finish(id);
            runFor(engine, clock, speech.length / 16 * 1_000_000L + 2_000_000_000L);
            final SessionStatus st = engine.status(id);
            assertTrue(st.done(), "not done: " + st);
            assertEquals(st.expectedFrames(), st.framesOut(), st.toString());
            assertTrue(st.framesSkipped() > st.expectedFrames() / 2, "frames were not late: " + st);
        }
    }
}
