package io.avatar.transport.webrtc;

import java.util.Locale;

/**
 * Video codecs a publisher can prefer; the first one the browser also supports is negotiated.
 */
public enum VideoCodec
{
    /** VP8, the default: every browser decodes it, cheapest software encoder. */
    VP8,
    /** H.264 (OpenH264 in webrtc-java). */
    H264,
    /** VP9. */
    VP9,
    /** AV1 (libaom). */
    AV1;

    /**
     * @param name codec name, case-insensitive.
     * @return the codec.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static VideoCodec parse(final String name)
    {
        try
        {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown video codec '" + name + "'; use VP8, H264, VP9 or AV1", ex);
        }
    }
}
