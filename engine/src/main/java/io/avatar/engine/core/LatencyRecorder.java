package io.avatar.engine.core;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A stage's latency histogram: the stage thread records wait-free into an HdrHistogram
 * {@link SingleWriterRecorder} (no locks, no allocation, fixed range), and readers fold interval histograms into a
 * running total.
 * <p>
 * Threading: {@link #record(long)} only on the stage's thread (single writer). {@link #snapshot()} and
 * {@link #snapshotInto(Histogram)} from any thread; they synchronise among readers only.
 */
public final class LatencyRecorder
{
    /** Largest value tracked; larger values are recorded as this (60 s). */
    public static final long MAX_TRACKABLE_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, MAX_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(1, MAX_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    /**
     * Creates an empty recorder. Build time.
     */
    public LatencyRecorder()
    {
    }

    /**
     * Records one latency. Stage thread only; wait-free, allocation-free. Negative values (an origin stamped by a
     * different clock) are recorded as 0, values above {@link #MAX_TRACKABLE_NS} as the maximum.
     *
     * @param valueNs latency in ns.
     */
    public void record(final long valueNs)
    {
        recorder.recordValue(valueNs < 0 ? 0 : Math.min(valueNs, MAX_TRACKABLE_NS));
    }

    /**
     * Adds everything recorded so far into {@code target}. Any thread; allocates on the first call only.
     *
     * @param target the histogram to add into (range at least {@link #MAX_TRACKABLE_NS}).
     */
    public synchronized void snapshotInto(final Histogram target)
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        target.add(total);
    }

    /**
     * @return a copy of everything recorded so far. Any thread; allocates.
     */
    public Histogram snapshot()
    {
        final Histogram copy = new Histogram(1, MAX_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        snapshotInto(copy);
        return copy;
    }
}
