/**
 * The engine core: pipeline stages as Agrona agents connected by LMAX Disruptor rings of preallocated events.
 * <p>
 * Pieces: {@link io.avatar.engine.core.EngineContext} (configuration, {@code conclude()} validation, counters
 * buffers) -> {@link io.avatar.engine.core.PipelineBuilder} (rings and stages) -> {@link io.avatar.engine.core.Engine}
 * (runners per {@link io.avatar.engine.core.ThreadingMode}). A {@link io.avatar.engine.core.Stage} runs a
 * {@link io.avatar.engine.core.StageLogic}, publishes through an {@link io.avatar.engine.core.Emitter}, takes commands
 * through a {@link io.avatar.engine.core.StageProxy}, and reports {@link io.avatar.engine.core.StageCounter}s and a
 * {@link io.avatar.engine.core.LatencyRecorder}.
 * <p>
 * Threading model:
 * <ul>
 * <li>Single writer everywhere: a stage's logic, emitter, poller, duty-cycle state and latency recording belong to
 * the one thread that runs that stage (its own in DEDICATED, the shared one in SHARED, the stepping thread in
 * INVOKER). Other threads reach a stage only through its {@code StageProxy} ({@code offer} is lock-free from any
 * thread).</li>
 * <li>Counters and latency snapshots are readable from any thread.</li>
 * <li>Building, starting and closing the engine happen on one owning thread; configuration is frozen by
 * {@code conclude()}.</li>
 * <li>Hot paths (doWork, emit, proxy offer) never allocate, lock, sleep or block: a full ring drops the newest
 * event and counts it; late events are dropped and counted ({@code deadline - now < 0}); per-event exceptions are
 * counted, reported and contained, and only {@link org.agrona.concurrent.AgentTerminationException} or an
 * {@link Error} stops a stage.</li>
 * </ul>
 */
package io.avatar.engine.core;
