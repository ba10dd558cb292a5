package io.avatar.engine.cli;

import io.avatar.models.style.extract.ExtractionReport;
import io.avatar.models.style.extract.StyleExtractor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code avatar style extract --video V --out S.json}: the style (code and motion clip) of a reference video, with a
 * progress bar when the error stream is a terminal and a summary of the frames used and skipped. Called by
 * {@link StyleCommand} on the CLI thread.
 */
final class StyleExtract
{
    private static final int BAR = 30;

    private StyleExtract()
    {
    }

    /**
     * Runs the sub-command. CLI thread.
     *
     * @param args parsed arguments.
     * @param out  where the summary goes.
     * @param err  where the progress bar goes (only on a terminal).
     * @return the exit status.
     * @throws Exception when the extraction fails (the message names the file and the reason).
     */
    static int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path video = Path.of(args.required("video"));
        final Path outPath = Path.of(args.required("out"));
        args.rejectUnknown();
        final boolean terminal = System.console() != null;
        final long start = System.nanoTime();
        final ExtractionReport report;
        try (StyleExtractor extractor = StyleExtractor.openDefault())
        {
            report = extractor.extract(video, terminal ? (frames, seconds, duration) -> bar(err, frames, seconds,
                duration) : null);
        }
        if (terminal)
        {
            err.println();
        }
        report.style().write(outPath);
        out.println(report.summary());
        out.printf(Locale.ROOT, "wrote %s (%s, %d frames of motion) in %.1f s%n", outPath, report.style().name(),
            report.usedFrames(), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static void bar(final PrintStream err, final long frames, final double seconds, final double duration)
    {
        final double f = duration > 0 ? Math.min(1, seconds / duration) : 0;
        final int filled = (int)Math.round(f * BAR);
        err.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %d frames, %.1f s", "#".repeat(filled), " ".repeat(BAR - filled),
            100 * f, frames, seconds);
        err.flush();
    }
}
