package io.avatar.engine.core;

/**
 * How the engine maps stages to threads.
 */
public enum ThreadingMode
{
    /** One {@link org.agrona.concurrent.AgentRunner} thread per stage, named after the stage. Lowest latency. */
    DEDICATED,
    /** All stages in one {@link org.agrona.concurrent.CompositeAgent} on one thread, in pipeline order. */
    SHARED,
    /**
     * No threads: each stage gets an {@link org.agrona.concurrent.AgentInvoker} and the caller steps them
     * ({@link Engine#invoke()}). Deterministic; for tests and for embedding in a caller's own loop.
     */
    INVOKER
}
