package io.avatar.engine.core.event;

/**
 * Outcome carried by every {@link StageEvent}. An enum reference, so setting it never allocates.
 */
public enum EventStatus
{
    /** The event holds valid data. */
    OK,
    /** A stage threw while handling the event; downstream must not trust its payload (the renderer repeats the last good frame). */
    FAILED,
    /** The event was dropped (deadline missed or no room downstream); its payload is stale. */
    DROPPED
}
