package io.avatar.transport.cli;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.engine.cli.CliArgs;
import io.avatar.engine.cli.CliCommand;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.api.StyleChoice;
import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.SignallingThread;
import io.avatar.transport.webrtc.VideoCodec;
import io.avatar.transport.webrtc.WebRtcFactories;
import io.avatar.transport.whip.WhipClient;
import io.avatar.transport.whip.WhipOutput;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code avatar whip}: starts one live session on the engine and publishes it into a WHIP endpoint (an SFU), speaking
 * an audio file in real time if one is given; stops after {@code --seconds}, when the file has been spoken, or on
 * Ctrl-C, and always DELETEs the WHIP resource on the way out. Main thread.
 */
public final class WhipCommand implements CliCommand
{
    /** Audio is fed to the engine in chunks of this many ms, paced by the wall clock. */
    private static final int CHUNK_MS = 20;
    /** After the file ends, keep publishing this long so the delayed output (voice and lips) is heard in full. */
    private static final long TAIL_MS = 1000;

    @Override
    public String name()
    {
        return "whip";
    }

    @Override
    public String summary()
    {
        return "publish a live avatar session into a WHIP endpoint (an SFU), optionally speaking an audio file";
    }

    @Override
    public String usage()
    {
        return String.join("\n",
            "--url https://sfu.example.com/whip/room [--token T] [--codec VP8|H264|VP9|AV1] [--audio speech.wav]",
            "[--portrait face.png] [--style neutral] [--fps 25] [--size 512] [--seconds N]",
            "[--ice-server 'stun:host:port;turn:host:port,user,password'] [--relay-only]",
            "--token    bearer token for the WHIP endpoint (else $WHIP_TOKEN; none if neither)",
            "--audio    speech to say (any format FFmpeg reads), fed in real time",
            "--seconds  stop after this long (default: when the audio is done, else run until Ctrl-C)");
    }

    @Override
    public java.util.Set<String> flags()
    {
        return java.util.Set.of("relay-only");
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final AvatarService service = ServeCommand.findService();
        try
        {
            return run(args, out, err, service);
        }
        finally
        {
            if (service instanceof AutoCloseable c)
            {
                c.close();
            }
        }
    }

