package io.avatar.engine.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entry point of the {@code avatar} launcher: finds the sub-command and runs it. Exit status 0 on success, 1 when
 * the command failed (the message says why), 2 on a usage error.
 */
public final class AvatarMain
{
    private AvatarMain()
    {
    }

    /**
     * @param args the command name followed by its arguments.
     */
    public static void main(final String[] args)
    {
        final int status = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs one command; used by {@link #main} and by tests.
     *
     * @param args the command name followed by its arguments.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        final Map<String, CliCommand> commands = commands();
        if (args.isEmpty() || "help".equals(args.get(0)) || "--help".equals(args.get(0)) || "-h".equals(args.get(0)))
        {
            if (args.size() > 1 && commands.containsKey(args.get(1)))
            {
                printUsage(commands.get(args.get(1)), out);
                return 0;
            }
            printHelp(commands, out);
            return 0;
        }
        final CliCommand command = commands.get(args.get(0));
        if (command == null)
        {
            err.println("avatar: unknown command '" + args.get(0) + "'");
            printHelp(commands, err);
            return 2;
        }
        final List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h"))
        {
            printUsage(command, out);
            return 0;
        }
        final boolean verbose = rest.contains("--verbose");
        try
        {
            final Set<String> flags = new java.util.HashSet<>(command.flags());
            flags.addAll(Set.of("verbose", "json", "force", "check", "help"));
            return command.run(CliArgs.parse(rest, flags), out, err);
        }
        catch (final CliArgs.UsageException ex)
        {
            err.println("avatar " + command.name() + ": " + ex.getMessage());
            printUsage(command, err);
            return 2;
        }
        catch (final Exception ex)
        {
            err.println("avatar " + command.name() + ": error: " + describe(ex));
            if (verbose)
            {
                ex.printStackTrace(err);
            }
            return 1;
        }
    }

    /**
     * @param ex a failure.
     * @return its message chain, e.g. {@code "cannot read x.wav: Invalid data found when processing input"}.
     */
    static String describe(final Throwable ex)
    {
        final StringBuilder sb = new StringBuilder();
        Throwable t = ex;
        while (t != null)
        {
            final String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(m) < 0)
            {
                if (sb.length() > 0)
                {
                    sb.append(": ");
                }
                sb.append(m);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return sb.toString();
    }

    /**
     * @return every command on the class path, by name.
     */
    public static Map<String, CliCommand> commands()
    {
        final Map<String, CliCommand> commands = new TreeMap<>();
        for (final CliCommand c : ServiceLoader.load(CliCommand.class))
        {
            final CliCommand previous = commands.put(c.name(), c);
            if (previous != null)
            {
                throw new IllegalStateException("two commands named '" + c.name() + "': "
                    + previous.getClass().getName() + " and " + c.getClass().getName());
            }
        }
        return commands;
    }

    private static void printHelp(final Map<String, CliCommand> commands, final PrintStream out)
    {
        out.println("usage: avatar <command> [options]   (avatar help <command> for its options)");
        out.println();
        for (final CliCommand c : commands.values())
        {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.printf("  %-10s %s%n", "test", "run the whole test suite (mvn verify)");
    }

    private static void printUsage(final CliCommand command, final PrintStream out)
    {
        out.println("usage: avatar " + command.name() + " " + command.usage().replace("\n", "\n       "));
        out.println("  " + command.summary());
    }
}
