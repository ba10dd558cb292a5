package io.avatar.transport.api;

/**
 * A live session as the service describes it.
 *
 * @param id          opaque id, URL-safe.
 * @param fps         frames per second.
 * @param width       frame width in pixels.
 * @param height      frame height in pixels.
 * @param style       name of the current style.
 * @param createdAtMs creation time, epoch milliseconds.
 */
public record SessionInfo(String id, int fps, int width, int height, String style, long createdAtMs)
{
}
