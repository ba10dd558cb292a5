package io.avatar.engine.cli;

import io.avatar.models.style.StyleCode;
import io.avatar.models.style.StyleFile;
import io.avatar.models.style.StylePresets;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code avatar style extract|mix|scale|show|list}: extracting a style from a reference video, and working with style
 * files and presets.
 */
public final class StyleCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "style";
    }

    @Override
    public String summary()
    {
        return "extract, mix, scale, show and list speaking styles (style files or preset names)";
    }

    @Override
    public String usage()
    {
        return "extract --video V --out S.json  the style (code + motion clip) of a reference video\n"
            + "mix A B --t T --out M.json      A + T (B - A), T in [-0.5, 1.5]\n"
            + "scale S --k K --out T.json        intensity: neutral + K (S - neutral), K in [0, 1.5]\n"
            + "show S --out S.png                bars of the statistics per rig group and pose axis, next to neutral\n"
            + "list                              the shipped presets\n"
            + "A, B, S: a style file or a preset name";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final List<String> pos = args.positional();
        if (pos.isEmpty())
        {
            throw new CliArgs.UsageException("missing sub-command (extract, mix, scale, show, list)");
        }
        switch (pos.get(0))
        {
            case "extract" ->
            {
                need(pos, 1, "style extract --video V --out S.json");
                return StyleExtract.run(args, out, err);
            }
            case "mix" ->
            {
                need(pos, 3, "style mix A B --t T --out M.json");
                final double t = args.doubleOption("t", Double.NaN, -0.5, 1.5);
                final Path outPath = Path.of(args.required("out"));
                args.rejectUnknown();
                if (Double.isNaN(t))
                {
                    throw new CliArgs.UsageException("missing required option --t");
                }
                final StyleFile a = StylePresets.resolve(pos.get(1));
                final StyleFile b = StylePresets.resolve(pos.get(2));
                final StyleFile m = new StyleFile(a.name() + "+" + b.name(), String.format(Locale.ROOT,
                    "mix of %s and %s with t=%.3f (avatar style mix)", a.name(), b.name(), t), 25,
                    StyleCode.lerp(a.code(), b.code(), t), null);
                m.write(outPath);
                out.println("wrote " + outPath + " (" + m.name() + ")");
                return 0;
            }
            case "scale" ->
            {
                need(pos, 2, "style scale S --k K --out T.json");
                final double k = args.doubleOption("k", Double.NaN, 0, 1.5);
                final Path outPath = Path.of(args.required("out"));
                args.rejectUnknown();
                if (Double.isNaN(k))
                {
                    throw new CliArgs.UsageException("missing required option --k");
                }
                final StyleFile s = StylePresets.resolve(pos.get(1));
                final StyleFile neutral = StylePresets.load("neutral");
                final StyleFile scaled = new StyleFile(s.name() + String.format(Locale.ROOT, "@%.2f", k),
                    String.format(Locale.ROOT, "%s at intensity k=%.3f from neutral (avatar style scale)", s.name(), k),
                    25, s.code().scale(neutral.code(), k, null, null), null);
                scaled.write(outPath);
                out.println("wrote " + outPath + " (" + scaled.name() + ")");
                return 0;
            }
            case "show" ->
            {
                need(pos, 2, "style show S --out S.png");
                final Path outPath = Path.of(args.required("out"));
                args.rejectUnknown();
                final StyleFile s = StylePresets.resolve(pos.get(1));
                StyleChart.write(s, StylePresets.load("neutral"), outPath);
                out.println("wrote " + outPath);
                return 0;
            }
            case "list" ->
            {
                args.rejectUnknown();
                for (final String name : StylePresets.NAMES)
                {
                    final StyleFile s = StylePresets.load(name);
                    out.printf("%-13s %s%n", name, s.provenance());
                }
                return 0;
            }
            default -> throw new CliArgs.UsageException("unknown sub-command '" + pos.get(0)
                + "' (extract, mix, scale, show, list)");
        }
    }

    private static void need(final List<String> pos, final int n, final String form)
    {
        if (pos.size() != n)
        {
            throw new CliArgs.UsageException("expected: avatar " + form);
        }
    }
}
