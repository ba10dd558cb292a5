package io.avatar.engine.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.FeatureFrameEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Several caller threads push session audio into one multi-producer ring; the engine's stages see every chunk,
 * each session's chunks in order.
 */
class RingIngressTest
{
    private static final int CHUNK = 640;

    private static void push(final RingIngress<AudioChunkEvent> ingress, final long session, final int chunks)
    {
        final float[] pcm = new float[CHUNK];
        for (int c = 0; c < chunks; c++)
        {
            final long first = (long)c * CHUNK;
            for (int j = 0; j < CHUNK; j++)
            {
                pcm[j] = ToneSource.sampleAt(first + j, 0.1f * session);
            }
            final long sequence = ingress.tryClaim();
            if (sequence < 0)
            {
                continue;
            }
            final AudioChunkEvent event = ingress.event(sequence);
            event.put(pcm, 0, CHUNK, first);
            event.sessionId(session);
            event.seq(c);
            event.ptsNs(MediaTime.samplePtsNs(first));
            ingress.publish(sequence);
        }
    }

    @Test
    void shouldCarryEverySessionsChunksInOrderFromManyThreads() throws InterruptedException
    {
        final List<String> lifecycle = Collections.synchronizedList(new ArrayList<>());
        final int sessions = 4;
        final int chunks = 200;
        final CollectingSink sink = new CollectingSink(sessions * chunks, lifecycle);
        final PipelineBuilder builder = new PipelineBuilder(new EngineContext().threadingMode(ThreadingMode.INVOKER));
        final EventRing<AudioChunkEvent> audio = builder.ring("audio", AudioChunkEvent.factory(CHUNK), 1024, true);
        final EventRing<FeatureFrameEvent> features = builder.ring("features", FeatureFrameEvent.FACTORY, 1024, false);
        final RingIngress<AudioChunkEvent> ingress = builder.ingress(audio);
        builder.stage("rms", audio, new RmsFeature(-1, lifecycle), features).sink("sink", features, sink);
        try (Engine engine = builder.build())
        {
            engine.start();
            final List<Thread> threads = new ArrayList<>();
            for (int s = 1; s <= sessions; s++)
            {
                final long session = s;
                final Thread thread = new Thread(() -> push(ingress, session, chunks));
                threads.add(thread);
                thread.start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            while (engine.invoke() > 0)
            {
                Thread.onSpinWait();
            }
            assertEquals(sessions * chunks, ingress.publishedCount());
            assertEquals(0, ingress.droppedCount());
            assertEquals(sessions * chunks, sink.received());
            final long[] nextSeq = new long[sessions + 1];
            for (int i = 0; i < sink.received(); i++)
            {
                final int session = (int)sink.sessionId[i];
                assertEquals(nextSeq[session]++, sink.seq[i], "session " + session + " out of order");
                assertEquals(0.1 * session / Math.sqrt(2.0), sink.rms[i], 1e-4);
            }
        }
    }

    @Test
    void shouldRefuseAndCountWhenTheRingIsFull()
    {
        final PipelineBuilder builder = new PipelineBuilder(new EngineContext().threadingMode(ThreadingMode.INVOKER));
        final EventRing<AudioChunkEvent> audio = builder.ring("audio", AudioChunkEvent.factory(CHUNK), 8, true);
        final RingIngress<AudioChunkEvent> ingress = builder.ingress(audio);
        final CollectingSink sink = new CollectingSink(16, new ArrayList<>());
        final EventRing<FeatureFrameEvent> features = builder.ring("features", FeatureFrameEvent.FACTORY);
        builder.stage("rms", audio, new RmsFeature(-1, new ArrayList<>()), features).sink("sink", features, sink);
        try (Engine engine = builder.build())
        {
            engine.start();
            push(ingress, 1, 10);
            assertEquals(8, ingress.publishedCount());
            assertEquals(2, ingress.droppedCount());
            engine.invoke();
            engine.invoke();
            assertEquals(8, sink.received());
        }
    }

    @Test
    void shouldRejectIngressIntoASingleProducerRing()
    {
        final PipelineBuilder builder = new PipelineBuilder(new EngineContext().threadingMode(ThreadingMode.INVOKER));
        final EventRing<AudioChunkEvent> audio = builder.ring("audio", AudioChunkEvent.factory(CHUNK));
        assertEquals("ingress needs a multi-producer ring; 'audio' is not",
            assertThrows(IllegalArgumentException.class, () -> builder.ingress(audio)).getMessage());
        builder.context().close();
    }
}
