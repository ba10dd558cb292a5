package io.avatar.engine.cli;

import java.io.PrintStream;

/**
 * One sub-command of the {@code avatar} CLI, registered in {@code META-INF/services/io.avatar.engine.cli.CliCommand}.
 * Called once, on the main thread.
 */
public interface CliCommand
{
    /**
     * @return the word that selects this command, e.g. {@code "doctor"}.
     */
    String name();

    /**
     * @return a one-line description for {@code avatar help}.
     */
    String summary();

    /**
     * @return the usage text: arguments and options, one per line.
     */
    String usage();

    /**
     * @return option names (without dashes) that are switches and never take a value, so that a following word is
     *     read as a positional argument.
     */
    default java.util.Set<String> flags()
    {
        return java.util.Set.of();
    }

    /**
     * Runs the command.
     *
     * @param args parsed arguments (everything after the command name).
     * @param out  where results go (standard output).
     * @param err  where progress and diagnostics go (standard error).
     * @return the process exit status: 0 for success.
     * @throws Exception on failure; the message is shown to the user, so it must name what was wrong.
     */
    int run(CliArgs args, PrintStream out, PrintStream err) throws Exception;
}
