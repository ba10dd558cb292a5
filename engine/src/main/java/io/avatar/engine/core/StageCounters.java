package io.avatar.engine.core;

import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The {@link StageCounter} set of one stage, allocated in the engine's {@link CountersManager}.
 * <p>
 * Threading: created and closed on the thread that builds/closes the engine ({@code CountersManager} allocation is
 * single-threaded). {@link #get(StageCounter)} may be called from any thread.
 */
public final class StageCounters implements AutoCloseable
{
    private static final StageCounter[] KINDS = StageCounter.values();

    private final String stageName;
    private final AtomicCounter[] counters = new AtomicCounter[KINDS.length];

    /**
     * Allocates one counter per {@link StageCounter}; on failure frees what was allocated and rethrows.
     *
     * @param countersManager where the counters live.
     * @param stageName       the stage's name, used in labels.
     */
    public StageCounters(final CountersManager countersManager, final String stageName)
    {
        this.stageName = stageName;
        try
        {
            for (final StageCounter kind : KINDS)
            {
                counters[kind.ordinal()] =
                    countersManager.newCounter(stageName + ": " + kind.description(), kind.typeId());
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(counters);
            throw ex;
        }
    }

    /**
     * @return the stage's name.
     */
    public String stageName()
    {
        return stageName;
    }

    /**
     * @param kind which counter.
     * @return its current value (volatile read). Any thread.
     */
    public long get(final StageCounter kind)
    {
        return counters[kind.ordinal()].get();
    }

    /**
     * @param kind which counter.
     * @return the counter itself, for the stage thread to cache in a field (hot path) or for readers.
     */
    public AtomicCounter counter(final StageCounter kind)
    {
        return counters[kind.ordinal()];
    }

    /**
     * Frees the counters in the manager. Idempotent. Engine-closing thread, after the stage has stopped.
     */
    @Override
    public void close()
    {
        for (int i = counters.length - 1; i >= 0; i--)
        {
            CloseHelper.close(counters[i]);
        }
    }

    /**
     * @return {@code "stage{name: counter=value, ...}"}; any thread, allocates (not for the hot path).
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(stageName).append('{');
        for (final StageCounter kind : KINDS)
        {
            if (kind.ordinal() > 0)
            {
                sb.append(", ");
            }
            sb.append(kind.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(get(kind));
        }
        return sb.append('}').toString();
    }
}