    /**
     * Runs the command on a given engine (tests, embedding). Main thread.
     *
     * @param args    the arguments.
     * @param out     results.
     * @param err     progress.
     * @param service the engine.
     * @return 0 when the run ended as asked, 1 when the WHIP output ended early (connection failed).
     * @throws Exception naming what was wrong.
     */
    public int run(final CliArgs args, final PrintStream out, final PrintStream err, final AvatarService service)
        throws Exception
    {
        final String env = System.getenv("WHIP_TOKEN");
        final WhipClient client = new WhipClient(WhipClient.parseEndpoint(args.required("url")),
            args.option("token", env == null || env.isBlank() ? null : env.strip()), WhipClient.DEFAULT_TIMEOUT);
        final VideoCodec codec = VideoCodec.parse(args.option("codec", "VP8"));
        final Path audio = args.path("audio", null);
        final Path portrait = args.path("portrait", null);
        final String style = args.option("style", null);
        final int fps = args.intOption("fps", SessionRequest.DEFAULT_FPS, 1, 120);
        final int size = args.intOption("size", SessionRequest.DEFAULT_SIZE, 64, 4096);
        final int seconds = args.intOption("seconds", 0, 0, 7 * 24 * 3600);
        final List<IceConfig.Server> servers = IceConfig.parseServers(args.option("ice-server", "").isBlank()
            ? List.of() : List.of(args.option("ice-server", "").split(";")));
        final IceConfig ice = new IceConfig(servers, args.flag("relay-only"), 0, 0, List.of());
        args.rejectUnknown();
        if (audio != null && !Files.isRegularFile(audio))
        {
            throw new CliArgs.UsageException("--audio " + audio + " is not a file");
        }
        final byte[] portraitBytes = portrait == null ? null : Files.readAllBytes(portrait);

        final SessionInfo session = service.createSession(new SessionRequest(portraitBytes,
            style == null ? null : StyleChoice.preset(style), fps, size, size));
        final SignallingThread signalling = new SignallingThread();
        WebRtcFactories factories = null;
        WhipOutput output = null;
        try
        {
            factories = signalling.call(WebRtcFactories::new);
            err.println("avatar whip: session " + session.id() + " (" + session.width() + "x" + session.height() + "@"
                + session.fps() + "), offering " + codec + " to " + client.endpoint());
            output = WhipOutput.open("cli", signalling, factories, ice, service, session.id(), codec, client,
                WhipOutput.DEFAULT_GATHER_TIMEOUT, WhipOutput.DEFAULT_CONNECT_TIMEOUT);
            final WhipOutput o = output;
            final CountDownLatch ended = new CountDownLatch(1);
            o.whenClosed(ended::countDown);
            out.println("avatar whip: publishing to " + o.resource().location() + " (connected in " + o.connectMs()
                + " ms: ICE gathering " + o.gatherMs() + " ms, POST " + o.answerMs() + " ms)");
            out.flush();
            // Ctrl-C: end the WHIP session properly (DELETE) before the JVM goes.
            final Thread onSignal = new Thread(o::close, "avatar-whip-shutdown");
            Runtime.getRuntime().addShutdownHook(onSignal);
            final long t0 = System.nanoTime();
            final long deadline = seconds == 0 ? Long.MAX_VALUE : t0 + TimeUnit.SECONDS.toNanos(seconds);
            if (audio != null)
            {
                speak(audio, service, session.id(), deadline, ended, err);
                final long tailEnd = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TAIL_MS));
                ended.await(Math.max(0, tailEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            else if (seconds == 0)
            {
                ended.await();
            }
            else
            {
                ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            final boolean early = ended.getCount() == 0;
            try
            {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            }
            catch (final IllegalStateException ex)
            {
                // Already shutting down: the hook closes the output.
            }
            out.println("avatar whip: " + (early ? "the WHIP output ended early (connection " + o.state() + ")"
                : "done") + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + o.framesPushed()
                + " frames, " + o.audioChunksPushed() * 10 + " ms of audio sent");
            o.close();
            if (o.deleteError() != null)
            {
                err.println("avatar whip: " + o.deleteError());
            }
            return early ? 1 : 0;
        }
        finally
        {
            if (output != null)
            {
                output.close();
            }
            try
            {
                service.closeSession(session.id());
            }
            catch (final java.util.NoSuchElementException ex)
            {
                // Already gone.
            }
            if (factories != null)
            {
                final WebRtcFactories f = factories;
                signalling.call(() ->
                {
                    f.close();
                    return null;
                });
            }
            signalling.close();
        }
    }

    /** Feeds the file at real time, in {@link #CHUNK_MS} chunks, until it ends, the deadline, or the output ends. */
    private static void speak(final Path audio, final AvatarService service, final String id, final long deadline,
        final CountDownLatch ended, final PrintStream err) throws Exception
    {
        try (AudioFileDecoder in = AudioFileDecoder.open(audio))
        {
            final int rate = 16_000;
            final float[] chunk = new float[rate * CHUNK_MS / 1000];
            final long start = System.nanoTime();
            long sent = 0;
            while (ended.getCount() != 0 && System.nanoTime() < deadline)
            {
                final int n = in.read(chunk, 0, chunk.length);
                if (n < 0)
                {
                    break;
                }
                service.pushAudio(id, chunk, 0, n, rate);
                sent += n;
                // Real time: the engine is live, so speech must not arrive faster than it is spoken.
                final long due = start + sent * 1_000_000_000L / rate;
                final long wait = due - System.nanoTime();
                if (wait > 0)
                {
                    LockSupport.parkNanos(wait);
                }
            }
            err.println("avatar whip: spoke " + Duration.ofMillis(sent * 1000 / rate).toMillis() + " ms of "
                + audio.getFileName());
        }
    }
}
