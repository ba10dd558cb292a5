package io.avatar.transport.stream;

import io.avatar.engine.output.Mp4Writer;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a stream goes, parsed from what a user typed: {@code rtmp://} or {@code rtmps://} (FLV), {@code srt://}
 * (MPEG-TS), or a file whose extension names the container ({@code .flv}, {@code .ts}, {@code .mkv}, {@code .mp4}).
 * Immutable; any thread.
 *
 * @param kind   network protocol or file.
 * @param url    what FFmpeg opens.
 * @param format the FFmpeg muxer.
 */
public record StreamTarget(Kind kind, String url, String format)
{
    /** The kinds of destination. */
    public enum Kind
    {
        /** An RTMP(S) server (nginx-rtmp, MediaMTX, YouTube, Twitch, ...), FLV container. */
        RTMP,
        /** An SRT peer (caller by default; {@code ?mode=listener} to wait for one), MPEG-TS container. */
        SRT,
        /** A local file. */
        FILE
    }

    private static final String USAGE = "use rtmp://host[:port]/app/key, rtmps://..., srt://host:port[?options] or a "
        + "file ending in .flv, .ts, .mkv or .mp4";

    /**
     * Parses what a user typed. Any thread.
     *
     * @param destination a URL or a file path.
     * @return the target.
     * @throws IllegalArgumentException naming what is wrong: an unknown scheme or extension, a URL without host or
     *                                  port, or a protocol this FFmpeg build cannot write.
     */
    public static StreamTarget parse(final String destination)
    {
        if (destination == null || destination.isBlank())
        {
            throw new IllegalArgumentException("no stream destination given; " + USAGE);
        }
        final String d = destination.trim();
        final int colon = d.indexOf("://");
        if (colon > 0)
        {
            final String scheme = d.substring(0, colon).toLowerCase(Locale.ROOT);
            final URI uri;
            try
            {
                uri = new URI(d);
            }
            catch (final URISyntaxException ex)
            {
                throw new IllegalArgumentException("stream URL '" + d + "' is malformed: " + ex.getReason(), ex);
            }
            if (uri.getHost() == null)
            {
                throw new IllegalArgumentException("stream URL '" + d + "' has no host; " + USAGE);
            }
            switch (scheme)
            {
                case "rtmp", "rtmps" ->
                {
                    requireProtocol(scheme, d);
                    if (uri.getPath() == null || uri.getPath().length() < 2)
                    {
                        throw new IllegalArgumentException("RTMP URL '" + d + "' needs an application and a stream "
                            + "key: rtmp://host[:port]/app/key");
                    }
                    return new StreamTarget(Kind.RTMP, d, "flv");
                }
                case "srt" ->
                {
                    requireProtocol(scheme, d);
                    if (uri.getPort() < 0)
                    {
                        throw new IllegalArgumentException("SRT URL '" + d + "' needs a port: srt://host:port");
                    }
                    return new StreamTarget(Kind.SRT, d, "mpegts");
                }
                default -> throw new IllegalArgumentException("stream URL scheme '" + scheme + "' is not supported; "
                    + USAGE);
            }
        }
        final String name = Path.of(d).getFileName().toString().toLowerCase(Locale.ROOT);
        final int dot = name.lastIndexOf('.');
        final String ext = dot < 0 ? "" : name.substring(dot + 1);
        final String format = switch (ext)
        {
            case "flv" -> "flv";
            case "ts" -> "mpegts";
            case "mkv" -> "matroska";
            case "mp4" -> "mp4";
            default -> throw new IllegalArgumentException("output file '" + d + "' has "
                + (ext.isEmpty() ? "no extension" : "the unknown extension '." + ext + "'") + "; " + USAGE);
        };
        return new StreamTarget(Kind.FILE, d, format);
    }

    /**
     * The destination for reports and logs, without what may be secret: an RTMP stream key (everything after the
     * application) and SRT options (passphrase, stream id) become {@code ***}; files are shown as given. Any thread.
     *
     * @return e.g. {@code rtmp://a.rtmp.youtube.com/live2/***}.
     */
    public String redacted()
    {
        if (kind == Kind.FILE)
        {
            return url;
        }
        final URI uri = URI.create(url);
        final String hostPort = uri.getScheme() + "://" + uri.getHost()
            + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        if (kind == Kind.SRT)
        {
            return hostPort + (uri.getRawQuery() == null ? "" : "?***");
        }
        final String path = uri.getRawPath();
        final int app = path.indexOf('/', 1);
        return hostPort + (app < 0 ? path : path.substring(0, app) + "/***");
    }

    /**
     * @param protocol an FFmpeg protocol name.
     * @param url      the URL that needs it (for the message).
     * @throws IllegalArgumentException when this FFmpeg build cannot write to that protocol.
     */
    static void requireProtocol(final String protocol, final String url)
    {
        if (!FfmpegProtocols.canWrite(protocol))
        {
            throw new IllegalArgumentException("'" + url + "': the " + protocol + " protocol is not supported by "
                + "this FFmpeg build (it writes to: " + String.join(", ", FfmpegProtocols.output()) + ")");
        }
    }

    /**
     * The container and its options: low-latency muxing for network targets (packets flushed as soon as written, no
     * mux delay, no seeking back to patch headers), a network timeout, and the encoder's latency options. Any
     * thread.
     *
     * @param settings encoding settings.
     * @return what {@link Mp4Writer} opens.
     */
    public Mp4Writer.Container container(final StreamSettings settings)
    {
        final Map<String, String> fmt = new HashMap<>();
        final String timeoutUs = Long.toString(settings.ioTimeoutMs() * 1_000L);
        switch (kind)
        {
            case RTMP ->
            {
                fmt.put("flvflags", "no_duration_filesize"); // a live stream cannot seek back to patch the header
                fmt.put("rtmp_live", "live");
                fmt.put("flush_packets", "1");
                fmt.put("rw_timeout", timeoutUs);
            }
            case SRT ->
            {
                fmt.put("flush_packets", "1");
                fmt.put("muxdelay", "0");
                fmt.put("muxpreload", "0");
                fmt.put("rw_timeout", timeoutUs);
                fmt.put("connect_timeout", Integer.toString(settings.ioTimeoutMs()));
                // Without linger, closing drops what SRT has not yet delivered: the last frames (measured: 3-5 of
                // 100 lost). One second lets the peer acknowledge them.
                fmt.put("linger", "1");
            }
            case FILE ->
            {
                if ("mpegts".equals(format))
                {
                    fmt.put("muxdelay", "0");
                    fmt.put("muxpreload", "0");
                }
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
        final Map<String, String> video = new HashMap<>();
        if ("libx264".equals(Mp4Writer.h264EncoderName()))
        {
            // GPL builds only: no B-frames, no look-ahead, so each frame leaves the encoder as soon as it enters.
            video.put("preset", "veryfast");
            video.put("tune", "zerolatency");
        }
        // openh264 (the LGPL build) has no B-frames and no look-ahead: already one frame in, one frame out.
        return new Mp4Writer.Container(url, format, settings.gopFrames(), fmt, video);
    }
}
