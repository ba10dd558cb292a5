package io.avatar.models.vad;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeechSegmenterTest
{
    /** Feeds 32 ms chunks with the given probabilities and returns the segments. */
    private static List<long[]> run(final float... probabilities)
    {
        final List<long[]> out = new ArrayList<>();
        final SpeechSegmenter s = new SpeechSegmenter((a, b) -> out.add(new long[] {a, b}));
        for (int i = 0; i < probabilities.length; i++)
        {
            s.accept(i * 32L, (i + 1) * 32L, probabilities[i]);
        }
        s.finish(probabilities.length * 32L);
        return out;
    }

    private static float[] pattern(final int silence, final int speech, final int after)
    {
        final float[] p = new float[silence + speech + after];
        for (int i = silence; i < silence + speech; i++)
        {
            p[i] = 0.9f;
        }
        return p;
    }

    @Test
    void shouldEmitOnePaddedSegmentForOneBurst()
    {
        final List<long[]> s = run(pattern(10, 20, 10));
        assertEquals(1, s.size());
        // Speech 320..960 ms, padded by 30 ms on each side.
        assertArrayEquals(new long[] {290, 990}, s.get(0));
    }

    @Test
    void shouldDropBurstsShorterThanMinSpeech()
    {
        // 7 chunks = 224 ms < 250 ms.
        assertEquals(0, run(pattern(5, 7, 10)).size());
        assertEquals(1, run(pattern(5, 8, 10)).size());
    }

    @Test
    void shouldBridgeShortPausesAndHoldInBetweenValues()
    {
        final float[] p = pattern(5, 30, 10);
        // A 2-chunk (64 ms) dip below the off threshold is shorter than 100 ms of silence: one segment.
        p[15] = 0.1f;
        p[16] = 0.1f;
        // Values between 0.35 and 0.5 keep the segment open (hysteresis).
        p[25] = 0.4f;
        p[26] = 0.4f;
        p[27] = 0.4f;
        p[28] = 0.4f;
        final List<long[]> s = run(p);
        assertEquals(1, s.size());
        assertArrayEquals(new long[] {130, 1150}, s.get(0));
    }

    @Test
    void shouldSplitOnLongSilenceAndMergeWhenPaddingTouches()
    {
        final float[] p = new float[60];
        for (int i = 5; i < 20; i++)
        {
            p[i] = 0.9f;
        }
        for (int i = 40; i < 55; i++)
        {
            p[i] = 0.9f;
        }
        final List<long[]> split = run(p);
        assertEquals(2, split.size());
        assertArrayEquals(new long[] {130, 670}, split.get(0));
        assertArrayEquals(new long[] {1250, 1790}, split.get(1));
    }

    @Test
    void shouldCloseAnOpenSegmentAtTheEndOfTheStream()
    {
        final List<long[]> s = run(pattern(5, 20, 0));
        assertEquals(1, s.size());
        assertArrayEquals(new long[] {130, 800}, s.get(0));
    }

    @Test
    void shouldRejectInconsistentThresholds()
    {
        assertThrows(IllegalArgumentException.class, () -> new SpeechSegmenter(0.3f, 0.5f, 250, 100, 30, (a, b) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new SpeechSegmenter(0.5f, 0.35f, -1, 100, 30, (a, b) -> { }));
    }
}
