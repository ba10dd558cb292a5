package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.transport.outputs.SessionOutputs;
import io.avatar.transport.stream.SessionStream;
import io.avatar.transport.stream.StreamSettings;
import io.avatar.transport.stream.StreamStats;
import io.avatar.transport.stream.StreamTarget;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/sessions/{id}/stream[/{streamId}]}: starts, lists and stops RTMP, SRT and file streams of a session
 * (H.264 + AAC through FFmpeg, docs/STREAMING.md). Starting blocks until FFmpeg has connected (or fails with its
 * reason in a 502 {@code stream_failed}). A remote caller may name only rtmp, rtmps and srt URLs, or a file inside
 * the directory the server was started with ({@code --stream-dir}): never a path elsewhere, and never another FFmpeg
 * protocol.
 */
final class StreamRoutes extends OutputRoutes<SessionStream>
{
    /** The one instance (stateless). */
    static final StreamRoutes INSTANCE = new StreamRoutes();

    private static final Set<String> SCHEMES = Set.of("rtmp", "rtmps", "srt");
    /** A file name inside the stream directory: plain segments, no "..", no protocol prefix such as "pipe:". */
    private static final String FILE_SEGMENT = "[A-Za-z0-9_][A-Za-z0-9._-]*";

    private StreamRoutes()
    {
    }

    @Override
    String noun()
    {
        return "stream";
    }

    @Override
    String listKey()
    {
        return "streams";
    }

    @Override
    SessionOutputs<SessionStream> registry(final ServerContext context)
    {
        return context.streams();
    }

