package io.avatar.engine.core;

import java.util.List;

import io.avatar.engine.core.event.FeatureFrameEvent;
import io.avatar.engine.core.event.StageEvent;

/**
 * Test sink: records what arrives into preallocated arrays. {@link #received()} is volatile so a test thread can
 * poll progress while a runner thread writes; the arrays are read after the engine closed (thread join).
 */
final class CollectingSink implements StageLogic<FeatureFrameEvent, StageEvent>
{
    final long[] seq;
    final long[] ptsNs;
    final long[] sessionId;
    final float[] rms;
    final float[] vad;
    private final List<String> lifecycle;
    private volatile int received;
    private int notOk;

    CollectingSink(final int capacity, final List<String> lifecycle)
    {
        seq = new long[capacity];
        ptsNs = new long[capacity];
        sessionId = new long[capacity];
        rms = new float[capacity];
        vad = new float[capacity];
        this.lifecycle = lifecycle;
    }

    int received()
    {
        return received;
    }

    int notOk()
    {
        return notOk;
    }

    @Override
    public void onStart()
    {
        lifecycle.add("start sink");
    }

    @Override
    public void onEvent(final FeatureFrameEvent event, final long nowNs, final Emitter<StageEvent> out)
    {
        final int i = received;
        seq[i] = event.seq();
        ptsNs[i] = event.ptsNs();
        sessionId[i] = event.sessionId();
        rms[i] = event.logMel()[0];
        vad[i] = event.vadProbability();
        received = i + 1;
    }

    @Override
    public void onUpstreamNotOk(final FeatureFrameEvent event, final long nowNs, final Emitter<StageEvent> out)
    {
        notOk++;
    }

    @Override
    public void onClose()
    {
        lifecycle.add("close sink");
    }
}
