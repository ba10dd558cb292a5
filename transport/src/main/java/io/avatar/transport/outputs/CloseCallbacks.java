package io.avatar.transport.outputs;

import java.util.ArrayList;
import java.util.List;

/**
 * The "run this once the output has closed" list behind {@link SessionOutputs.Output#whenClosed}: callbacks added
 * before {@link #fire()} run when it is called, those added after run at once on the adding thread; each runs exactly
 * once. Callbacks run outside the lock, so one may add another or call back into its output. Thread-safe.
 */
public final class CloseCallbacks
{
    private final List<Runnable> pending = new ArrayList<>();
    private boolean fired;                 // guarded by this

    /**
     * Runs {@code r} once {@link #fire()} has been called (at once, on the caller's thread, if it already has). Any
     * thread.
     *
     * @param r what to run; it must not throw.
     */
    public void add(final Runnable r)
    {
        synchronized (this)
        {
            if (!fired)
            {
                pending.add(r);
                return;
            }
        }
        r.run();
    }

    /**
     * Runs every callback added so far, on the caller's thread, and the later ones as they are added. Calls after the
     * first do nothing. Any thread.
     */
    public void fire()
    {
        final List<Runnable> run;
        synchronized (this)
        {
            if (fired)
            {
                return;
            }
            fired = true;
            run = List.copyOf(pending);
            pending.clear();
        }
        run.forEach(Runnable::run);
    }
}
