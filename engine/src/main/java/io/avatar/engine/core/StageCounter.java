package io.avatar.engine.core;

/**
 * The counters every stage keeps, one Agrona {@link org.agrona.concurrent.status.AtomicCounter} each, labelled
 * {@code "<stage>: <description>"} so any {@link org.agrona.concurrent.status.CountersReader} can list them.
 * <p>
 * Threading: every counter has a single writer, the stage's own thread, except {@link #COMMANDS_REJECTED}, which the
 * offering threads increment atomically. Any thread may read them.
 */
public enum StageCounter
{
    /** Events taken from the input ring (whatever happened to them next). */
    EVENTS_IN("events in"),
    /** Events published to the output ring (including ones published as FAILED). */
    EVENTS_OUT("events out"),
    /** Output events not published because the downstream ring was full (drop-newest: see {@link Emitter}). */
    DROPPED_RING_FULL("dropped, downstream ring full"),
    /** Input events dropped because their deadline had passed when the stage got to them. */
    DROPPED_DEADLINE("dropped, deadline missed"),
    /** Events or commands whose handler threw; the event is marked FAILED and the stage goes on. */
    FAILED("failed, handler threw"),
    /** Input events that arrived already FAILED or DROPPED from upstream. */
    UPSTREAM_NOT_OK("received failed or dropped from upstream"),
    /** Commands taken from the stage's proxy queue. */
    COMMANDS("commands handled"),
    /** Commands refused because the stage's command queue was full. */
    COMMANDS_REJECTED("commands rejected, queue full"),
    /** Longest time between two duty cycles, in ns (includes idling). */
    MAX_CYCLE_NS("max duty cycle ns"),
    /** Duty cycles longer than the context's cycle threshold. */
    CYCLE_THRESHOLD_EXCEEDED("duty cycles over threshold");

    /** Counter type ids of stage counters start here ({@code BASE_TYPE_ID + ordinal()}). */
    public static final int BASE_TYPE_ID = 1000;

    private final String description;

    StageCounter(final String description)
    {
        this.description = description;
    }

    /**
     * @return human-readable description used in the counter label.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return the Agrona counter type id of this counter.
     */
    public int typeId()
    {
        return BASE_TYPE_ID + ordinal();
    }
}
