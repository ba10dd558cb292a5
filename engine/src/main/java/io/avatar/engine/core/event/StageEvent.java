package io.avatar.engine.core.event;

/**
 * Header every event on an engine ring carries. Instances are preallocated once per ring slot by an
 * {@link com.lmax.disruptor.EventFactory} and reused for the life of the engine: nothing here allocates.
 * <p>
 * Threading: a slot is written only by the producer that claimed it (between {@code tryNext()} and
 * {@code publish()}) and read only by consumers after the publish, so no field needs to be volatile; the ring's
 * sequence publication gives the happens-before edge.
 */
public abstract class StageEvent
{
    /** Value of {@link #deadlineNs()} for events that never expire (control and bookkeeping events). */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    private long sessionId;
    private long seq;
    private long ptsNs;
    private long deadlineNs = NO_DEADLINE;
    private long originNs;
    private EventStatus status = EventStatus.OK;

    /**
     * Creates an event with an empty header. Called by the ring's event factory at construction only.
     */
    protected StageEvent()
    {
    }

    /**
     * @return the session this event belongs to. Read by the thread that owns the slot.
     */
    public final long sessionId()
    {
        return sessionId;
    }

    /**
     * @param sessionId the session this event belongs to. Called by the producing thread before publish.
     */
    public final void sessionId(final long sessionId)
    {
        this.sessionId = sessionId;
    }

    /**
     * @return per-session, per-stream sequence number (chunk or frame number); gaps mean something was dropped.
     */
    public final long seq()
    {
        return seq;
    }

    /**
     * @param seq per-session, per-stream sequence number. Called by the producing thread before publish.
     */
    public final void seq(final long seq)
    {
        this.seq = seq;
    }

    /**
     * @return presentation timestamp in nanoseconds of the session's audio clock
     *     ({@link io.avatar.engine.core.clock.MediaTime}).
     */
    public final long ptsNs()
    {
        return ptsNs;
    }

    /**
     * @param ptsNs presentation timestamp in nanoseconds of the session's audio clock. Producing thread only.
     */
    public final void ptsNs(final long ptsNs)
    {
        this.ptsNs = ptsNs;
    }

    /**
     * @return the engine-clock time (the stage {@link org.agrona.concurrent.NanoClock}) after which the event is
     *     worthless, or {@link #NO_DEADLINE}.
     */
    public final long deadlineNs()
    {
        return deadlineNs;
    }

    /**
     * @param deadlineNs engine-clock deadline, or {@link #NO_DEADLINE}. Producing thread only.
     */
    public final void deadlineNs(final long deadlineNs)
    {
        this.deadlineNs = deadlineNs;
    }

    /**
     * @return engine-clock time at which the data this event carries entered the engine; stages record
     *     {@code now - originNs} in their latency histogram.
     */
    public final long originNs()
    {
        return originNs;
    }

    /**
     * @param originNs engine-clock time at which the data entered the engine. Producing thread only.
     */
    public final void originNs(final long originNs)
    {
        this.originNs = originNs;
    }

    /**
     * @return the event's outcome so far.
     */
    public final EventStatus status()
    {
        return status;
    }

    /**
     * @param status the event's outcome. Called by the thread that currently owns the slot.
     */
    public final void status(final EventStatus status)
    {
        this.status = status;
    }

    /**
     * Deadline test in wrap-safe form ({@code deadline - now < 0}, never {@code now > deadline}, because
     * {@link System#nanoTime()} may be negative and may wrap).
     *
     * @param nowNs the stage's cached clock value for this duty cycle.
     * @return true when the event has a deadline and it has passed.
     */
    public final boolean isLate(final long nowNs)
    {
        return deadlineNs != NO_DEADLINE && deadlineNs - nowNs < 0;
    }

    /**
     * Copies session, sequence, pts, deadline and origin from another event and sets the status to
     * {@link EventStatus#OK}: the usual first step when a stage derives its output from an input.
     *
     * @param source the event whose header is copied.
     */
    public final void copyHeaderFrom(final StageEvent source)
    {
        sessionId = source.sessionId;
        seq = source.seq;
        ptsNs = source.ptsNs;
        deadlineNs = source.deadlineNs;
        originNs = source.originNs;
        status = EventStatus.OK;
    }

    /**
     * Resets the header to its freshly constructed state. The payload is left as is: every producer overwrites the
     * part it uses, and clearing large arrays per event would cost more than it protects.
     */
    public final void clearHeader()
    {
        sessionId = 0;
        seq = 0;
        ptsNs = 0;
        deadlineNs = NO_DEADLINE;
        originNs = 0;
        status = EventStatus.OK;
    }
}
