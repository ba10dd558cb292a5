package io.avatar.transport.cli;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.engine.cli.CliArgs;
import io.avatar.engine.cli.CliCommand;
import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.engine.render.PortraitRenderers;
import io.avatar.engine.session.AvatarEngine;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.engine.session.FrameOutput;
import io.avatar.engine.session.SessionSpec;
import io.avatar.engine.session.SessionStatus;
import io.avatar.models.decoder.MotionDecoders;
import io.avatar.models.decoder.OnnxMotionDecoder;
import io.avatar.models.style.StyleFile;
import io.avatar.models.style.StylePresets;
import io.avatar.transport.stream.StreamOutput;
import io.avatar.transport.stream.StreamSettings;
import io.avatar.transport.stream.StreamStats;
import io.avatar.transport.stream.StreamTarget;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code avatar stream}: a live session (paced in real time) driven by an audio file, streamed as H.264 + AAC to an
 * RTMP server, an SRT peer or a file (docs/STREAMING.md).
 */
public final class StreamCommand implements CliCommand
{
    /** Audio is fed at most this far ahead of the session clock (the session's inbox holds about 30 s). */
    private static final long FEED_LEAD_SAMPLES = 16_000;
    private static final long STALL_NS = 10_000_000_000L;

    @Override
    public String name()
    {
        return "stream";
    }

    @Override
    public String summary()
    {
        return "stream a live talking face for an audio file to rtmp://, srt:// or a .flv/.ts/.mkv/.mp4 file";
    }

    @Override
    public String usage()
    {
        return "--audio F --out rtmp://host/app/key|srt://host:port|file.flv [--portrait P] [--style S] [--size 512]"
            + " [--fps 25] [--keyframe 2] [--queue 12] [--timeout-ms 5000]\n"
            + "--audio F        speech (WAV, MP3, OGG/Opus, FLAC, ...), played as a live session in real time\n"
            + "--out URL|FILE   rtmp(s):// (FLV), srt:// (MPEG-TS; ?mode=listener to wait for a caller), or a file "
            + ".flv .ts .mkv .mp4\n"
            + "--portrait P     a photo, or a fit saved by avatar portrait --fit-out (default: the built-in avatar)\n"
            + "--style S        a preset name (avatar style list) or a style file; default: neutral\n"
            + "--size N         frame width and height, 256-1024 (default 512)\n"
            + "--keyframe S     seconds between H.264 key frames (default 2)\n"
            + "--queue N        frames buffered for a slow network before frames are dropped (default 12)\n"
            + "--timeout-ms T   a connect/write that makes no progress this long fails the stream (default 5000)";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path audio = args.requiredFile("audio", "audio file");
        final StreamTarget target = StreamTarget.parse(args.required("out"));
        final String portrait = args.option("portrait", null);
        final String styleName = args.option("style", "neutral");
        final int fps = args.videoFps();
        final int size = args.frameSize();
        final double keyframe = args.doubleOption("keyframe", StreamSettings.DEFAULT_KEYFRAME_SECONDS, 0.04, 60);
        final int queue = args.intOption("queue", StreamSettings.DEFAULT_QUEUE_FRAMES, 2, 1_000);
        final int timeoutMs = args.intOption("timeout-ms", StreamSettings.DEFAULT_IO_TIMEOUT_MS, 100, 600_000);
        args.rejectUnknown();
        if (target.kind() == StreamTarget.Kind.FILE)
        {
            final Path parent = Path.of(target.url()).toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
        }
        final StyleFile style = StylePresets.resolve(styleName);
        final FaceRenderer renderer = PortraitRenderers.session(portrait == null ? null : Path.of(portrait), size);
        final StreamSettings settings = new StreamSettings(size, size, fps, keyframe, queue, timeoutMs);
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.DEDICATED)
            .fullRingPolicy(FullRingPolicy.DROP_NEWEST).idleStrategy("backoff").fps(fps);
        try (AvatarEngine engine = new AvatarEngine(ctx,
            MotionDecoders.openDefault(OnnxMotionDecoder.MAX_BATCH_DEFAULT), size, size);
            AudioFileDecoder decoder = AudioFileDecoder.open(audio);
            StreamOutput stream = new StreamOutput(target, settings))
        {
            err.println("avatar stream: connecting to " + target.url());
            if (stream.awaitConnected(timeoutMs + 2_000L) != StreamOutput.State.STREAMING)
            {
                throw new IOException(stream.failure() != null ? stream.failure()
                    : "no connection to " + target.url() + " within " + (timeoutMs + 2_000) + " ms");
            }
            final long id = engine.createSession(new SessionSpec(style.code(), renderer, List.<FrameOutput>of(stream),
                true, System.nanoTime()));
            final long start = System.nanoTime();
            final boolean terminal = System.console() != null;
            final float[] buf = new float[1_600];
            long fed = 0;
            long lastPrint = start;
            boolean eof = false;
            long lastFrames = -1;
            long lastChange = start;
            while (true)
            {
                final long now = System.nanoTime();
                final long clock = (now - start) * 16_000L / 1_000_000_000L;
                while (!eof && fed < clock + FEED_LEAD_SAMPLES)
                {
                    final int n = decoder.read(buf, 0, buf.length);
                    if (n <= 0)
                    {
                        eof = true;
                        engine.finish(id);
                        break;
                    }
                    final int accepted = engine.pushAudio(id, buf, 0, n, 16_000, 1);
                    if (accepted < n)
                    {
                        throw new IllegalStateException("the session's audio queue is full (" + (n - accepted)
                            + " samples refused)");
                    }
                    fed += n;
                }
                final SessionStatus st = engine.status(id);
                if (stream.state() == StreamOutput.State.FAILED || (eof && st.done()))
                {
                    break;
                }
                if (st.framesOut() != lastFrames)
                {
                    lastFrames = st.framesOut();
                    lastChange = now;
                }
                else if (now - lastChange > STALL_NS)
                {
                    throw new IllegalStateException("the session stalled at frame " + st.framesOut() + ": " + st);
                }
                if (terminal && now - lastPrint > 500_000_000L)
                {
                    lastPrint = now;
                    final StreamStats s = stream.stats();
                    err.print(String.format(Locale.ROOT, "\rstreaming %.1f / %.1f s: %d frames sent, %d dropped   ",
                        (now - start) / 1e9, fed / 16_000.0, s.framesWritten(), s.framesDropped()));
                    err.flush();
                }
                LockSupport.parkNanos(20_000_000L);
            }
            if (terminal)
            {
                err.println();
            }
            engine.closeSession(id);
            if (!stream.awaitClosed(timeoutMs + 5_000L))
            {
                throw new IOException("the stream to " + target.url() + " did not finish within "
                    + (timeoutMs + 5_000) + " ms; " + stream.stats().describe());
            }
            final StreamStats s = stream.stats();
            out.println(String.format(Locale.ROOT, "streamed %s to %s (%s, %.2f s of audio in %.2f s, style %s, "
                + "key frame every %.1f s): %s", audio.getFileName(), target.url(), target.format(), fed / 16_000.0,
                (System.nanoTime() - start) / 1e9, style.name(), keyframe, s.describe()));
            if (s.state() == StreamOutput.State.FAILED)
            {
                throw new IOException(s.failure());
            }
            return 0;
        }
    }
}
