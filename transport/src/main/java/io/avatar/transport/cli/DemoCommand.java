package io.avatar.transport.cli;

import io.avatar.engine.cli.CliArgs;
import io.avatar.engine.cli.CliCommand;
import io.avatar.engine.offline.OfflineRender;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.decoder.MotionDecoders;
import io.avatar.models.decoder.OnnxMotionDecoder;
import io.avatar.models.style.StylePresets;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code avatar demo}: the main job on built-in defaults. Fetches the assets, renders the built-in avatar speaking the
 * bundled sample clip to an MP4, then serves the live web page (unless {@code --no-serve}).
 */
public final class DemoCommand implements CliCommand
{
    private static final String SAMPLE = "/io/avatar/models/samples/sample_speech.wav";

    @Override
    public String name()
    {
        return "demo";
    }

    @Override
    public String summary()
    {
        return "set up, render the built-in avatar speaking the sample clip to out/demo.mp4, then serve the live page";
    }

    @Override
    public String usage()
    {
        return "[--out out/demo.mp4] [--style neutral] [--no-serve] [serve options: --port 8080 --host 127.0.0.1 ...]";
    }

    @Override
    public Set<String> flags()
    {
        return Set.of("no-serve", "relay-only");
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path output = OfflineRender.checkOutput(args.path("out", Path.of("out", "demo.mp4")));
        final String style = args.option("style", "neutral");
        final boolean serve = !args.flag("no-serve");

        err.println("avatar demo: 1/3 assets");
        final Map<AssetId, AssetStore.State> states = AssetStore.openDefault().fetchAll(err, false);
        for (final Map.Entry<AssetId, AssetStore.State> e : states.entrySet())
        {
            if (e.getValue() != AssetStore.State.OK)
            {
                throw new IllegalStateException("asset " + e.getKey().fileName() + " is " + e.getValue());
            }
        }

        err.println("avatar demo: 2/3 rendering the sample clip with the built-in avatar");
        final Path sample = Files.createTempFile("avatar-sample", ".wav");
        try
        {
            try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE))
            {
                if (in == null)
                {
                    throw new IllegalStateException("the bundled sample clip " + SAMPLE + " is missing");
                }
                Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
            }
            final OfflineRender.Summary s = OfflineRender.render(sample, StylePresets.resolve(style).code(),
                FaceRenderers.session(512), MotionDecoders.openDefault(OnnxMotionDecoder.MAX_BATCH_DEFAULT),
                output, 25, List.of(), null);
            out.println("avatar demo: wrote " + output.toAbsolutePath() + " (" + OfflineRender.describe(s) + ")");
        }
        finally
        {
            Files.deleteIfExists(sample);
        }

        if (!serve)
        {
            args.rejectUnknown();
            return 0;
        }
        err.println("avatar demo: 3/3 live server (Ctrl-C to stop)");
        final List<String> serveArgs = new ArrayList<>();
        for (final String a : new String[] {"host", "port", "token", "token-file", "allow-origin", "codec",
            "ice-server", "ice-ports", "ice-address", "max-sessions"})
        {
            final String v = args.option(a, null);
            if (v != null)
            {
                serveArgs.add("--" + a);
                serveArgs.add(v);
            }
        }
        if (args.flag("relay-only"))
        {
            serveArgs.add("--relay-only");
        }
        args.rejectUnknown();
        final ServeCommand serveCommand = new ServeCommand();
        return serveCommand.run(CliArgs.parse(serveArgs, serveCommand.flags()), out, err);
    }
}
