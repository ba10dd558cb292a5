package io.avatar.transport.webrtc;

import io.avatar.transport.api.FrameListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The pacer lane's rules, driven tick by tick on the test thread: chunks are tagged by their first sample so the
 * test can see which chunk (or silence) each tick pushed.
 */
class PacedAudioTest
{
    private static final int N = FrameListener.AUDIO_CHUNK_SAMPLES;

    /** Records the tag of each pushed chunk: the chunk's first sample as a 16-bit value, 0 for silence. */
    private final List<Integer> out = new ArrayList<>();
    private final PacedAudio.Sink sink = pcm -> out.add((pcm[0] & 0xff) | (pcm[1] << 8));
    private final float[] chunk = new float[N];
    private int nextTag = 1;

    @Test
    void shouldSendSilenceUntilPrimedThenOneChunkPerTickInOrder()
    {
        final PacedAudio lane = new PacedAudio(sink, 60, 200);
        burst(lane, 4);
        lane.tick();
        lane.tick();
        assertEquals(List.of(0, 0), out, "not primed at 40 ms: silence");
        burst(lane, 4);
        for (int i = 0; i < 8; i++)
        {
            lane.tick();
        }
        assertEquals(List.of(0, 0, 1, 2, 3, 4, 5, 6, 7, 8), out);
        assertEquals(8, lane.pushed());
        assertEquals(0, lane.underruns());
    }

    @Test
    void shouldAbsorbSteadyBurstsWithoutUnderrunAndTrimTheStandingQueueOnce()
    {
        final PacedAudio lane = new PacedAudio(sink, 60, 200);
        burst(lane, 4);
        burst(lane, 4);
        for (int frame = 0; frame < 100; frame++)
        {
            for (int t = 0; t < 4; t++)
            {
                lane.tick();
            }
            burst(lane, 4);
        }
        assertEquals(0, lane.underruns());
        assertEquals(3, lane.dropped(), "after 1 s the smallest depth (4) is trimmed to the 1-chunk slack, once");
        assertEquals(PacedAudio.TRIM_SLACK + 4, lane.depth(), "the slack plus one burst");
    }

    @Test
    void shouldDropTheLateAudioAfterAnUnderrunSoLatencyDoesNotGrow()
    {
        final PacedAudio lane = new PacedAudio(sink, 60, 200);
        burst(lane, 6);
        for (int t = 0; t < 9; t++)
        {
            lane.tick(); // 6 chunks, then 3 underruns
        }
        assertEquals(3, lane.underruns());
        // the late engine catches up: 3 chunks late (their ticks played silence) plus 8 on time
        burst(lane, 11);
        lane.tick();
        assertEquals(3, lane.dropped(), "the 3 late chunks go");
        assertEquals(10, out.get(out.size() - 1), "playout resumes on the wall-clock timeline");
        assertEquals(7, lane.depth());
    }

    @Test
    void shouldDropTheOldestAudioOverTheCap()
    {
        final PacedAudio lane = new PacedAudio(sink, 60, 200);
        burst(lane, 25);
        lane.tick();
        assertEquals(19, lane.dropped(), "25 queued, cut to the 6-chunk prime level, one of those pushed");
        assertEquals(List.of(20), out);
        assertEquals(5, lane.depth());
    }

    @Test
    void shouldDropTheNewestWhenTheRingIsFull()
    {
        final PacedAudio lane = new PacedAudio(sink, 60, 200);
        burst(lane, PacedAudio.SLOTS + 3);
        assertEquals(PacedAudio.SLOTS, lane.depth());
        assertEquals(3, lane.dropped());
    }

    @Test
    void shouldPrimeAgainAfterTheEngineStops()
    {
        final PacedAudio lane = new PacedAudio(sink, 60, 200);
        burst(lane, 6);
        for (int t = 0; t < 6 + 21; t++)
        {
            lane.tick();
        }
        burst(lane, 5);
        lane.tick();
        assertEquals(0, out.get(out.size() - 1), "not primed again yet: silence, nothing dropped");
        assertEquals(0, lane.dropped());
        burst(lane, 1);
        lane.tick();
        assertEquals(7, out.get(out.size() - 1), "the new timeline starts with the first new chunk");
    }

    @Test
    void shouldStopPushingOnceClosed()
    {
        final PacedAudio lane = new PacedAudio(sink, 10, 200);
        burst(lane, 2);
        lane.close();
        lane.tick();
        assertEquals(List.of(), out);
    }

    @Test
    void shouldRejectDepthsOutsideTheRing()
    {
        assertThrows(IllegalArgumentException.class, () -> new PacedAudio(sink, 0, 200));
        assertThrows(IllegalArgumentException.class, () -> new PacedAudio(sink, 60, 50));
        assertThrows(IllegalArgumentException.class, () -> new PacedAudio(sink, 60, 300));
    }

    /** Writes {@code chunks} tagged chunks, as the engine thread does after a frame. */
    private void burst(final PacedAudio lane, final int chunks)
    {
        for (int c = 0; c < chunks; c++)
        {
            java.util.Arrays.fill(chunk, (nextTag++ + 0.5f) / 32767f);
            lane.write(chunk, 0, N);
        }
    }
}
