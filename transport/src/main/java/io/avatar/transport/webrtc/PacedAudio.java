package io.avatar.transport.webrtc;

import io.avatar.transport.api.FrameListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One publisher's audio lane in the {@link AudioPacer}: the engine thread writes 48 kHz float audio (converted to
 * 16-bit PCM in 10 ms chunks) into a preallocated single-producer single-consumer ring of chunk slots; the pacer
 * thread takes exactly one chunk per 10 ms tick and hands it to the sink (the publisher's audio source).
 *
 * <p>Why: the engine publishes each video frame with its own 40 ms of audio in one burst (80-160 ms after late
 * frames); pushed straight into WebRTC, the bursts made the browser's audio jitter buffer grow. Here the bursts land
 * in this queue instead and leave at wall-clock pace. The playout timeline is fixed when the lane first holds
 * {@link #primeChunks()} chunks: a tick with nothing queued plays silence (an underrun) and the chunk it should have
 * played, when it arrives late, is dropped once the queue is back above the prime level, so a late engine costs a
 * glitch, not lasting latency. A queue over {@link #maxChunks()} (the engine outran the wall clock, or the pacer
 * stalled) drops its oldest chunks down to the prime level. A queue whose smallest depth over {@link #TRIM_WINDOW}
 * ticks stayed above {@link #TRIM_SLACK} chunks is trimmed to that slack: a standing queue is latency and nothing
 * else (measured: without the trim the mean queue sat near 100 ms). A lane that underruns for longer than the
 * maximum primes again. No allocation after construction on either side.
 */
final class PacedAudio
{
    /** Ring slots: 320 ms, above the 200 ms cap plus the largest engine burst. Power of two. */
    static final int SLOTS = 32;
    private static final int MASK = SLOTS - 1;
    private static final int CHUNK_BYTES = FrameListener.AUDIO_CHUNK_SAMPLES * 2;
    /** Ticks over which the smallest queue depth is watched (1 s). */
    static final int TRIM_WINDOW = 100;
    /** Chunks of headroom the trim leaves at the window's smallest depth (10 ms for a late frame). */
    static final int TRIM_SLACK = 1;

    /** Where a chunk goes: the publisher's {@code CustomAudioSource}. Called on the pacer thread only. */
    interface Sink
    {
        /**
         * @param pcm16 one 10 ms chunk, 16-bit little-endian mono at 48 kHz; read during the call only.
         */
        void push(byte[] pcm16);
    }

    private final Sink sink;
    private final int primeChunks;
    private final int maxChunks;
    private final byte[][] slots = new byte[SLOTS][CHUNK_BYTES];
    private final byte[] silence = new byte[CHUNK_BYTES];
    /** Where the producer writes a chunk while the ring is full (that chunk is then dropped). */
    private final byte[] discard = new byte[CHUNK_BYTES];
    /** Chunks published by the producer; written by the engine thread only. */
    private final AtomicLong head = new AtomicLong();
    /** Chunks consumed (pushed or dropped) by the pacer; written by the pacer thread only. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong underruns = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Sum over primed ticks of the queue depth left after the tick, in chunks (for the mean queue delay). */
    private final AtomicLong depthSum = new AtomicLong();
    private final AtomicLong primedTicks = new AtomicLong();
    /** 1 while the pacer is inside {@link #tick()}; with {@link #closed}, lets {@link #close()} wait for it. */
    private volatile int busy;
    private volatile boolean closed;

    // producer (engine thread) state
    private byte[] filling;
    private int fill;

    // consumer (pacer thread) state
    private boolean primed;
    private int debt;
    private int silentTicks;
    private int windowTicks;
    private int windowMin = Integer.MAX_VALUE;

    /**
     * @param sink        where chunks go (pacer thread).
     * @param primeMs     queue depth (ms, whole 10 ms chunks) at which playout starts; it absorbs the engine's bursts.
     * @param maxMs       queue depth (ms) above which the oldest audio is dropped.
     * @throws IllegalArgumentException when the depths are not 10..maxMs and primeMs..(ring - 100 ms).
     */
    PacedAudio(final Sink sink, final int primeMs, final int maxMs)
    {
        this.sink = sink;
        this.primeChunks = primeMs / 10;
        this.maxChunks = maxMs / 10;
        if (primeChunks < 1 || maxChunks < primeChunks || maxChunks > SLOTS - 10)
        {
            throw new IllegalArgumentException("audio pacer depths must satisfy 10 <= prime (" + primeMs
                + " ms) <= max (" + maxMs + " ms) <= " + (SLOTS - 10) * 10 + " ms");
        }
    }

    /**
     * Converts and queues audio; a chunk is published each time one fills. Engine thread only (one producer).
     *
     * @param pcm samples in [-1, 1].
     * @param off first sample.
     * @param len number of samples.
     * @return chunks completed (queued or, with the ring full, dropped).
     */
    int write(final float[] pcm, final int off, final int len)
    {
        int chunks = 0;
        for (int i = 0; i < len; i++)
        {
            if (fill == 0)
            {
                final long h = head.get();
                filling = h - tail.getAcquire() < SLOTS ? slots[(int)h & MASK] : discard;
            }
            final float v = pcm[off + i];
            final int s = (int)((v > 1f ? 1f : v < -1f ? -1f : v) * 32767f);
            filling[2 * fill] = (byte)s;
            filling[2 * fill + 1] = (byte)(s >> 8);
            if (++fill == FrameListener.AUDIO_CHUNK_SAMPLES)
            {
                fill = 0;
                chunks++;
                if (filling == discard)
                {
                    dropped.incrementAndGet();
                }
                else
                {
                    head.setRelease(head.get() + 1);
                }
            }
        }
        return chunks;
    }

    /**
     * Pushes exactly one chunk (queued audio or silence) to the sink, applying the prime, late-drop and cap rules.
     * Pacer thread only; does nothing once {@link #close()} has begun.
     */
    void tick()
    {
        busy = 1;
        try
        {
            if (!closed)
            {
                consume();
            }
        }
        finally
        {
            busy = 0;
        }
    }

    private void consume()
    {
        long t = tail.get();
        final int depth = (int)(head.getAcquire() - t);
        if (!primed)
        {
            if (depth < primeChunks)
            {
                sink.push(silence);
                return;
            }
            primed = true;
            debt = 0;
            silentTicks = 0;
        }
        int drop = 0;
        if (depth > maxChunks)
        {
            drop = depth - primeChunks;
        }
        else if (debt > 0 && depth > primeChunks)
        {
            // chunks that arrived after their playout tick (silence was played instead): late audio is useless
            drop = Math.min(debt, depth - primeChunks);
            debt -= drop;
        }
        if (drop > 0)
        {
            t += drop;
            dropped.addAndGet(drop);
        }
        if (depth - drop == 0)
        {
            sink.push(silence);
            underruns.incrementAndGet();
            debt = Math.min(debt + 1, maxChunks);
            if (++silentTicks > maxChunks)
            {
                // the engine stopped producing (idle, paused): start a fresh timeline when audio comes back
                primed = false;
            }
        }
        else
        {
            sink.push(slots[(int)t & MASK]);
            t++;
            pushed.incrementAndGet();
            silentTicks = 0;
        }
        int left = depth - drop - (depth - drop == 0 ? 0 : 1);
        windowMin = Math.min(windowMin, left);
        if (++windowTicks == TRIM_WINDOW)
        {
            if (windowMin > TRIM_SLACK)
            {
                // a standing queue (a backlog at priming, a late burst beyond the underrun debt) is pure latency
                final int trim = windowMin - TRIM_SLACK;
                t += trim;
                left -= trim;
                dropped.addAndGet(trim);
            }
            windowTicks = 0;
            windowMin = Integer.MAX_VALUE;
        }
        tail.setRelease(t);
        depthSum.lazySet(depthSum.get() + left);
        primedTicks.lazySet(primedTicks.get() + 1);
    }

    /**
     * @return mean queue depth after a primed tick, in ms: the delay the pacer adds on average. Any thread.
     */
    double meanQueueMs()
    {
        final long n = primedTicks.get();
        return n == 0 ? 0 : 10.0 * depthSum.get() / n;
    }

    /**
     * Stops the pacer from touching the sink: returns once no {@link #tick()} is in progress, so the sink (a native
     * source) can be disposed afterwards. Any thread; idempotent.
     */
    void close()
    {
        closed = true;
        while (busy != 0)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * @return whether {@link #close()} has begun. Any thread.
     */
    boolean isClosed()
    {
        return closed;
    }

    /**
     * @return chunks queued and not yet consumed (an estimate when read off the pacer thread). Any thread.
     */
    int depth()
    {
        return (int)(head.get() - tail.get());
    }

    /**
     * @return queue depth at which playout starts, in 10 ms chunks.
     */
    int primeChunks()
    {
        return primeChunks;
    }

    /**
     * @return queue depth above which the oldest audio is dropped, in 10 ms chunks.
     */
    int maxChunks()
    {
        return maxChunks;
    }

    /**
     * @return engine audio chunks pushed to the sink (silence not counted). Any thread.
     */
    long pushed()
    {
        return pushed.get();
    }

    /**
     * @return ticks that found the primed queue empty and pushed silence. Any thread.
     */
    long underruns()
    {
        return underruns.get();
    }

    /**
     * @return engine audio chunks dropped: late after an underrun, over the cap, or with the ring full. Any thread.
     */
    long dropped()
    {
        return dropped.get();
    }
}
