package io.avatar.transport.whip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The WHIP outputs of one server, by id. Outputs leave the registry when they close, whoever closed them
 * (the REST API, the session's end, a failed connection). Thread-safe.
 */
public final class WhipOutputs
{
    private final Map<String, WhipOutput> outputs = new ConcurrentHashMap<>();

    /**
     * @return a fresh output id (12 hex digits) not in use.
     */
    public String newId()
    {
        while (true)
        {
            final String id = String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
            if (!outputs.containsKey(id))
            {
                return id;
            }
        }
    }

    /**
     * Registers an open output; it is removed when it closes, and then {@code afterClose} runs.
     *
     * @param output     the output.
     * @param afterClose runs once after the output closed and left the registry (e.g. frees a peer slot).
     */
    public void add(final WhipOutput output, final Runnable afterClose)
    {
        outputs.put(output.id(), output);
        output.whenClosed(() ->
        {
            outputs.remove(output.id(), output);
            afterClose.run();
        });
    }

    /**
     * @param sessionId the session.
     * @param id        the output id.
     * @return the output, or null when there is none with that id for that session.
     */
    public WhipOutput get(final String sessionId, final String id)
    {
        final WhipOutput o = outputs.get(id);
        return o != null && o.sessionId().equals(sessionId) ? o : null;
    }

    /**
     * @param sessionId the session.
     * @return its open outputs.
     */
    public List<WhipOutput> forSession(final String sessionId)
    {
        final List<WhipOutput> out = new ArrayList<>();
        for (final WhipOutput o : outputs.values())
        {
            if (o.sessionId().equals(sessionId))
            {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * @return how many outputs are open.
     */
    public int size()
    {
        return outputs.size();
    }

    /**
     * Closes every output (server shutdown): each DELETEs its resource. Blocks.
     */
    public void closeAll()
    {
        for (final WhipOutput o : List.copyOf(outputs.values()))
        {
            o.close();
        }
    }
}
