package io.avatar.transport.api;

/**
 * What a client asks for when creating a session. Validation (sizes, fps, decodable portrait) is the service's job;
 * the HTTP layer only checks the shape of the request.
 *
 * @param portrait encoded image bytes (PNG/JPEG), or null for the built-in avatar.
 * @param style    the initial style, or null for the default.
 * @param fps      frames per second: 25 or 30.
 * @param width    frame width in pixels (even).
 * @param height   frame height in pixels (even).
 */
public record SessionRequest(byte[] portrait, StyleChoice style, int fps, int width, int height)
{
    /** Default frames per second. */
    public static final int DEFAULT_FPS = 25;
    /** Default frame edge in pixels. */
    public static final int DEFAULT_SIZE = 512;
}
