/**
 * Preallocated events that travel on the engine's Disruptor rings: a common header ({@link
 * io.avatar.engine.core.event.StageEvent}: session, sequence, pts, deadline, origin, status) and one payload type per
 * stream (audio chunks, feature frames, motion frames, video frames by pool index).
 * <p>
 * Threading model: every slot is created once by an {@link com.lmax.disruptor.EventFactory} when the ring is built.
 * From then on a slot has exactly one owner at a time: the producer between {@code tryNext()} and {@code publish()},
 * then the consumer stage while its poller holds the sequence. Fields are plain; the ring's sequence publication is
 * the memory barrier. Nothing in this package allocates after construction. {@link
 * io.avatar.engine.core.event.FramePool} is the exception to single ownership: its lease/retain/release are lock-free
 * and callable from any thread, because a frame outlives the ring slot that carried its index.
 */
package io.avatar.engine.core.event;