    @Override
    SessionStream start(final ServerContext context, final String sessionId, final JsonNode body)
    {
        if (!body.isObject())
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json", "stream request must be a JSON "
                + "object {\"url\": \"rtmp://...\", \"keyframeSeconds\": 2}");
        }
        if (!body.path("url").isTextual() || body.get("url").asText().isBlank())
        {
            throw ApiException.badRequest("'url' (rtmp://host/app/key, rtmps://..., srt://host:port, or a file "
                + "name inside the server's --stream-dir) must be a non-empty string");
        }
        final JsonNode key = body.get("keyframeSeconds");
        if (key != null && !key.isNull() && !key.isNumber())
        {
            throw ApiException.badRequest("'keyframeSeconds' must be a number of seconds in (0, 60]");
        }
        final double keyframeSeconds = key == null || key.isNull() ? StreamSettings.DEFAULT_KEYFRAME_SECONDS
            : key.asDouble();
        if (!(keyframeSeconds > 0 && keyframeSeconds <= 60))
        {
            throw ApiException.badRequest("'keyframeSeconds' must be in (0, 60], got " + key);
        }
        final ServerConfig config = context.config();
        final String url = body.get("url").asText().strip();
        final StreamTarget target;
        final String shown;
        if (url.contains("://"))
        {
            final String scheme = url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
            if (!SCHEMES.contains(scheme))
            {
                throw ApiException.badRequest("stream URL scheme '" + scheme + "' is not allowed; use rtmp://, "
                    + "rtmps:// or srt://" + (config.streamDir() == null ? "" : ", or a file name inside the "
                    + "server's stream directory"));
            }
            target = StreamTarget.parse(url);
            shown = target.redacted();
        }
        else
        {
            if (config.streamDir() == null)
            {
                throw ApiException.badRequest("'" + url + "' is not an rtmp://, rtmps:// or srt:// URL, and this "
                    + "server does not stream to files: that needs it started with --stream-dir DIR (files then "
                    + "land inside DIR)");
            }
            // The name as given is checked first (shape, then container extension): messages never show server paths.
            final Path rel = relativeName(config.streamDir(), url);
            final String format = StreamTarget.parse(url).format();
            final Path file = fileInside(config.streamDir(), rel, url);
            target = new StreamTarget(StreamTarget.Kind.FILE, file.toString(), format);
            shown = config.streamDir().relativize(file).toString();
        }
        if (!context.tryAcquireStream())
        {
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_streams", "the server holds its "
                + "limit of " + config.maxStreams() + " streams; stop one first");
        }
        final SessionStream s;
        try
        {
            s = SessionStream.open(context.streams().newId(), context.service(), sessionId, target, keyframeSeconds,
                shown);
        }
        catch (final IOException ex)
        {
            context.releaseStream();
            throw new ApiException(HttpResponseStatus.BAD_GATEWAY, "stream_failed", ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            context.releaseStream();
            throw ex;
        }
        context.streams().add(s, context::releaseStream);
        return s;
    }

    /**
     * @param dir  the stream directory.
     * @param name what the caller sent: a relative file name, or an absolute path inside {@code dir}.
     * @return the name relative to {@code dir}, made of plain segments.
     * @throws ApiException naming what was wrong.
     */
    private static Path relativeName(final Path dir, final String name)
    {
        Path rel = Path.of(name);
        if (rel.isAbsolute())
        {
            if (!rel.startsWith(dir))
            {
                throw ApiException.badRequest("file '" + name + "' is outside the stream directory; give a name "
                    + "relative to it");
            }
            rel = dir.relativize(rel);
        }
        for (final Path segment : rel)
        {
            if (!segment.toString().matches(FILE_SEGMENT))
            {
                throw ApiException.badRequest("file name '" + name + "': each part must be letters, digits, '.', "
                    + "'_' or '-' (not starting with '.' or '-'): no '..', no protocol prefix");
            }
        }
        return rel;
    }

    /**
     * @param dir  the stream directory.
     * @param rel  a name from {@link #relativeName}.
     * @param name what the caller sent (for messages).
     * @return the absolute file, inside {@code dir} (its parent directories created), not existing yet.
     * @throws ApiException naming what was wrong.
     */
    private static Path fileInside(final Path dir, final Path rel, final String name)
    {
        final Path file = dir.resolve(rel).normalize();
        try
        {
            Files.createDirectories(file.getParent());
            // A link inside the directory must not lead out of it.
            if (!file.getParent().toRealPath().startsWith(dir.toRealPath()))
            {
                throw ApiException.badRequest("file '" + name + "' would be written outside the stream directory "
                    + "(through a link)");
            }
        }
        catch (final IOException ex)
        {
            throw ApiException.badRequest("cannot create the folder for '" + name + "' in the stream directory: "
                + ex.getClass().getSimpleName());
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new ApiException(HttpResponseStatus.CONFLICT, "exists", "file '" + name + "' already exists in "
                + "the stream directory; choose another name");
        }
        return file;
    }

    @Override
    ObjectNode toJson(final SessionStream s)
    {
        final ObjectNode n = Responses.JSON.createObjectNode();
        final StreamStats st = s.stats();
        final StreamSettings settings = s.settings();
        n.put("stream", s.id());
        n.put("session", s.sessionId());
        n.put("target", s.target());
        n.put("format", s.format());
        n.put("state", st.state().name().toLowerCase(Locale.ROOT));
        n.put("width", settings.width());
        n.put("height", settings.height());
        n.put("fps", settings.fps());
        n.put("keyframeSeconds", settings.keyframeSeconds());
        n.put("framesOffered", st.framesOffered());
        n.put("framesWritten", st.framesWritten());
        n.put("framesDropped", st.framesDropped());
        n.put("framesRejected", st.framesRejected());
        n.put("gapFrames", st.gapFrames());
        n.put("audioSeconds", st.audioSeconds());
        n.put("audioLostSeconds", s.audioLostSeconds());
        n.put("meanSendMs", st.meanSendMs());
        n.put("maxSendMs", st.maxSendMs());
        if (s.failure() != null)
        {
            n.put("failure", s.failure());
        }
        return n;
    }

    @Override
    void describeClose(final SessionStream s, final ObjectNode n)
    {
        n.setAll(toJson(s));
    }
}
