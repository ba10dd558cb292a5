package io.avatar.engine.cli;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.baseline.HeadAudioModel;
import io.avatar.models.baseline.HeadAudioOptions;
import io.avatar.models.baseline.HeadAudioVisemeBaseline;
import io.avatar.models.eval.ArticulationMetrics;
import io.avatar.models.eval.LipSync;
import io.avatar.models.eval.MotionSeries;
import io.avatar.models.eval.PhoneAlignment;
import io.avatar.models.eval.PoseSimilarity;
import io.avatar.models.eval.StyleCodeDistance;
import io.avatar.models.eval.StyleWindowMetrics;

import java.awt.Color;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code avatar eval motion|style}: quality metrics of a motion file (docs/MOTION_FORMAT.md) against the audio, a
 * phone alignment and/or a reference motion, optionally side by side with the HeadAudio baseline; a markdown summary
 * and PNG plots. Main thread of the CLI.
 */
public final class EvalCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "eval";
    }

    @Override
    public String summary()
    {
        return "quality metrics of motion files (lip-sync, p/b/m closure, rounding, style, SLD/SLV/SMD, HS) + plots";
    }

    @Override
    public String usage()
    {
        return "motion --audio A.wav [--lab A.lab] [--reference R.json] [--motion M.json] [--baseline]\n"
            + "       [--lag-ms L] [--fps F] [--out summary.md] [--plots DIR]\n"
            + "    lip-sync vs the speech level (and vs the reference mouth), mouth-weight MAE, p/b/m closure and\n"
            + "    rounding AUC from the phone alignment (.lab, Festival segments), style distance, HS, SLD/SLV/SMD;\n"
            + "    --baseline adds a column for the HeadAudio baseline run on the same audio (at --fps, default the\n"
            + "    motion's or 25); --lag-ms: the motion's known sound-to-mouth delay for the phone metrics (default 0;\n"
            + "    the baseline uses its nominal " + HeadAudioVisemeBaseline.NOMINAL_LAG_MS + " ms)\n"
            + "style --reference R.json --motion M.json [--max-window 100] [--max-stride 20] [--out summary.md]\n"
            + "      [--plots DIR]\n"
            + "    style distance (seed 000 Eq. 2), HS (seed 003 Eq. 6), SLD/SLV/SMD (seed 002 Eq. 14-16)\n"
            + "video --video O.mp4\n"
            + "    re-detection check of a rendered video: face-found ratio, mouth opening vs the video's own speech "
            + "envelope (lag, r), mouth motion in speech vs pauses, blinks in pauses\n"
            + "motion files: .json or .csv as written by 'avatar motion' (docs/MOTION_FORMAT.md)";
    }

    @Override
    public Set<String> flags()
    {
        return Set.of("baseline");
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final List<String> pos = args.positional();
        if (pos.size() != 1)
        {
            throw new CliArgs.UsageException("expected: avatar eval motion|style [options] (see avatar help eval)");
        }
        return switch (pos.get(0))
        {
            case "motion" -> motion(args, out, err);
            case "style" -> style(args, out);
            case "video" -> video(args, out);
            default -> throw new CliArgs.UsageException("unknown sub-command '" + pos.get(0)
                + "' (motion, style, video)");
        };
    }

    private static io.avatar.engine.eval.RigMouthDistance mouthDistance;

    private static synchronized io.avatar.engine.eval.RigMouthDistance mouthDistance() throws java.io.IOException
    {
        if (mouthDistance == null)
        {
            mouthDistance = new io.avatar.engine.eval.RigMouthDistance(io.avatar.models.rig.FaceRig.loadDefault());
        }
        return mouthDistance;
    }

    private static int video(final CliArgs args, final PrintStream out) throws Exception
    {
        final java.nio.file.Path video = java.nio.file.Path.of(args.required("video"));
        args.rejectUnknown();
        if (!java.nio.file.Files.isRegularFile(video))
        {
            throw new java.io.IOException("video " + video + " does not exist");
        }
        out.println(io.avatar.engine.eval.VideoCheck.run(video).describe());
        return 0;
    }

    /** One evaluated system: a column of the table. */
    private record Column(String label, MotionSeries motion, double lagSeconds, Color colour)
    {
    }

    private int motion(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path audioPath = Path.of(args.required("audio"));
        final String lab = args.option("lab", null);
        final String ref = args.option("reference", null);
        final String mot = args.option("motion", null);
        final boolean withBaseline = args.flag("baseline");
        final double lagMs = args.doubleOption("lag-ms", 0, -1000, 1000);
        final int fpsOption = args.intOption("fps", 0, HeadAudioVisemeBaseline.MIN_FPS,
            HeadAudioVisemeBaseline.MAX_FPS);
        final String outPath = args.option("out", null);
        final String plots = args.option("plots", null);
        args.rejectUnknown();
        if (mot == null && !withBaseline)
        {
            throw new CliArgs.UsageException("give --motion M.json and/or --baseline: there is nothing to evaluate");
        }
        final float[] pcm = decode(audioPath);
        final PhoneAlignment phones = lab == null ? null : PhoneAlignment.readLab(Path.of(lab));
        final MotionSeries reference = ref == null ? null : MotionSeries.read(Path.of(ref));
        final List<Column> columns = new ArrayList<>();
        if (mot != null)
        {
            final MotionSeries m = MotionSeries.read(Path.of(mot));
            checkDuration(m, pcm, mot, err);
            columns.add(new Column("motion", m, lagMs / 1000, EvalPlots.MOTION));
        }
        if (withBaseline)
        {
            final int fps = fpsOption != 0 ? fpsOption
                : columns.isEmpty() ? 25 : (int)Math.round(columns.get(0).motion().fps());
            final HeadAudioModel model = HeadAudioModel.load(AssetStore.openDefault().ensure(AssetId.HEADAUDIO_MODEL));
            final HeadAudioVisemeBaseline b = new HeadAudioVisemeBaseline(model, HeadAudioOptions.defaults(), fps);
            columns.add(new Column("baseline (HeadAudio)", MotionSeries.ofWeights(fps, b.run(pcm, fps)),
                HeadAudioVisemeBaseline.NOMINAL_LAG_MS / 1000.0, EvalPlots.BASELINE));
        }
        final List<Map<String, String>> rows = new ArrayList<>();
        for (final Column c : columns)
        {
            rows.add(motionMetrics(c, pcm, phones, reference));
        }
        final StringBuilder md = new StringBuilder();
        md.append("# avatar eval motion\n\n");
        md.append("- audio: `").append(audioPath).append(String.format(Locale.ROOT, "` (%.2f s)%n",
            pcm.length / 16_000.0));
        md.append("- phone alignment: ").append(lab == null ? "none" : "`" + lab + "`").append('\n');
        md.append("- reference motion: ").append(ref == null ? "none" : "`" + ref + "`").append('\n');
        for (final Column c : columns)
        {
            md.append(String.format(Locale.ROOT, "- %s: %d frames at %s fps, sound-to-mouth lag assumed for the "
                + "phone metrics %.0f ms%n", c.label(), c.motion().frames(), fps(c.motion().fps()),
                c.lagSeconds() * 1000));
        }
        md.append('\n').append(table(columns.stream().map(Column::label).toList(), rows));
        md.append("\nDefinitions: mouth opening = clamp(jawOpen - mouthClose, 0, 1); speech level = RMS in dB per "
            + "frame period (50 dB range); lag > 0 = mouth late; AUC = P(opening in other speech phones > opening "
            + "in p/b/m); rounding AUC = P(funnel + pucker in rounded vowels > in unrounded vowels); "
            + "docs/MOTION_FORMAT.md.\n");
        emit(md.toString(), outPath, out);
        if (plots != null)
        {
            final Path dir = Path.of(plots);
            final List<EvalPlots.Series> series = new ArrayList<>();
            if (reference != null)
            {
                series.add(new EvalPlots.Series("reference", reference, EvalPlots.REFERENCE));
            }
            for (final Column c : columns)
            {
                series.add(new EvalPlots.Series(c.label(), c.motion(), c.colour()));
            }
            EvalPlots.mouth(dir.resolve("mouth.png"), "mouth opening vs speech level: " + audioPath.getFileName(),
                pcm, phones, series);
            EvalPlots.style(dir.resolve("style.png"), "style code (seed 000 Eq. 2) per rig group",
                series.stream().map(EvalPlots.Series::label).toList(),
                series.stream().map(s -> StyleCodeDistance.codeOf(s.motion())).toList(),
                series.stream().map(EvalPlots.Series::colour).toList());
            EvalPlots.pose(dir.resolve("pose.png"), "head pose histograms (HS, seed 003 Eq. 6)", series);
            err.println("wrote " + dir.resolve("mouth.png") + ", style.png, pose.png");
        }
        return 0;
    }

    private static Map<String, String> motionMetrics(final Column c, final float[] pcm, final PhoneAlignment phones,
        final MotionSeries reference) throws java.io.IOException
    {
        final Map<String, String> r = new LinkedHashMap<>();
        final MotionSeries m = c.motion();
        final double[] open = LipSync.mouthOpening(m);
        final LipSync.Result env = LipSync.crossCorrelate(open, LipSync.envelopeDb(pcm, m.fps(), m.frames()),
            m.fps(), LipSync.DEFAULT_MAX_LAG_MS);
        r.put("lip-sync vs speech level: r at 0 ms", f3(env.r0()));
        r.put("lip-sync vs speech level: best lag (ms, +-200)", f0(env.bestLagMs()));
        r.put("lip-sync vs speech level: r at best lag", f3(env.rBest()));
        if (reference != null)
        {
            final MotionSeries g = m.resample(reference.fps());
            final LipSync.Result gt = LipSync.crossCorrelate(LipSync.mouthOpening(g),
                LipSync.mouthOpening(reference), reference.fps(), LipSync.DEFAULT_MAX_LAG_MS);
            r.put("lip-sync vs reference mouth: r at 0 ms", f3(gt.r0()));
            r.put("lip-sync vs reference mouth: best lag (ms)", f0(gt.bestLagMs()));
            r.put("lip-sync vs reference mouth: r at best lag", f3(gt.rBest()));
            r.put("mouth-weight MAE (jaw* + mouth*, 27 weights)", f3(ArticulationMetrics.mouthWeightMae(reference, m)));
            r.put("M-LMD on the rig's 40 lip vertices (mm)", f3(mouthDistance().mmPerVertex(reference, m)));
        }
        if (phones != null)
        {
            final ArticulationMetrics.Result a = new ArticulationMetrics().add(m, phones, c.lagSeconds()).result();
            r.put("p/b/m closure AUC vs other speech phones", f3(a.closureAuc()) + " (" + a.bilabialFrames() + "/"
                + a.otherFrames() + " frames)");
            r.put("p/b/m closure AUC vs other consonants", f3(a.closureAucConsonant()));
            r.put("p/b/m segments reaching opening <= 0.05", f3(a.closureRate()));
            r.put("rounding AUC (rounded vs unrounded vowels)", f3(a.roundingAuc()) + " (" + a.roundedFrames() + "/"
                + a.unroundedFrames() + " frames)");
        }
        if (reference != null)
        {
            styleRows(r, reference, m, StyleWindowMetrics.PAPER_MAX_WINDOW, StyleWindowMetrics.PAPER_MAX_STRIDE);
        }
        return r;
    }

    private static void styleRows(final Map<String, String> r, final MotionSeries reference, final MotionSeries m,
        final int maxWindow, final int maxStride)
    {
        final StyleCodeDistance.Result sd = StyleCodeDistance.between(reference, m);
        r.put("style-code distance (abs; relative to the reference code norm)", f3(sd.absolute()) + "; " + f3(sd.relative()));
        final PoseSimilarity.Result hs = PoseSimilarity.hs(reference, m);
        r.put("HS mean (pitch / yaw / roll)", f3(hs.mean()) + " (" + f3(hs.pitch()) + " / " + f3(hs.yaw()) + " / "
            + f3(hs.roll()) + ")");
        final StyleWindowMetrics.Triple t = StyleWindowMetrics.fromMotion(reference, m, maxWindow, maxStride);
        r.put("SLD (rig: 52 weights + 3 angles)", f4(t.sld().value()));
        r.put("SLV (per-frame velocity)", f4(t.slv().value()));
        r.put("SMD (jaw* + mouth* weights)", f4(t.smd().value()));
        r.put("SLD/SLV/SMD grid cells (F x v)", Integer.toString(t.sld().cells()));
    }

    private int style(final CliArgs args, final PrintStream out) throws Exception
    {
        final Path ref = Path.of(args.required("reference"));
        final Path mot = Path.of(args.required("motion"));
        final int maxWindow = args.intOption("max-window", StyleWindowMetrics.PAPER_MAX_WINDOW, 1, 10_000);
        final int maxStride = args.intOption("max-stride", StyleWindowMetrics.PAPER_MAX_STRIDE, 1, 10_000);
        final String outPath = args.option("out", null);
        final String plots = args.option("plots", null);
        args.rejectUnknown();
        final MotionSeries reference = MotionSeries.read(ref);
        final MotionSeries m = MotionSeries.read(mot);
        final Map<String, String> r = new LinkedHashMap<>();
        styleRows(r, reference, m, maxWindow, maxStride);
        final String md = "# avatar eval style\n\n- reference: `" + ref + "` (" + reference.frames() + " frames at "
            + fps(reference.fps()) + " fps)\n- motion: `" + mot + "` (" + m.frames() + " frames at " + fps(m.fps())
            + " fps)\n- grid: F = 1.." + maxWindow + ", v = 1.." + maxStride + "\n\n"
            + table(List.of("motion"), List.of(r));
        emit(md, outPath, out);
        if (plots != null)
        {
            final Path dir = Path.of(plots);
            EvalPlots.style(dir.resolve("style.png"), "style code (seed 000 Eq. 2) per rig group",
                List.of("reference", "motion"), List.of(StyleCodeDistance.codeOf(reference),
                    StyleCodeDistance.codeOf(m)), List.of(EvalPlots.REFERENCE, EvalPlots.MOTION));
            EvalPlots.pose(dir.resolve("pose.png"), "head pose histograms (HS, seed 003 Eq. 6)",
                List.of(new EvalPlots.Series("reference", reference, EvalPlots.REFERENCE),
                    new EvalPlots.Series("motion", m, EvalPlots.MOTION)));
        }
        return 0;
    }

    private static String table(final List<String> labels, final List<Map<String, String>> rows)
    {
        final StringBuilder sb = new StringBuilder("| metric |");
        for (final String l : labels)
        {
            sb.append(' ').append(l).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(labels.size())).append('\n');
        for (final String key : rows.get(0).keySet())
        {
            sb.append("| ").append(key).append(" |");
            for (final Map<String, String> r : rows)
            {
                sb.append(' ').append(r.getOrDefault(key, "n/a")).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void emit(final String md, final String outPath, final PrintStream out) throws Exception
    {
        out.print(md);
        if (outPath != null)
        {
            final Path p = Path.of(outPath);
            final Path parent = p.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.writeString(p, md, StandardCharsets.UTF_8);
        }
    }

    private static void checkDuration(final MotionSeries m, final float[] pcm, final String name,
        final PrintStream err)
    {
        final double audio = pcm.length / 16_000.0;
        if (Math.abs(m.durationSeconds() - audio) > 0.5)
        {
            err.printf(Locale.ROOT, "warning: %s lasts %.2f s but the audio %.2f s; metrics use the overlap%n", name,
                m.durationSeconds(), audio);
        }
    }

    private static float[] decode(final Path file) throws Exception
    {
        try (AudioFileDecoder d = AudioFileDecoder.open(file))
        {
            float[] all = new float[1 << 16];
            int n = 0;
            int r;
            while ((r = d.read(all, n, all.length - n)) > 0)
            {
                n += r;
                if (n == all.length)
                {
                    all = Arrays.copyOf(all, all.length * 2);
                }
            }
            if (n == 0)
            {
                throw new IllegalArgumentException(file + ": the audio has no samples");
            }
            return Arrays.copyOf(all, n);
        }
    }

    private static String fps(final double fps)
    {
        return fps == Math.rint(fps) ? Integer.toString((int)fps) : Double.toString(fps);
    }

    private static String f0(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f3(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f4(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
