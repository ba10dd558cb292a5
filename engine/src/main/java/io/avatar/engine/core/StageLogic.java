package io.avatar.engine.core;

import io.avatar.engine.core.event.StageEvent;

/**
 * What a stage does: the {@link Stage} agent owns the loop (clock, commands, polling, deadlines, errors, counters)
 * and calls these methods. Every method runs on the stage's thread only, so implementations keep their state in plain
 * fields and must not block, sleep or allocate per event.
 * <p>
 * Exceptions thrown from {@link #onCycle}, {@link #onEvent}, {@link #onUpstreamNotOk}, {@link #onEndOfBatch} and
 * {@link #onCommand} are caught per event: counted as {@link StageCounter#FAILED}, reported to the engine's
 * {@link org.agrona.ErrorHandler}, the input event is marked FAILED, any claimed output slot is published as FAILED,
 * and the stage goes on. Only {@link org.agrona.concurrent.AgentTerminationException} or an {@link Error} stops it.
 *
 * @param <I> input event type ({@link StageEvent} for a source).
 * @param <O> output event type ({@link StageEvent} for a sink).
 */
public interface StageLogic<I extends StageEvent, O extends StageEvent>
{
    /**
     * Takes thread-bound resources (e.g. a CUDA context). Stage thread, once, before any other call.
     */
    default void onStart()
    {
    }

    /**
     * Most output events one input event can produce (a 40 ms audio chunk gives 4 feature frames). Under
     * {@link FullRingPolicy#BACKPRESSURE} the stage takes only as many inputs as the output ring has room for.
     * Read once when the stage is built.
     *
     * @return at least 1.
     */
    default int maxOutputsPerEvent()
    {
        return 1;
    }

    /**
     * Called once per duty cycle, after commands and before input: sources produce here.
     *
     * @param nowNs the cycle's cached clock value.
     * @param out   where to publish.
     * @return work done (0 when idle), added to the duty cycle's work count.
     * @throws Exception counted and reported, see the interface doc.
     */
    default int onCycle(final long nowNs, final Emitter<O> out) throws Exception
    {
        return 0;
    }

    /**
     * Whether this stage takes the event at all. Sibling stages that share one input ring (shards, each owning some
     * sessions) all see every event; each takes only its own, and an event it does not take is neither counted,
     * timed, checked for lateness nor modified by it (the owning sibling may be modifying it concurrently, so this
     * method reads only what no stage changes, such as the session id). Default: every event.
     *
     * @param event the input event.
     * @return true when this stage handles it.
     */
    default boolean accepts(final I event)
    {
        return true;
    }

    /**
     * Handles one OK, not-late input event. The event may be modified (it is the stage's until the poll ends).
     *
     * @param event the input event.
     * @param nowNs the cycle's cached clock value.
     * @param out   where to publish.
     * @throws Exception counted and reported, see the interface doc.
     */
    default void onEvent(final I event, final long nowNs, final Emitter<O> out) throws Exception
    {
        throw new UnsupportedOperationException(getClass().getName() + " handles no input events");
    }

    /**
     * Handles an input event that arrived FAILED or DROPPED from upstream. Default: skip it (a renderer overrides this
     * to repeat its last good frame).
     *
     * @param event the input event (status not OK).
     * @param nowNs the cycle's cached clock value.
     * @param out   where to publish.
     * @throws Exception counted and reported, see the interface doc.
     */
    default void onUpstreamNotOk(final I event, final long nowNs, final Emitter<O> out) throws Exception
    {
    }

    /**
     * Called after each polled batch of at least one event: batching logic (the decoder batching sessions) runs its
     * model here over what {@link #onEvent} gathered.
     *
     * @param nowNs the cycle's cached clock value.
     * @param out   where to publish.
     * @throws Exception counted and reported, see the interface doc.
     */
    default void onEndOfBatch(final long nowNs, final Emitter<O> out) throws Exception
    {
    }

    /**
     * Handles a command sent through the stage's {@link StageProxy}.
     *
     * @param command the command; valid only during this call.
     * @param nowNs   the cycle's cached clock value.
     * @param out     where to publish (e.g. a flush marker on barge-in).
     * @throws Exception counted and reported, see the interface doc.
     */
    default void onCommand(final StageCommand command, final long nowNs, final Emitter<O> out) throws Exception
    {
    }

    /**
     * Frees everything {@link #onStart} took. Stage thread, once, last.
     */
    default void onClose()
    {
    }
}
