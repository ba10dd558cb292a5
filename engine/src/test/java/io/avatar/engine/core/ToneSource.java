package io.avatar.engine.core;

import java.util.List;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.clock.SessionClock;
import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.StageEvent;

/**
 * Test source: a 500 Hz sine at 16 kHz (exactly 20 periods per 40 ms chunk), cut into chunks on the session clock.
 * Live behaviour by default (produce whether or not there is room: the emitter drops and counts); with
 * {@code waitForRoom} it behaves like a file reader and only produces when the ring has room.
 */
final class ToneSource implements StageLogic<StageEvent, AudioChunkEvent>
{
    static final int FREQUENCY_HZ = 500;

    private final long sessionId;
    private final int chunkSamples;
    private final int totalChunks;
    private final float amplitude;
    private final long budgetNs;
    private final boolean waitForRoom;
    private final int chunksPerCycle;
    private final List<String> lifecycle;
    private final SessionClock clock = new SessionClock(25);
    private int chunk;

    ToneSource(
        final long sessionId,
        final int chunkSamples,
        final int totalChunks,
        final float amplitude,
        final long budgetNs,
        final boolean waitForRoom,
        final int chunksPerCycle,
        final List<String> lifecycle)
    {
        this.sessionId = sessionId;
        this.chunkSamples = chunkSamples;
        this.totalChunks = totalChunks;
        this.amplitude = amplitude;
        this.budgetNs = budgetNs;
        this.waitForRoom = waitForRoom;
        this.chunksPerCycle = chunksPerCycle;
        this.lifecycle = lifecycle;
    }

    static float sampleAt(final long index, final float amplitude)
    {
        return (float)(amplitude * Math.sin(2.0 * Math.PI * FREQUENCY_HZ * index / MediaTime.SAMPLE_RATE));
    }

    int chunksProduced()
    {
        return chunk;
    }

    @Override
    public void onStart()
    {
        lifecycle.add("start tone");
    }

    @Override
    public int onCycle(final long nowNs, final Emitter<AudioChunkEvent> out)
    {
        int work = 0;
        for (int i = 0; i < chunksPerCycle && chunk < totalChunks; i++)
        {
            if (waitForRoom && out.remainingCapacity() == 0)
            {
                break;
            }
            // The clock advances even when the chunk is dropped: audio time moves on, and the gap shows downstream.
            final long first = clock.advance(chunkSamples);
            final long seq = chunk++;
            work++;
            final AudioChunkEvent event = out.tryClaim();
            if (null == event)
            {
                continue;
            }
            final float[] samples = event.samples();
            for (int j = 0; j < chunkSamples; j++)
            {
                samples[j] = sampleAt(first + j, amplitude);
            }
            event.sampleCount(chunkSamples);
            event.firstSampleIndex(first);
            event.sessionId(sessionId);
            event.seq(seq);
            event.ptsNs(MediaTime.samplePtsNs(first));
            event.originNs(nowNs);
            event.deadlineNs(nowNs + budgetNs);
            out.publish();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        lifecycle.add("close tone");
    }
}
