package io.avatar.transport.api;

import java.util.Objects;

/**
 * A style: either the name of a built-in preset or the bytes of a style file (JSON, see
 * {@code io.avatar.models.style.StyleFile}). Exactly one of the two is set.
 *
 * @param preset    preset name, or null.
 * @param styleJson style file bytes, or null.
 */
public record StyleChoice(String preset, byte[] styleJson)
{
    /**
     * Checks that exactly one of the two is set.
     */
    public StyleChoice
    {
        if ((preset == null) == (styleJson == null))
        {
            throw new IllegalArgumentException("a style is either a preset name or a style file, not both or neither");
        }
    }

    /**
     * @param name preset name.
     * @return the choice.
     */
    public static StyleChoice preset(final String name)
    {
        return new StyleChoice(Objects.requireNonNull(name, "name"), null);
    }

    /**
     * @param json style file bytes.
     * @return the choice.
     */
    public static StyleChoice file(final byte[] json)
    {
        return new StyleChoice(null, Objects.requireNonNull(json, "json"));
    }

    @Override
    public String toString()
    {
        return preset != null ? "preset " + preset : "style file (" + styleJson.length + " bytes)";
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof StyleChoice s && Objects.equals(preset, s.preset)
            && java.util.Arrays.equals(styleJson, s.styleJson);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(preset) * 31 + java.util.Arrays.hashCode(styleJson);
    }
}
