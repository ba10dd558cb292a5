package io.avatar.engine.core.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SessionClockTest
{
    private static final long EIGHT_HOURS_SAMPLES = 8L * 3600 * MediaTime.SAMPLE_RATE;

    @Test
    void shouldGiveExactSamplePts()
    {
        assertEquals(62_500L, MediaTime.NANOS_PER_SAMPLE);
        assertEquals(0, MediaTime.samplePtsNs(0));
        assertEquals(1_000_000_000L, MediaTime.samplePtsNs(16_000));
        assertEquals(40_000_000L, MediaTime.samplePtsNs(640));
        assertEquals(8L * 3600 * 1_000_000_000L, MediaTime.samplePtsNs(EIGHT_HOURS_SAMPLES));
        assertEquals(640, MediaTime.sampleAtPtsNs(40_000_000L));
        assertEquals(639, MediaTime.sampleAtPtsNs(39_999_999L));
    }

    @Test
    void shouldMapFramesToTheirAudioSamples()
    {
        // 25 fps: exactly 640 samples per frame.
        assertEquals(40_000_000L, MediaTime.framePtsNs(1, 25));
        assertEquals(640, MediaTime.firstSampleOfFrame(1, 25));
        assertEquals(0, MediaTime.frameOfSample(639, 25));
        assertEquals(1, MediaTime.frameOfSample(640, 25));
        // 30 fps: 533 1/3 samples per frame; frame 1 starts at 33 333 333 ns, its first sample is 534 (33 375 000 ns).
        assertEquals(33_333_333L, MediaTime.framePtsNs(1, 30));
        assertEquals(534, MediaTime.firstSampleOfFrame(1, 30));
        assertEquals(0, MediaTime.frameOfSample(533, 30));
        assertEquals(1, MediaTime.frameOfSample(534, 30));
        assertEquals(1067, MediaTime.firstSampleOfFrame(2, 30));
        assertEquals(1600, MediaTime.firstSampleOfFrame(3, 30));
        assertEquals(100_000_000L, MediaTime.framePtsNs(3, 30));
        for (long k = 1; k < 10_000; k++)
        {
            final long first = MediaTime.firstSampleOfFrame(k, 30);
            assertEquals(k, MediaTime.frameOfSample(first, 30));
            assertEquals(k - 1, MediaTime.frameOfSample(first - 1, 30));
            assertTrue(MediaTime.samplePtsNs(first) >= MediaTime.framePtsNs(k, 30));
            assertTrue(MediaTime.samplePtsNs(first - 1) < MediaTime.framePtsNs(k, 30));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 25, 30 })
    void shouldKeepVideoLockedToAudioOverEightHours(final int fps)
    {
        // Accelerated: 8 h of 40 ms chunks, only counting. Every frame is taken as soon as its samples are in.
        final SessionClock clock = new SessionClock(fps);
        long worstFrameOffsetNs = 0;
        long frames = 0;
        while (clock.samples() < EIGHT_HOURS_SAMPLES)
        {
            clock.advance(640);
            while (clock.hasFrameDue())
            {
                final long k = clock.takeFrame();
                assertEquals(frames++, k);
                final long offset = MediaTime.avOffsetNs(k, fps);
                if (offset > 0 || offset <= -MediaTime.NANOS_PER_SAMPLE)
                {
                    fail("frame " + k + " is " + offset + " ns off its first audio sample");
                }
                worstFrameOffsetNs = Math.min(worstFrameOffsetNs, offset);
            }
        }
        assertEquals(EIGHT_HOURS_SAMPLES, clock.samples());
        assertEquals(8L * 3600 * fps, frames);
        assertEquals(0, clock.avOffsetNs(), "final A/V offset after 8 h at " + fps + " fps");
        assertEquals(clock.audioTimeNs(), clock.framePtsNs(clock.nextFrame()));
        assertTrue(-worstFrameOffsetNs < 1_000_000L, "worst per-frame offset " + worstFrameOffsetNs + " ns");
    }

    @Test
    void shouldNotHandOutIncompleteFrames()
    {
        final SessionClock clock = new SessionClock(30);
        clock.advance(533);
        assertFalse(clock.hasFrameDue());
        assertThrows(IllegalStateException.class, clock::takeFrame);
        clock.advance(1);
        assertTrue(clock.hasFrameDue());
        assertEquals(0, clock.takeFrame());
        assertEquals(534, clock.advance(0));
    }

    @Test
    void shouldRejectBadArguments()
    {
        assertThrows(IllegalArgumentException.class, () -> new SessionClock(0));
        assertThrows(IllegalArgumentException.class, () -> new SessionClock(25).advance(-1));
        assertThrows(ArithmeticException.class, () -> MediaTime.framePtsNs(Long.MAX_VALUE / 10, 30));
    }
}
