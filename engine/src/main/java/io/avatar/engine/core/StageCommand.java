package io.avatar.engine.core;

/**
 * A preallocated command slot in a stage's command ring (see {@link StageProxy}). Commands are plain values
 * ({@code type}, {@code sessionId}, {@code value}) plus an optional reference for rare, non-hot-path payloads (a new
 * style code object, a session descriptor), so sending one never needs a capturing lambda or an allocation.
 * <p>
 * Threading: written by the offering thread between claim and publish, read by the stage thread in
 * {@link StageLogic#onCommand}; the stage clears it afterwards.
 */
public final class StageCommand
{
    private int type;
    private long sessionId;
    private long value;
    private Object attachment;

    StageCommand()
    {
    }

    void set(final int type, final long sessionId, final long value, final Object attachment)
    {
        this.type = type;
        this.sessionId = sessionId;
        this.value = value;
        this.attachment = attachment;
    }

    void clear()
    {
        attachment = null; // do not keep payloads reachable from a reused slot.
    }

    /**
     * @return the command type; its meaning is defined by the receiving {@link StageLogic}.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the session the command is about (0 when none).
     */
    public long sessionId()
    {
        return sessionId;
    }

    /**
     * @return a primitive argument.
     */
    public long value()
    {
        return value;
    }

    /**
     * @return a reference argument, or null. Valid only during {@link StageLogic#onCommand}.
     */
    public Object attachment()
    {
        return attachment;
    }
}
