package io.avatar.transport.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A style: the name of a built-in preset, the bytes of a style file (JSON, see
 * {@code io.avatar.models.style.StyleFile}), or the bytes of a reference video whose speaking style the service
 * extracts. Exactly one of the three is set. Immutable by convention (the arrays are not copied); any thread.
 *
 * @param preset    preset name, or null.
 * @param styleJson style file bytes, or null.
 * @param video     reference video bytes (any container and codec FFmpeg reads), or null.
 */
public record StyleChoice(String preset, byte[] styleJson, byte[] video)
{
    /**
     * Checks that exactly one of the three is set.
     */
    public StyleChoice
    {
        final int set = (preset != null ? 1 : 0) + (styleJson != null ? 1 : 0) + (video != null ? 1 : 0);
        if (set != 1)
        {
            throw new IllegalArgumentException("a style is exactly one of a preset name, a style file or a reference "
                + "video; got " + set);
        }
    }

    /**
     * @param name preset name.
     * @return the choice.
     */
    public static StyleChoice preset(final String name)
    {
        return new StyleChoice(Objects.requireNonNull(name, "name"), null, null);
    }

    /**
     * @param json style file bytes.
     * @return the choice.
     */
    public static StyleChoice file(final byte[] json)
    {
        return new StyleChoice(null, Objects.requireNonNull(json, "json"), null);
    }

    /**
     * @param video reference video bytes; the service extracts the style of the face speaking in it.
     * @return the choice.
     */
    public static StyleChoice video(final byte[] video)
    {
        return new StyleChoice(null, null, Objects.requireNonNull(video, "video"));
    }

    @Override
    public String toString()
    {
        return preset != null ? "preset " + preset : styleJson != null ? "style file (" + styleJson.length + " bytes)"
            : "reference video (" + video.length + " bytes)";
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof StyleChoice s && Objects.equals(preset, s.preset) && Arrays.equals(styleJson, s.styleJson)
            && Arrays.equals(video, s.video);
    }

    @Override
    public int hashCode()
    {
        return (Objects.hash(preset) * 31 + Arrays.hashCode(styleJson)) * 31 + Arrays.hashCode(video);
    }
}
