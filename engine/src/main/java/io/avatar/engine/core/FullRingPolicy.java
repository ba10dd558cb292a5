package io.avatar.engine.core;

/**
 * What a stage does when its downstream ring has no room. Engine-wide ({@link EngineContext#fullRingPolicy}): a live
 * engine drops, an offline render (a file, faster than real time, must lose nothing) pushes back.
 */
public enum FullRingPolicy
{
    /**
     * Live: the producer never waits; the event that does not fit is dropped and counted
     * ({@link StageCounter#DROPPED_RING_FULL}). See {@link Emitter} for why the newest rather than the oldest.
     */
    DROP_NEWEST,
    /**
     * Offline: a stage takes at most as many input events as its output ring has room for (divided by
     * {@link StageLogic#maxOutputsPerEvent()}); unconsumed input stays queued, so the pressure travels upstream to the
     * source, which must check {@link Emitter#remainingCapacity()} before producing. Nothing blocks: a stage without
     * room simply reports no work this cycle.
     */
    BACKPRESSURE
}
