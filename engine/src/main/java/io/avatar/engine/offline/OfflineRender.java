package io.avatar.engine.offline;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.engine.output.Mp4FileOutput;
import io.avatar.engine.session.AvatarEngine;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.engine.session.FrameOutput;
import io.avatar.engine.session.SessionSpec;
import io.avatar.engine.session.SessionStatus;
import io.avatar.models.decoder.MotionModel;
import io.avatar.models.style.StyleCode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Renders one audio file to an MP4 through a dedicated {@link AvatarEngine} (one thread per stage, back-pressure,
 * no deadlines). The calling thread decodes the file and feeds the session, waiting briefly whenever the session's
 * queue is full; it is the only thread that waits, and it is not an engine thread.
 */
public final class OfflineRender
{
    /** Receives progress from the calling thread. */
    public interface Progress
    {
        /**
         * @param framesDone  frames written so far.
         * @param framesTotal frames expected, or -1 while the input is still being read.
         */
        void update(long framesDone, long framesTotal);
    }

    /**
     * What a render did.
     *
     * @param frames        video frames written.
     * @param audioSeconds  duration of the input audio.
     * @param wallSeconds   time the render took.
     * @param model         the decoder used.
     */
    public record Summary(long frames, double audioSeconds, double wallSeconds, String model)
    {
        /**
         * @return audio seconds rendered per wall-clock second.
         */
        public double realTimeFactor()
        {
            return audioSeconds / Math.max(1e-9, wallSeconds);
        }
    }

    private static final long STALL_NS = 20_000_000_000L;

    private OfflineRender()
    {
    }

    private static String stageCounters(final AvatarEngine engine)
    {
        final StringBuilder sb = new StringBuilder();
        for (final var stage : engine.engine().stages())
        {
            sb.append(stage.counters()).append("; ");
        }
        return sb.toString();
    }

    /**
     * @param audio    input audio file (any format FFmpeg reads).
     * @param style    speaking style.
     * @param renderer the face (ownership passes to the engine).
     * @param model    the decoder (ownership passes to the engine).
     * @param out      output MP4.
     * @param fps      25 or 30.
     * @param extra    further outputs (may be empty).
     * @param progress progress listener, or null.
     * @return the summary.
     * @throws Exception when decoding, rendering or writing fails (the message names the file).
     */
    public static Summary render(final Path audio, final StyleCode style, final FaceRenderer renderer,
        final MotionModel model, final Path out, final int fps, final List<FrameOutput> extra,
        final Progress progress) throws Exception
    {
        final Mp4FileOutput mp4 = new Mp4FileOutput(out, fps);
        final List<FrameOutput> outputs = new ArrayList<>(extra);
        outputs.add(0, mp4);
        final Summary s = run(audio, style, renderer, model, fps, outputs, progress, mp4::isClosed);
        mp4.checkFailure();
        return new Summary(mp4.framesWritten(), s.audioSeconds(), s.wallSeconds(), s.model());
    }

    /**
     * Runs a file through a session without an MP4 (e.g. motion only, with a null renderer).
     *
     * @param audio    input audio file.
     * @param style    speaking style.
     * @param renderer the face, or null for motion only (ownership passes to the engine).
     * @param model    the decoder (ownership passes to the engine).
     * @param fps      25 or 30.
     * @param outputs  where frames go.
     * @param progress progress listener, or null.
     * @param closed   tells when the outputs have finished closing (checked after the session is closed).
     * @return the summary (frames = frames published).
     * @throws Exception when decoding or the pipeline fails.
     */
    public static Summary run(final Path audio, final StyleCode style, final FaceRenderer renderer,
        final MotionModel model, final int fps, final List<FrameOutput> outputs, final Progress progress,
        final java.util.function.BooleanSupplier closed) throws Exception
    {
        final long start = System.nanoTime();
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.DEDICATED)
            .fullRingPolicy(FullRingPolicy.BACKPRESSURE).idleStrategy("backoff").fps(fps);
        long samples = 0;
        long frames;
        final int w = renderer == null ? 2 : renderer.width();
        final int h = renderer == null ? 2 : renderer.height();
        try (AvatarEngine engine = new AvatarEngine(ctx, model, w, h);
            AudioFileDecoder decoder = AudioFileDecoder.open(audio))
        {
            final long id = engine.createSession(new SessionSpec(style, renderer, outputs, false, 7));
            final float[] buf = new float[8000];
            int n;
            while ((n = decoder.read(buf, 0, buf.length)) > 0)
            {
                int pushed = 0;
                while (pushed < n)
                {
                    pushed += engine.pushAudio(id, buf, pushed, n - pushed, 16_000, 1);
                    if (pushed < n)
                    {
                        waitABit(engine, id, progress);
                    }
                }
                samples += n;
                if (progress != null)
                {
                    progress.update(engine.status(id).framesOut(), -1);
                }
            }
            engine.finish(id);
            SessionStatus st = engine.status(id);
            long lastFrames = -1;
            long lastChangeNs = System.nanoTime();
            while (!st.done())
            {
                checkStages(engine);
                waitABit(engine, id, progress);
                st = engine.status(id);
                if (st.framesOut() != lastFrames)
                {
                    lastFrames = st.framesOut();
                    lastChangeNs = System.nanoTime();
                }
                else if (System.nanoTime() - lastChangeNs > STALL_NS)
                {
                    throw new IllegalStateException("render stalled at frame " + st.framesOut() + " of "
                        + st.expectedFrames() + " for " + STALL_NS / 1_000_000_000L + " s; " + st + "; stages: "
                        + stageCounters(engine));
                }
            }
            if (progress != null)
            {
                progress.update(st.framesOut(), st.expectedFrames());
            }
            frames = st.framesOut();
            engine.closeSession(id);
            // The output stage closes the outputs (finishing an MP4) when it handles the REMOVE command.
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (!closed.getAsBoolean() && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(2_000_000);
            }
        }
        return new Summary(frames, samples / 16_000.0, (System.nanoTime() - start) / 1e9, model.describe());
    }

    private static void checkStages(final AvatarEngine engine)
    {
        if (engine.engine().agentErrors() > 0)
        {
            throw new IllegalStateException("a pipeline stage failed (" + engine.engine().agentErrors()
                + " errors); see the log above");
        }
    }

    private static void waitABit(final AvatarEngine engine, final long id, final Progress progress)
    {
        LockSupport.parkNanos(1_000_000);
        if (progress != null)
        {
            final SessionStatus st = engine.status(id);
            progress.update(st.framesOut(), st.expectedFrames());
        }
    }

    /**
     * Convenience for messages.
     *
     * @param s a summary.
     * @return e.g. {@code "196 frames, 7.8 s of audio in 3.1 s (2.5x real time)"}.
     */
    public static String describe(final Summary s)
    {
        return String.format(java.util.Locale.ROOT, "%d frames, %.2f s of audio in %.2f s (%.2fx real time)",
            s.frames(), s.audioSeconds(), s.wallSeconds(), s.realTimeFactor());
    }

    /**
     * @param path a path.
     * @return it, checked to name a writable MP4 destination.
     * @throws IOException naming the problem.
     */
    public static Path checkOutput(final Path path) throws IOException
    {
        if (!path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mp4"))
        {
            throw new IOException("output " + path + " must end in .mp4");
        }
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            java.nio.file.Files.createDirectories(parent);
        }
        return path;
    }
}
