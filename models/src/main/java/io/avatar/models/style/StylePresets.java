package io.avatar.models.style;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The style presets shipped inside the product ({@code io/avatar/models/style/presets/NAME.json}) and the resolution
 * of a user's style argument: a preset name or a style file path. Thread-safe (stateless).
 */
public final class StylePresets
{
    /** Names of the shipped presets. */
    public static final List<String> NAMES =
        List.of("neutral", "calm", "excited", "storytelling", "ballad", "rap", "opera");

    private static final String RESOURCE_DIR = "/io/avatar/models/style/presets/";

    private StylePresets()
    {
    }

    /**
     * @param name a preset name.
     * @return the preset.
     * @throws IOException naming the unknown preset and the known ones, or a damaged resource.
     */
    public static StyleFile load(final String name) throws IOException
    {
        if (!NAMES.contains(name))
        {
            throw new IOException("unknown style '" + name + "': not a preset (" + String.join(", ", NAMES)
                + ") and not a file");
        }
        try (InputStream in = StylePresets.class.getResourceAsStream(RESOURCE_DIR + name + ".json"))
        {
            if (in == null)
            {
                throw new IOException("style preset '" + name + "' is missing from the product's resources");
            }
            return StyleFile.parse(in.readAllBytes(), "preset " + name);
        }
    }

    /**
     * Resolves what a user typed: an existing file is read as a style file, anything else must be a preset name.
     *
     * @param nameOrPath a preset name or a path to a style JSON file.
     * @return the style.
     * @throws IOException naming what was wrong.
     */
    public static StyleFile resolve(final String nameOrPath) throws IOException
    {
        final Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p))
        {
            return StyleFile.read(p);
        }
        return load(nameOrPath);
    }
}
