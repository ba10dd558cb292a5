/**
 * Session time. The audio sample count is the only clock a session has ({@link
 * io.avatar.engine.core.clock.SessionClock}); audio pts, video frame pts and the audio span of each video frame are
 * exact integer functions of indices ({@link io.avatar.engine.core.clock.MediaTime}), so nothing accumulates and
 * nothing drifts over hours.
 * <p>
 * Wall-clock time (deadlines, latency) is a separate thing: stages read an injected
 * {@link org.agrona.concurrent.NanoClock} once per duty cycle, and tests inject a settable one.
 * <p>
 * Threading model: {@code MediaTime} is stateless (any thread); a {@code SessionClock} is owned by one stage thread.
 */
package io.avatar.engine.core.clock;
