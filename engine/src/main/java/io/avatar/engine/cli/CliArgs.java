package io.avatar.engine.cli;

import io.avatar.kernels.render.FaceRenderer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: {@code --name value} options, {@code --flag} switches and positional words.
 * A value-taking option is recognised by the caller asking for it; anything left unread is reported by
 * {@link #rejectUnknown()} so typos fail loudly instead of being ignored.
 */
public final class CliArgs
{
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    private CliArgs()
    {
    }

    /**
     * Parses arguments. {@code --key=value} and {@code --key value} are options; a {@code --key} followed by
     * another {@code --} word or by nothing is a flag; {@code --} ends option parsing.
     *
     * @param args    the raw arguments after the command name.
     * @param flagNames names (without dashes) that never take a value.
     * @return the parsed arguments.
     */
    public static CliArgs parse(final List<String> args, final Set<String> flagNames)
    {
        final CliArgs parsed = new CliArgs();
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++)
        {
            final String a = args.get(i);
            if (!optionsDone && "--".equals(a))
            {
                optionsDone = true;
            }
            else if (!optionsDone && a.startsWith("--") && a.length() > 2)
            {
                final String body = a.substring(2);
                final int eq = body.indexOf('=');
                if (eq > 0)
                {
                    parsed.options.put(body.substring(0, eq), body.substring(eq + 1));
                }
                else if (flagNames.contains(body) || i + 1 >= args.size() || args.get(i + 1).startsWith("--"))
                {
                    parsed.flags.add(body);
                }
                else
                {
                    parsed.options.put(body, args.get(++i));
                }
            }
            else
            {
                parsed.positional.add(a);
            }
        }
        return parsed;
    }

    /**
     * @param name option name without dashes.
     * @return whether the switch was given.
     */
    public boolean flag(final String name)
    {
        read.add(name);
        return flags.contains(name) || "true".equals(options.get(name));
    }

    /**
     * @param name         option name without dashes.
     * @param defaultValue returned when absent.
     * @return the option value or the default.
     */
    public String option(final String name, final String defaultValue)
    {
        read.add(name);
        if (flags.contains(name))
        {
            throw new UsageException("--" + name + " needs a value");
        }
        return options.getOrDefault(name, defaultValue);
    }

    /**
     * @param name option name without dashes.
     * @return the option value.
     * @throws UsageException when the option is missing.
     */
    public String required(final String name)
    {
        final String v = option(name, null);
        if (v == null)
        {
            throw new UsageException("missing required option --" + name);
        }
        return v;
    }

    /**
     * @param name         option name without dashes.
     * @param defaultValue returned when absent.
     * @return the option as a path, or the default.
     */
    public Path path(final String name, final Path defaultValue)
    {
        final String v = option(name, null);
        return v == null ? defaultValue : Path.of(v);
    }

    /**
     * @param name         option name without dashes.
     * @param defaultValue returned when absent.
     * @param min          smallest allowed value.
     * @param max          largest allowed value.
     * @return the option as an int within [min, max].
     */
    public int intOption(final String name, final int defaultValue, final int min, final int max)
    {
        final String v = option(name, null);
        if (v == null)
        {
            return defaultValue;
        }
        final int value;
        try
        {
            value = Integer.parseInt(v.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
        if (value < min || value > max)
        {
            throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /**
     * {@code --fps}: the output frame rate, 25 (default) or 30, the two rates the motion decoder is trained for.
     *
     * @return the frame rate.
     */
    public int videoFps()
    {
        final int fps = intOption("fps", 25, 25, 30);
        if (fps != 25 && fps != 30)
        {
            throw new UsageException("--fps must be 25 or 30, got " + fps);
        }
        return fps;
    }

    /**
     * {@code --size}: the square frame side, even (I420 halves it) and within the renderer's range, default 512.
     *
     * @return the frame side in pixels.
     */
    public int frameSize()
    {
        final int size = intOption("size", FaceRenderer.DEFAULT_SIZE, FaceRenderer.MIN_SIZE, FaceRenderer.MAX_SIZE);
        if ((size & 1) != 0)
        {
            throw new UsageException("--size must be even, got " + size);
        }
        return size;
    }

    /**
     * @param name option name without dashes.
     * @param what what the file holds, for the message ("audio file").
     * @return the option as a path to an existing regular file.
     * @throws UsageException when the option is missing.
     * @throws IOException    when the file does not exist (or is not a regular file).
     */
    public Path requiredFile(final String name, final String what) throws IOException
    {
        final Path file = Path.of(required(name));
        if (!Files.isRegularFile(file))
        {
            throw new IOException(what + " " + file + " does not exist");
        }
        return file;
    }

    /**
     * @param name         option name without dashes.
     * @param defaultValue returned when absent.
     * @param min          smallest allowed value.
     * @param max          largest allowed value.
     * @return the option as a double within [min, max].
     */
    public double doubleOption(final String name, final double defaultValue, final double min, final double max)
    {
        final String v = option(name, null);
        if (v == null)
        {
            return defaultValue;
        }
        final double value;
        try
        {
            value = Double.parseDouble(v.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        if (!(value >= min && value <= max))
        {
            throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], got " + v);
        }
        return value;
    }

    /**
     * @return positional arguments in order.
     */
    public List<String> positional()
    {
        return Collections.unmodifiableList(positional);
    }

    /**
     * Fails on any option or flag the command never asked for.
     *
     * @throws UsageException naming the first unknown option.
     */
    public void rejectUnknown()
    {
        for (final String k : options.keySet())
        {
            if (!read.contains(k))
            {
                throw new UsageException("unknown option --" + k);
            }
        }
        for (final String k : flags)
        {
            if (!read.contains(k))
            {
                throw new UsageException("unknown option --" + k);
            }
        }
    }

    /**
     * A mistake in how the command was called; the CLI prints the message and the command's usage, exit status 2.
     */
    public static final class UsageException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what was wrong with the arguments.
         */
        public UsageException(final String message)
        {
            super(message);
        }
    }
}
