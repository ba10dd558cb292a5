/**
 * Sessions on the streaming pipeline: the {@link io.avatar.engine.session.AvatarEngine} facade and the stage logics
 * that run every session's audio through ingest -> features (log-mel + voice activity) -> decoder (windows of many
 * sessions batched into one model call) -> motion post-processing -> renderer -> outputs.
 * <p>
 * The renderer is the costly step (milliseconds per frame on the CPU), so it may run as several render stages on
 * their own threads ({@link io.avatar.engine.core.EngineContext#renderThreads()}): all read the motion ring, each
 * draws only the sessions it was given at creation (the least loaded), and all publish into one multi-producer video
 * ring, so a session's frames stay in order while sessions render in parallel.
 * <p>
 * Threading: callers on any thread talk to the engine through {@link io.avatar.engine.session.AvatarEngine}, which
 * only enqueues (audio into a session's lock-free {@link io.avatar.engine.session.AudioInbox}, commands through the
 * stages' proxies). Each stage logic owns the per-session state it keeps (created and closed on its own thread), so
 * nothing in a session is shared mutable state except the inbox (many writers, one reader), the audio history (one
 * writer, one reader) and a few published volatile positions in {@link io.avatar.engine.session.Session}.
 * <p>
 * Timing: one clock per session, the count of 16 kHz samples ingested; video frame {@code k} covers audio
 * {@code [k/fps, (k+1)/fps)} and is published together with exactly that audio, so lips and voice are aligned by
 * construction and the published audio is delayed by exactly the pipeline's latency.
 */
package io.avatar.engine.session;
