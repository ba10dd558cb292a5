package io.avatar.engine.cli;

import io.avatar.engine.offline.OfflineRender;
import io.avatar.engine.output.MotionRecorder;
import io.avatar.models.decoder.MotionDecoders;
import io.avatar.models.decoder.OnnxMotionDecoder;
import io.avatar.models.eval.MotionSeries;
import io.avatar.models.style.StyleFile;
import io.avatar.models.style.StylePresets;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code avatar motion}: speech file in, ARKit-named weights and head pose per frame out (JSON or CSV, fps in the
 * header; docs/MOTION_FORMAT.md), through the same pipeline as live sessions without drawing pixels.
 */
public final class MotionCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "motion";
    }

    @Override
    public String summary()
    {
        return "audio file -> ARKit blendshape weights + head pose per frame (JSON or CSV)";
    }

    @Override
    public String usage()
    {
        return "--audio F [--style S] --out motion.json|motion.csv [--fps 25|30]";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path audio = args.requiredFile("audio", "audio file");
        final StyleFile style = StylePresets.resolve(args.option("style", "neutral"));
        final Path output = Path.of(args.required("out"));
        final int fps = args.videoFps();
        args.rejectUnknown();
        final String name = output.getFileName().toString();
        if (!name.endsWith(".json") && !name.endsWith(".csv"))
        {
            throw new CliArgs.UsageException("--out must end in .json or .csv, got " + output);
        }
        final MotionRecorder recorder = new MotionRecorder(fps);
        final OfflineRender.Summary s = OfflineRender.run(audio, style.code(), null,
            MotionDecoders.openDefault(OnnxMotionDecoder.MAX_BATCH_DEFAULT), fps, List.of(recorder), null,
            recorder::isClosed);
        final MotionSeries series = recorder.series();
        series.write(output);
        out.println("wrote " + output + ": " + series.frames() + " frames at " + fps + " fps ("
            + OfflineRender.describe(s) + ")");
        return 0;
    }
}
