package io.avatar.engine.core;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The only way another thread talks to a stage: commands go into the stage's multi-producer ring of preallocated
 * {@link StageCommand} slots and the stage drains a bounded number of them at the start of each duty cycle. Offering
 * never blocks and never allocates; a full queue is refused and counted.
 * <p>
 * Threading: {@link #offer} from any number of threads concurrently (lock-free claim). Commands from one thread are
 * seen in the order offered.
 */
public final class StageProxy
{
    private final String stageName;
    private final RingBuffer<StageCommand> commands;
    private final AtomicCounter rejected;

    StageProxy(final String stageName, final RingBuffer<StageCommand> commands, final AtomicCounter rejected)
    {
        this.stageName = stageName;
        this.commands = commands;
        this.rejected = rejected;
    }

    /**
     * @return name of the stage this proxy commands.
     */
    public String stageName()
    {
        return stageName;
    }

    /**
     * Offers a command. Any thread; lock-free, allocation-free.
     *
     * @param type       command type, defined by the receiving stage's logic.
     * @param sessionId  the session concerned, or 0.
     * @param value      a primitive argument.
     * @param attachment a reference argument, or null (keep it for rare commands: it is a handover, not a copy).
     * @return false when the command queue is full (counted as {@link StageCounter#COMMANDS_REJECTED}); the caller
     *     decides whether to retry.
     */
    public boolean offer(final int type, final long sessionId, final long value, final Object attachment)
    {
        final long sequence;
        try
        {
            sequence = commands.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            rejected.increment();
            return false;
        }
        commands.get(sequence).set(type, sessionId, value, attachment);
        commands.publish(sequence);
        return true;
    }
}
