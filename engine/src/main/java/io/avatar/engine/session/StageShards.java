package io.avatar.engine.session;

import java.util.List;

/**
 * The copies of one pipeline step that share the sessions (each session is handled by exactly one of them, chosen
 * at creation as the least loaded): their stage names and how many sessions each holds. Thread-safe: sessions are
 * created and closed on any caller thread; the choice is set-up work and takes this object's monitor, never a stage
 * thread's time.
 */
final class StageShards
{
    private final String[] names;
    private final int[] load;

    /**
     * @param step   the step's name, e.g. {@code render}.
     * @param copies how many stages; 1 keeps the plain name, more are named {@code step-0 .. step-(n-1)}.
     */
    StageShards(final String step, final int copies)
    {
        if (copies < 1)
        {
            throw new IllegalArgumentException(step + ": at least one stage, got " + copies);
        }
        names = new String[copies];
        for (int i = 0; i < copies; i++)
        {
            names[i] = copies == 1 ? step : step + "-" + i;
        }
        load = new int[copies];
    }

    /**
     * @return the stage names, in index order.
     */
    List<String> names()
    {
        return List.of(names);
    }

    /**
     * @param index a stage index.
     * @return its name.
     */
    String name(final int index)
    {
        return names[index];
    }

    /**
     * @return how many stages.
     */
    int count()
    {
        return names.length;
    }

    /**
     * Takes a place on the least loaded stage (the lowest index among equals).
     *
     * @return its index.
     */
    synchronized int take()
    {
        int best = 0;
        for (int i = 1; i < load.length; i++)
        {
            if (load[i] < load[best])
            {
                best = i;
            }
        }
        load[best]++;
        return best;
    }

    /**
     * Gives back a place taken by {@link #take()}.
     *
     * @param index the stage index.
     */
    synchronized void release(final int index)
    {
        load[index]--;
    }
}
