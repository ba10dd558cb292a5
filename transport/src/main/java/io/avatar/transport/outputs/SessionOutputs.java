package io.avatar.transport.outputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The outputs of one kind (WHIP publishers, RTMP/SRT streams) that a server started for its sessions through the
 * REST API, by id. Outputs leave the open set when they close, whoever closed them (the REST API, the session's end,
 * a failure); the last {@link #ENDED_KEPT} that ended stay readable by id, so a client polling an output learns how it
 * ended (final counts, failure) instead of a bare 404. Thread-safe.
 *
 * @param <T> the kind of output.
 */
public class SessionOutputs<T extends SessionOutputs.Output>
{
    /** An output the registry can hold. */
    public interface Output extends AutoCloseable
    {
        /**
         * @return its id. Any thread.
         */
        String id();

        /**
         * @return the session it sends. Any thread.
         */
        String sessionId();

        /**
         * Runs {@code r} once the output has closed (at once, on the caller's thread, if it already has). Any thread.
         *
         * @param r what to run; it must not throw or block.
         */
        void whenClosed(Runnable r);

        /**
         * Stops the output and frees what it holds. Idempotent; may block; never on an engine thread.
         */
        @Override
        void close();
    }

    /** Ended outputs kept readable by id (the oldest is forgotten first). */
    public static final int ENDED_KEPT = 32;

    private final Map<String, T> outputs = new ConcurrentHashMap<>();
    /** Recently ended outputs, oldest first; guarded by itself. */
    private final LinkedHashMap<String, T> ended = new LinkedHashMap<>();

    /**
     * @return a fresh output id (12 hex digits) not in use. Any thread.
     */
    public String newId()
    {
        while (true)
        {
            final String id = String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
            if (!outputs.containsKey(id) && !wasEnded(id))
            {
                return id;
            }
        }
    }

    /**
     * Registers an open output; it is removed when it closes, and then {@code afterClose} runs. Any thread.
     *
     * @param output     the output.
     * @param afterClose runs once after the output closed and left the registry (e.g. frees a peer slot).
     */
    public void add(final T output, final Runnable afterClose)
    {
        outputs.put(output.id(), output);
        output.whenClosed(() ->
        {
            synchronized (ended)
            {
                ended.put(output.id(), output);
                if (ended.size() > ENDED_KEPT)
                {
                    ended.remove(ended.keySet().iterator().next());
                }
            }
            outputs.remove(output.id(), output);
            afterClose.run();
        });
    }

    private boolean wasEnded(final String id)
    {
        synchronized (ended)
        {
            return ended.containsKey(id);
        }
    }

    /**
     * @param sessionId the session.
     * @param id        the output id.
     * @return the output, open or among the recently ended, or null when there is none with that id for that
     *     session. Any thread.
     */
    public T get(final String sessionId, final String id)
    {
        T o = outputs.get(id);
        if (o == null)
        {
            synchronized (ended)
            {
                o = ended.get(id);
            }
        }
        return o != null && o.sessionId().equals(sessionId) ? o : null;
    }

    /**
     * @param sessionId the session.
     * @return its open outputs. Any thread.
     */
    public List<T> forSession(final String sessionId)
    {
        final List<T> out = new ArrayList<>();
        for (final T o : outputs.values())
        {
            if (o.sessionId().equals(sessionId))
            {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * @return how many outputs are open. Any thread.
     */
    public int size()
    {
        return outputs.size();
    }

    /**
     * Closes every output (server shutdown). Blocks; not on an engine thread.
     */
    public void closeAll()
    {
        for (final T o : List.copyOf(outputs.values()))
        {
            o.close();
        }
    }
}
