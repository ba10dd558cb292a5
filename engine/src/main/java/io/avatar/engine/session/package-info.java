/**
 * Sessions on the streaming pipeline: the {@link io.avatar.engine.session.AvatarEngine} facade and the stage logics
 * that run every session's audio through ingest -> features (log-mel + voice activity) -> decoder (windows of many
 * sessions batched into one model call) -> motion post-processing -> renderer -> outputs.
 * <p>
 * The per-session steps that cost the most may run as several stages on their own threads: the renderer
 * (milliseconds per frame on the CPU, {@link io.avatar.engine.core.EngineContext#renderThreads()}) and the features
 * (a voice-activity model per session, {@link io.avatar.engine.core.EngineContext#featureThreads()}). The copies of a
 * step all read its input ring, each handles only the sessions it was given at creation (the least loaded,
 * {@code StageShards}), and all publish into one multi-producer ring, so a session's events stay in order while
 * sessions run in parallel.
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
