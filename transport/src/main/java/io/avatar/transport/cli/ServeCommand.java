package io.avatar.transport.cli;

import io.avatar.engine.cli.CliArgs;
import io.avatar.engine.cli.CliCommand;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.http.ApiToken;
import io.avatar.transport.http.AvatarHttpServer;
import io.avatar.transport.http.ServerConfig;
import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.VideoCodec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * {@code avatar serve}: runs the HTTP API, the web page and WebRTC on the engine's {@link AvatarService}, found
 * through {@link ServiceLoader} ({@code META-INF/services/io.avatar.transport.api.AvatarService}). Main thread.
 */
public final class ServeCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "serve";
    }

    @Override
    public String summary()
    {
        return "serve the HTTP/WebSocket API, the web page and WebRTC streams";
    }

    @Override
    public String usage()
    {
        return String.join("\n",
            "[--host 127.0.0.1] [--port 8080] [--token T] [--token-file F] [--allow-origin O1,O2]",
            "[--max-sessions 32] [--max-upload-mb 16] [--max-peers 64] [--codec VP8|H264|VP9|AV1]",
            "[--ice-server 'stun:host:port;turn:host:port,user,password'] [--ice-ports MIN-MAX]",
            "[--ice-address PREFIX1,PREFIX2] [--relay-only] [--stream-dir DIR] [--max-streams 16]",
            "--token        API bearer token (else $AVATAR_TOKEN, else the token file, generated on first start)",
            "--token-file   where a generated token is kept (default ~/.config/avatar/api-token)",
            "--allow-origin browser origins allowed besides the server's own",
            "--ice-address  only signal local ICE candidates whose IP starts with one of these prefixes",
            "--stream-dir   lets API callers stream sessions into files inside DIR (POST /api/sessions/ID/stream);",
            "               without it only rtmp://, rtmps:// and srt:// URLs are accepted",
            "--max-streams  most RTMP/SRT/file streams at once");
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final String host = args.option("host", ServerConfig.DEFAULT_HOST);
        final int port = args.intOption("port", ServerConfig.DEFAULT_PORT, 0, 65_535);
        final String tokenOption = args.option("token", null);
        final Path tokenFile = args.path("token-file", Path.of(System.getProperty("user.home"), ".config", "avatar",
            "api-token"));
        final Set<String> origins = new LinkedHashSet<>(list(args.option("allow-origin", ""), ","));
        final int maxSessions = args.intOption("max-sessions", 32, 1, 10_000);
        final int maxUploadMb = args.intOption("max-upload-mb", 16, 1, 1024);
        final int maxPeers = args.intOption("max-peers", 64, 1, 10_000);
        final VideoCodec codec = VideoCodec.parse(args.option("codec", "VP8"));
        final List<IceConfig.Server> servers = IceConfig.parseServers(list(args.option("ice-server", ""), ";"));
        final String ports = args.option("ice-ports", "0-0");
        final List<String> address = list(args.option("ice-address", ""), ",");
        final boolean relayOnly = args.flag("relay-only");
        final Path streamDir = args.path("stream-dir", null);
        final int maxStreams = args.intOption("max-streams", ServerConfig.DEFAULT_MAX_STREAMS, 1, 1_000);
        args.rejectUnknown();

        final String[] range = ports.split("-", -1);
        if (range.length != 2 || !range[0].matches("\\d{1,5}") || !range[1].matches("\\d{1,5}"))
        {
            throw new CliArgs.UsageException("--ice-ports must be MIN-MAX, got '" + ports + "'");
        }
        final IceConfig ice = new IceConfig(servers, relayOnly, Integer.parseInt(range[0]),
            Integer.parseInt(range[1]), address);
        if (streamDir != null)
        {
            if (java.nio.file.Files.exists(streamDir) && !java.nio.file.Files.isDirectory(streamDir))
            {
                throw new CliArgs.UsageException("--stream-dir " + streamDir + " is not a directory");
            }
            // Made here rather than on the first request, so a typo shows at start-up.
            java.nio.file.Files.createDirectories(streamDir);
        }
        final String env = System.getenv("AVATAR_TOKEN");
        final String token = tokenOption != null ? tokenOption
            : env != null && !env.isBlank() ? env.strip() : ApiToken.loadOrCreate(tokenFile);
        final ServerConfig config = ServerConfig.defaults(host, port, token).withAllowedOrigins(origins)
            .withLimits(maxSessions, 64 * 1024, maxUploadMb << 20, maxPeers).withWebRtc(ice, codec)
            .withStreams(streamDir, maxStreams);

        final AvatarService service = findService();
        err.println("avatar: engine service " + service.getClass().getName());
        final AvatarHttpServer server = AvatarHttpServer.start(service, config, true);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            server.close();
            if (service instanceof AutoCloseable c)
            {
                try
                {
                    c.close();
                }
                catch (final Exception ex)
                {
                    err.println("avatar: closing the engine failed: " + ex.getMessage());
                }
            }
        }, "avatar-serve-shutdown"));
        final String shown = host.contains(":") ? "[" + host + "]" : host;
        out.println("avatar: serving http://" + shown + ":" + server.port() + "/#token=" + token);
        if (config.streamDir() != null)
        {
            out.println("avatar: API streams may write files into " + config.streamDir());
        }
        out.println("avatar: API token " + (tokenOption != null ? "from --token"
            : env != null && !env.isBlank() ? "from AVATAR_TOKEN" : "in " + tokenFile));
        out.flush();
        server.awaitClose();
        return 0;
    }

    /**
     * @return the one registered engine service.
     * @throws IllegalStateException when none is registered.
     */
    static AvatarService findService()
    {
        final List<AvatarService> found = new ArrayList<>();
        ServiceLoader.load(AvatarService.class).forEach(found::add);
        if (found.isEmpty())
        {
            throw new IllegalStateException("no engine is registered for 'avatar serve': no class on the class path "
                + "implements io.avatar.transport.api.AvatarService (register one in "
                + "META-INF/services/io.avatar.transport.api.AvatarService)");
        }
        if (found.size() > 1)
        {
            throw new IllegalStateException("more than one AvatarService is registered: "
                + found.stream().map(s -> s.getClass().getName()).toList());
        }
        return found.get(0);
    }

    private static List<String> list(final String v, final String sep)
    {
        return v.isBlank() ? List.of() : Arrays.stream(v.split(sep)).map(String::strip).filter(s -> !s.isEmpty())
            .toList();
    }
}
