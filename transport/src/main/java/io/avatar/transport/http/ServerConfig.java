package io.avatar.transport.http;

import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.VideoCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Server settings, checked on construction. Immutable.
 *
 * @param host             address to bind.
 * @param port             TCP port, 0 for any free one.
 * @param token            bearer token for /api and /ws (at least 16 characters).
 * @param allowedOrigins   browser origins allowed besides the server's own (e.g. "https://app.example.com").
 * @param maxSessions      most live sessions.
 * @param maxJsonBytes     largest JSON request body and WebSocket message.
 * @param maxUploadBytes   largest upload (portrait, style file, audio chunk).
 * @param maxPeers         most WebRTC peer connections at once (publishers plus microphone ingests).
 * @param maxWebSockets    most WebSocket connections at once.
 * @param ice              ICE settings for every peer.
 * @param codec            default video codec.
 * @param streamDir        the only directory API callers may stream into as files (absolute), or null: no files,
 *                         only rtmp/rtmps/srt URLs (a remote caller must not choose where the server writes).
 * @param maxStreams       most RTMP/SRT/file streams at once (each has an encoder thread).
 */
public record ServerConfig(String host, int port, String token, Set<String> allowedOrigins, int maxSessions,
    int maxJsonBytes, int maxUploadBytes, int maxPeers, int maxWebSockets, IceConfig ice, VideoCodec codec,
    Path streamDir, int maxStreams)
{
    /** Default limit of streams. */
    public static final int DEFAULT_MAX_STREAMS = 16;

    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default bind address: local only, so exposing the API is a deliberate choice. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Validates every value; messages name the setting and the allowed range.
     */
    public ServerConfig
    {
        allowedOrigins = Set.copyOf(allowedOrigins);
        check("port", port, 0, 65_535);
        check("maxSessions", maxSessions, 1, 10_000);
        check("maxJsonBytes", maxJsonBytes, 1024, 16 << 20);
        check("maxUploadBytes", maxUploadBytes, 1024, 1 << 30);
        check("maxPeers", maxPeers, 1, 10_000);
        check("maxWebSockets", maxWebSockets, 1, 100_000);
        check("maxStreams", maxStreams, 1, 1_000);
        if (streamDir != null)
        {
            streamDir = streamDir.toAbsolutePath().normalize();
            if (!Files.isDirectory(streamDir))
            {
                throw new IllegalArgumentException("stream directory " + streamDir + " is not a directory");
            }
        }
        if (token == null || token.length() < 16 || !token.matches("[A-Za-z0-9._~+/=-]+"))
        {
            throw new IllegalArgumentException("token must be at least 16 characters of [A-Za-z0-9._~+/=-]");
        }
        for (final String o : allowedOrigins)
        {
            if (!o.matches("https?://[^/\\s]+"))
            {
                throw new IllegalArgumentException("allowed origin must look like http(s)://host[:port] without a "
                    + "path, got '" + o + "'");
            }
        }
        if (host == null || host.isBlank())
        {
            throw new IllegalArgumentException("host must not be empty");
        }
    }

    /**
     * @param host  address to bind.
     * @param port  port.
     * @param token bearer token.
     * @return a configuration with the default limits (32 sessions, 64 KiB JSON, 16 MiB uploads, 64 peers,
     *     256 WebSockets, 16 streams), local ICE, VP8 and no stream directory.
     */
    public static ServerConfig defaults(final String host, final int port, final String token)
    {
        return new ServerConfig(host, port, token, Set.of(), 32, 64 * 1024, 16 << 20, 64, 256, IceConfig.LOCAL,
            VideoCodec.VP8, null, DEFAULT_MAX_STREAMS);
    }

    /**
     * @param o new allow-list.
     * @return a copy with it.
     */
    public ServerConfig withAllowedOrigins(final Set<String> o)
    {
        return new ServerConfig(host, port, token, o, maxSessions, maxJsonBytes, maxUploadBytes, maxPeers,
            maxWebSockets, ice, codec, streamDir, maxStreams);
    }

    /**
     * @param sessions   most sessions.
     * @param jsonBytes  largest JSON body / WebSocket message.
     * @param uploadBytes largest upload.
     * @param peers      most peers.
     * @return a copy with these limits.
     */
    public ServerConfig withLimits(final int sessions, final int jsonBytes, final int uploadBytes, final int peers)
    {
        return new ServerConfig(host, port, token, allowedOrigins, sessions, jsonBytes, uploadBytes, peers,
            maxWebSockets, ice, codec, streamDir, maxStreams);
    }

    /**
     * @param i ICE settings.
     * @param c default codec.
     * @return a copy with them.
     */
    public ServerConfig withWebRtc(final IceConfig i, final VideoCodec c)
    {
        return new ServerConfig(host, port, token, allowedOrigins, maxSessions, maxJsonBytes, maxUploadBytes,
            maxPeers, maxWebSockets, i, c, streamDir, maxStreams);
    }

    /**
     * @param dir the directory API callers may stream files into, or null for none.
     * @param max most streams at once.
     * @return a copy with them.
     */
    public ServerConfig withStreams(final Path dir, final int max)
    {
        return new ServerConfig(host, port, token, allowedOrigins, maxSessions, maxJsonBytes, maxUploadBytes,
            maxPeers, maxWebSockets, ice, codec, dir, max);
    }

    private static void check(final String name, final int v, final int min, final int max)
    {
        if (v < min || v > max)
        {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
