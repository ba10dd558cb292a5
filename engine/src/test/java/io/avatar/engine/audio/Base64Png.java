package io.avatar.engine.audio;

import java.util.Base64;

/** A valid 1x1 PNG image, for the "not audio" case. */
final class Base64Png
{
    static final byte[] ONE_PIXEL = Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private Base64Png()
    {
    }
}
