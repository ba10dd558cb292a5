package io.avatar.engine.cli;

import io.avatar.engine.offline.OfflineRender;
import io.avatar.engine.render.PortraitRenderers;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.models.decoder.MotionDecoders;
import io.avatar.models.decoder.MotionModel;
import io.avatar.models.decoder.OnnxMotionDecoder;
import io.avatar.models.style.StyleFile;
import io.avatar.models.style.StylePresets;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code avatar render}: speech file in, MP4 (H.264 + AAC, the input audio aligned) out, through the same pipeline as
 * live sessions, faster than real time.
 */
public final class RenderCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "render";
    }

    @Override
    public String summary()
    {
        return "render a talking face for an audio file to an MP4 (built-in avatar unless --portrait)";
    }

    @Override
    public String usage()
    {
        return "--audio F [--portrait P] [--style S] --out O.mp4 [--fps 25|30] [--size 512]\n"
            + "--audio F     speech (WAV, MP3, OGG/Opus, FLAC, M4A/AAC, ...)\n"
            + "--portrait P  a photo, or a fit saved by avatar portrait --fit-out (default: the built-in avatar)\n"
            + "--style S     a preset name (avatar style list) or a style file; default: neutral\n"
            + "--size N      frame width and height, 256-1024 (default 512)";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path audio = args.requiredFile("audio", "audio file");
        final String portrait = args.option("portrait", null);
        final String styleName = args.option("style", "neutral");
        final Path output = OfflineRender.checkOutput(Path.of(args.required("out")));
        final int fps = args.videoFps();
        final int size = args.frameSize();
        args.rejectUnknown();
        final StyleFile style = StylePresets.resolve(styleName);
        final FaceRenderer renderer = PortraitRenderers.session(portrait == null ? null : Path.of(portrait), size);
        final MotionModel model = MotionDecoders.openDefault(OnnxMotionDecoder.MAX_BATCH_DEFAULT);
        final ProgressBar bar = new ProgressBar(err, System.console() != null);
        final OfflineRender.Summary s = OfflineRender.render(audio, style.code(), renderer, model, output, fps,
            List.of(), bar::update);
        bar.done();
        out.println(String.format(Locale.ROOT, "rendered %s: %s, style %s, model %s", output,
            OfflineRender.describe(s), style.name(), s.model()));
        return 0;
    }

    /** A one-line progress bar on a terminal; silent otherwise. */
    static final class ProgressBar
    {
        private final PrintStream err;
        private final boolean terminal;
        private long lastPrintNs;

        ProgressBar(final PrintStream err, final boolean terminal)
        {
            this.err = err;
            this.terminal = terminal;
        }

        void update(final long done, final long total)
        {
            if (!terminal)
            {
                return;
            }
            final long now = System.nanoTime();
            if (now - lastPrintNs < 100_000_000L)
            {
                return;
            }
            lastPrintNs = now;
            if (total > 0)
            {
                final int width = 40;
                final int filled = (int)Math.min(width, width * done / total);
                err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                    + " frames");
            }
            else
            {
                err.print("\rreading audio... " + done + " frames rendered");
            }
            err.flush();
        }

        void done()
        {
            if (terminal)
            {
                err.println();
            }
        }
    }
}
