package io.avatar.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.api.StyleChoice;
import io.avatar.transport.webrtc.IceConfig;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The REST API and the static page (routes in {@code docs/API.md}). Every failure becomes a JSON error naming the
 * problem; engine exceptions map to 400 (bad input), 404 (unknown session), 429/503 (limits). Engine calls may block
 * (portrait fitting), so requests are handled on the server's API threads, one at a time per connection in arrival
 * order (HTTP/1.1 pipelining needs responses in order); the queue is touched on the event loop only.
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final String SESSIONS = "/api/sessions";
    /** Multipart file part holding a reference video to extract a style from. */
    private static final String STYLE_VIDEO = "styleVideo";
    /** Fields of a JSON session request. */
    private static final List<String> SESSION_FIELDS = List.of("style", "fps", "width", "height", "portrait");
    private final ServerContext context;
    private final Executor executor;
    private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>();
    private boolean busy;

    /**
     * @param context  the server's shared state.
     * @param executor threads that run the requests, or null to run them on the event loop (tests).
     */
    public ApiHandler(final ServerContext context, final Executor executor)
    {
        this.context = context;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest req)
    {
        if (executor == null)
        {
            handle(ctx, req);
            return;
        }
        queue.add(req.retain());
        if (!busy)
        {
            next(ctx);
        }
    }

    private void next(final ChannelHandlerContext ctx)
    {
        final FullHttpRequest req = queue.poll();
        busy = req != null;
        if (req == null)
        {
            return;
        }
        try
        {
            executor.execute(() ->
            {
                try
                {
                    handle(ctx, req);
                }
                finally
                {
                    req.release();
                    ctx.executor().execute(() -> next(ctx));
                }
            });
        }
        catch (final RejectedExecutionException ex)
        {
            req.release(); // the server is shutting down
            busy = false;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        FullHttpRequest r;
        while ((r = queue.poll()) != null)
        {
            r.release();
        }
        super.channelInactive(ctx);
    }

    private void handle(final ChannelHandlerContext ctx, final FullHttpRequest req)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(req);
        try
        {
            final QueryStringDecoder q = new QueryStringDecoder(req.uri());
            final String path = q.path();
            if (!path.startsWith("/api/"))
            {
                StaticFiles.serve(ctx, req, path, keepAlive);
                return;
            }
            route(ctx, req, q, path, keepAlive);
        }
        catch (final ApiException ex)
        {
            Responses.json(ctx, ex.status(), Responses.error(ex.code(), ex.getMessage()), keepAlive);
        }
        catch (final NoSuchElementException ex)
        {
            Responses.json(ctx, HttpResponseStatus.NOT_FOUND, Responses.error("no_session", ex.getMessage()),
                keepAlive);
        }
        catch (final IllegalArgumentException ex)
        {
            Responses.json(ctx, HttpResponseStatus.BAD_REQUEST, Responses.error("bad_request", ex.getMessage()),
                keepAlive);
        }
        catch (final IllegalStateException ex)
        {
            Responses.json(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, Responses.error("unavailable",
                ex.getMessage()), keepAlive);
        }
        catch (final RuntimeException ex)
        {
            Responses.json(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, Responses.error("internal",
                ex.getClass().getSimpleName() + ": " + ex.getMessage()), false);
        }
    }

    private void route(final ChannelHandlerContext ctx, final FullHttpRequest req, final QueryStringDecoder q,
        final String path, final boolean keepAlive)
    {
        final AvatarService service = context.service();
        final HttpMethod m = req.method();
        if ("/api/health".equals(path))
        {
            only(m, HttpMethod.GET);
            final ObjectNode n = Responses.JSON.createObjectNode();
            n.put("status", "ok");
            n.put("sessions", service.sessions().size());
            n.put("peers", context.peers());
            n.put("streams", context.streams().size());
            Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
            return;
        }
        if ("/api/styles".equals(path))
        {
            only(m, HttpMethod.GET);
            final ObjectNode n = Responses.JSON.createObjectNode();
            final ArrayNode a = n.putArray("presets");
            service.stylePresets().forEach(a::add);
            Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
            return;
        }
        if ("/api/config".equals(path))
        {
            only(m, HttpMethod.GET);
            Responses.json(ctx, HttpResponseStatus.OK, clientConfig(), keepAlive);
            return;
        }
        if (SESSIONS.equals(path))
        {
            if (HttpMethod.GET.equals(m))
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                final ArrayNode a = n.putArray("sessions");
                service.sessions().forEach(s -> a.add(toJson(s)));
                Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
                return;
            }
            only(m, HttpMethod.POST);
            if (service.sessions().size() >= context.config().maxSessions())
            {
                throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_sessions", "the server holds "
                    + "its limit of " + context.config().maxSessions() + " sessions; close one first");
            }
            final SessionInfo s = service.createSession(sessionRequest(req, q));
            Responses.json(ctx, HttpResponseStatus.CREATED, toJson(s), keepAlive);
            return;
        }
        if (!path.startsWith(SESSIONS + "/"))
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no API route " + path);
        }
        final String[] parts = path.substring(SESSIONS.length() + 1).split("/", -1);
        final String id = parts[0];
        if (id.isEmpty() || !id.matches("[A-Za-z0-9_-]{1,64}"))
        {
            throw ApiException.badRequest("session id must be 1..64 characters of [A-Za-z0-9_-], got '" + id + "'");
        }
        final String action = parts.length > 1 ? parts[1] : "";
        final OutputRoutes<?> outputs = "whip".equals(action) ? WhipRoutes.INSTANCE
            : "stream".equals(action) ? StreamRoutes.INSTANCE : null;
        if (outputs != null)
        {
            outputs.handle(ctx, req, context, id, parts.length > 2 ? parts[2] : null, parts.length > 3, keepAlive);
            return;
        }
        if (parts.length > 2)
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no API route " + path);
        }
        switch (action)
        {
            case "" ->
            {
                if (HttpMethod.DELETE.equals(m))
                {
                    service.closeSession(id);
                    context.clientStats().remove(id);
                    final ObjectNode n = Responses.JSON.createObjectNode();
                    n.put("closed", id);
                    Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
                    return;
                }
                only(m, HttpMethod.GET);
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.set("session", toJson(service.session(id)));
                n.set("counters", Responses.JSON.valueToTree(service.counters(id)));
                final JsonNode client = context.clientStats().get(id);
                n.set("client", client == null ? Responses.JSON.nullNode() : client);
                Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
            }
            case "audio" ->
            {
                only(m, HttpMethod.POST);
                final AudioBody.Pcm pcm = audio(req, q);
                service.pushAudio(id, pcm.pcm(), 0, pcm.pcm().length, pcm.sampleRate());
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.put("samples", pcm.pcm().length);
                n.put("sampleRate", pcm.sampleRate());
                n.put("seconds", pcm.pcm().length / (double)pcm.sampleRate());
                Responses.json(ctx, HttpResponseStatus.ACCEPTED, n, keepAlive);
            }
            case "interrupt" ->
            {
                only(m, HttpMethod.POST);
                service.interrupt(id);
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.put("interrupted", id);
                Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
            }
            case "style" ->
            {
                if (!HttpMethod.PUT.equals(m) && !HttpMethod.POST.equals(m))
                {
                    throw methodNotAllowed(m, "PUT or POST");
                }
                // a reference video blocks this API thread (not the event loop) until its style is extracted
                service.setStyle(id, styleRequest(req));
                Responses.json(ctx, HttpResponseStatus.OK, toJson(service.session(id)), keepAlive);
            }
            case "client-stats" ->
            {
                only(m, HttpMethod.GET);
                service.session(id);
                final JsonNode client = context.clientStats().get(id);
                Responses.json(ctx, HttpResponseStatus.OK, client == null ? Responses.JSON.createObjectNode()
                    : client, keepAlive);
            }
            default -> throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no API route " + path);
        }
    }

    /**
     * @return what the page needs to set up its peers: ICE servers (with TURN credentials: the caller holds the
     *     token) and the default codec.
     */
    private ObjectNode clientConfig()
    {
        final ObjectNode n = Responses.JSON.createObjectNode();
        final ArrayNode servers = n.putArray("iceServers");
        for (final IceConfig.Server s : context.config().ice().servers())
        {
            final ObjectNode o = servers.addObject();
            final ArrayNode urls = o.putArray("urls");
            s.urls().forEach(urls::add);
            if (s.username() != null)
            {
                o.put("username", s.username());
                o.put("credential", s.credential());
            }
        }
        n.put("codec", context.config().codec().name());
        n.put("maxUploadBytes", context.config().maxUploadBytes());
        return n;
    }

    private static SessionRequest queryRequest(final byte[] portrait, final QueryStringDecoder q)
    {
        final String style = param(q, "style");
        return new SessionRequest(portrait, style == null ? null : StyleChoice.preset(style),
            intParam(param(q, "fps"), "fps", SessionRequest.DEFAULT_FPS),
            intParam(param(q, "width"), "width", SessionRequest.DEFAULT_SIZE),
            intParam(param(q, "height"), "height", SessionRequest.DEFAULT_SIZE));
    }

    private SessionRequest sessionRequest(final FullHttpRequest req, final QueryStringDecoder q)
    {
        final String type = contentType(req);
        if (type.startsWith("multipart/form-data"))
        {
            return multipart(req);
        }
        if (type.startsWith("image/"))
        {
            return queryRequest(ByteBufUtil.getBytes(req.content()), q);
        }
        if (req.content().readableBytes() == 0)
        {
            // no body: the query string may still choose style and size (as for an image body), never ignored
            return queryRequest(null, q);
        }
        if (!type.startsWith("application/json"))
        {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "create a session with application/json, multipart/form-data or an image/* body, got '" + type + "'");
        }
        final JsonNode j = parseJson(req, context.config().maxUploadBytes());
        if (!j.isObject())
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json", "session request must be a JSON object");
        }
        for (final java.util.Iterator<String> it = j.fieldNames(); it.hasNext(); )
        {
            final String f = it.next();
            if (!SESSION_FIELDS.contains(f))
            {
                throw ApiException.badRequest("unknown session field '" + f + "' (use " + SESSION_FIELDS + "; a "
                    + "reference video goes in a multipart '" + STYLE_VIDEO + "' part)");
            }
        }
        byte[] portrait = null;
        if (j.hasNonNull("portrait"))
        {
            try
            {
                portrait = java.util.Base64.getDecoder().decode(j.get("portrait").asText());
            }
            catch (final IllegalArgumentException ex)
            {
                throw ApiException.badRequest("'portrait' must be base64-encoded image bytes: " + ex.getMessage());
            }
        }
        final JsonNode style = j.get("style");
        final StyleChoice sc;
        if (style == null || style.isNull())
        {
            sc = null;
        }
        else if (style.isTextual())
        {
            sc = StyleChoice.preset(style.asText());
        }
        else if (style.isObject())
        {
            sc = StyleChoice.file(style.toString().getBytes(StandardCharsets.UTF_8));
        }
        else
        {
            throw ApiException.badRequest("'style' must be a preset name or a style file object");
        }
        return new SessionRequest(portrait, sc, intField(j, "fps", SessionRequest.DEFAULT_FPS),
            intField(j, "width", SessionRequest.DEFAULT_SIZE), intField(j, "height", SessionRequest.DEFAULT_SIZE));
    }

    private static SessionRequest multipart(final FullHttpRequest req)
    {
        final HttpPostRequestDecoder d;
        try
        {
            d = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), req);
        }
        catch (final HttpPostRequestDecoder.ErrorDataDecoderException ex)
        {
            throw ApiException.badRequest("malformed multipart body: " + ex.getMessage());
        }
        try
        {
            byte[] portrait = null;
            StyleChoice style = null;
            String fps = null;
            String width = null;
            String height = null;
            final List<InterfaceHttpData> datas = d.getBodyHttpDatas();
            for (final InterfaceHttpData data : datas)
            {
                final String name = data.getName();
                if (data instanceof FileUpload f)
                {
                    final byte[] bytes = ByteBufUtil.getBytes(f.content());
                    if ("portrait".equals(name))
                    {
                        portrait = bytes;
                    }
                    else if ("style".equals(name))
                    {
                        style = StyleChoice.file(bytes);
                    }
                    else if (STYLE_VIDEO.equals(name))
                    {
                        style = StyleChoice.video(bytes);
                    }
                    else
                    {
                        throw ApiException.badRequest("unknown multipart file field '" + name
                            + "' (use 'portrait', 'style' or '" + STYLE_VIDEO + "')");
                    }
                }
                else if (data instanceof Attribute a)
                {
                    final String v = a.getValue();
                    switch (name)
                    {
                        case "style" -> style = v.isBlank() ? null : StyleChoice.preset(v.strip());
                        case "fps" -> fps = v;
                        case "width" -> width = v;
                        case "height" -> height = v;
                        default -> throw ApiException.badRequest("unknown multipart field '" + name
                            + "' (use portrait, style, fps, width, height)");
                    }
                }
            }
            return new SessionRequest(portrait, style, intParam(fps, "fps", SessionRequest.DEFAULT_FPS),
                intParam(width, "width", SessionRequest.DEFAULT_SIZE),
                intParam(height, "height", SessionRequest.DEFAULT_SIZE));
        }
        catch (final HttpPostRequestDecoder.ErrorDataDecoderException | IOException ex)
        {
            throw ApiException.badRequest("malformed multipart body: " + ex.getMessage());
        }
        finally
        {
            d.destroy();
        }
    }

    private static AudioBody.Pcm audio(final FullHttpRequest req, final QueryStringDecoder q)
    {
        final String type = contentType(req);
        if (type.startsWith("audio/wav") || type.startsWith("audio/x-wav") || type.startsWith("audio/wave")
            || type.startsWith("audio/vnd.wave"))
        {
            return AudioBody.wav(req.content());
        }
        if (type.startsWith("application/octet-stream") || type.startsWith("audio/pcm"))
        {
            final String rate = param(q, "rate");
            if (rate == null)
            {
                throw ApiException.badRequest("raw PCM needs the sample rate: add ?rate=<Hz> (16-bit little-endian "
                    + "mono)");
            }
            return AudioBody.rawPcm16(req.content(), intParam(rate, "rate", 0));
        }
        throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "audio must be "
            + "audio/wav or application/octet-stream (16-bit little-endian mono PCM with ?rate=), got '" + type + "'");
    }

    /**
     * @param req a style request: JSON ({@link #styleFromJson}), a raw {@code video/*} body (a reference video), or
     *            {@code multipart/form-data} with one part: {@code styleVideo} (a video file), {@code style} (a
     *            style file, or a preset name as a plain field).
     * @return the style choice.
     */
    private StyleChoice styleRequest(final FullHttpRequest req)
    {
        final String type = contentType(req);
        if (type.startsWith("video/"))
        {
            if (req.content().readableBytes() == 0)
            {
                throw ApiException.badRequest("the style video body is empty");
            }
            return StyleChoice.video(ByteBufUtil.getBytes(req.content()));
        }
        if (type.startsWith("multipart/form-data"))
        {
            return styleMultipart(req);
        }
        if (!type.isEmpty() && !type.startsWith("application/json"))
        {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "a style is "
                + "application/json (preset or style file), a video/* body (reference video) or multipart/form-data "
                + "with a '" + STYLE_VIDEO + "' or 'style' part, got '" + type + "'");
        }
        return styleFromJson(parseJson(req, context.config().maxUploadBytes()));
    }

    private static StyleChoice styleMultipart(final FullHttpRequest req)
    {
        final HttpPostRequestDecoder d;
        try
        {
            d = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), req);
        }
        catch (final HttpPostRequestDecoder.ErrorDataDecoderException ex)
        {
            throw ApiException.badRequest("malformed multipart body: " + ex.getMessage());
        }
        try
        {
            StyleChoice style = null;
            for (final InterfaceHttpData data : d.getBodyHttpDatas())
            {
                final String name = data.getName();
                final StyleChoice c;
                if (data instanceof FileUpload f && (STYLE_VIDEO.equals(name) || "style".equals(name)))
                {
                    final byte[] bytes = ByteBufUtil.getBytes(f.content());
                    c = STYLE_VIDEO.equals(name) ? StyleChoice.video(bytes) : StyleChoice.file(bytes);
                }
                else if (data instanceof Attribute a && "style".equals(name) && !a.getValue().isBlank())
                {
                    c = StyleChoice.preset(a.getValue().strip());
                }
                else
                {
                    throw ApiException.badRequest("unknown multipart field '" + name + "' (use a '" + STYLE_VIDEO
                        + "' file, a 'style' file or a 'style' preset name)");
                }
                if (style != null)
                {
                    throw ApiException.badRequest("give one style part, not several");
                }
                style = c;
            }
            if (style == null)
            {
                throw ApiException.badRequest("the multipart body has no '" + STYLE_VIDEO + "' or 'style' part");
            }
            return style;
        }
        catch (final HttpPostRequestDecoder.ErrorDataDecoderException | IOException ex)
        {
            throw ApiException.badRequest("malformed multipart body: " + ex.getMessage());
        }
        finally
        {
            d.destroy();
        }
    }

    /**
     * @param j a request body: {@code {"preset": "name"}} or a style file (an object with "format").
     * @return the style choice.
     */
    static StyleChoice styleFromJson(final JsonNode j)
    {
        if (!j.isObject())
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json",
                "style must be a JSON object: {\"preset\": \"name\"} or a style file");
        }
        if (j.has("preset"))
        {
            if (!j.get("preset").isTextual())
            {
                throw ApiException.badRequest("'preset' must be a string");
            }
            return StyleChoice.preset(j.get("preset").asText());
        }
        if (j.has("format"))
        {
            return StyleChoice.file(j.toString().getBytes(StandardCharsets.UTF_8));
        }
        throw ApiException.badRequest("style body needs 'preset' (a preset name) or is a style file with 'format'");
    }

    /**
     * @param req   the request.
     * @param limit largest accepted body.
     * @return the parsed body.
     */
    static JsonNode parseJson(final FullHttpRequest req, final int limit)
    {
        final int n = req.content().readableBytes();
        if (n > limit)
        {
            throw new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "JSON body of " + n
                + " bytes exceeds the limit of " + limit);
        }
        if (n == 0)
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json", "the request body is empty; "
                + "expected JSON");
        }
        try
        {
            return Responses.JSON.readTree(ByteBufUtil.getBytes(req.content()));
        }
        catch (final JsonProcessingException ex)
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json", "malformed JSON at line "
                + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ": "
                + ex.getOriginalMessage());
        }
        catch (final IOException ex)
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json", "unreadable JSON: " + ex.getMessage());
        }
    }

    private static ObjectNode toJson(final SessionInfo s)
    {
        final ObjectNode n = Responses.JSON.createObjectNode();
        n.put("id", s.id());
        n.put("fps", s.fps());
        n.put("width", s.width());
        n.put("height", s.height());
        n.put("style", s.style());
        n.put("createdAtMs", s.createdAtMs());
        return n;
    }

    private static String contentType(final FullHttpRequest req)
    {
        final String t = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return t == null ? "" : t.toLowerCase(Locale.ROOT).strip();
    }

    private static String param(final QueryStringDecoder q, final String name)
    {
        final Map<String, List<String>> p = q.parameters();
        final List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(final String v, final String name, final int def)
    {
        if (v == null)
        {
            return def;
        }
        try
        {
            return Integer.parseInt(v.strip());
        }
        catch (final NumberFormatException ex)
        {
            throw ApiException.badRequest("'" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private static int intField(final JsonNode j, final String name, final int def)
    {
        final JsonNode v = j.get(name);
        if (v == null || v.isNull())
        {
            return def;
        }
        if (!v.isInt())
        {
            throw ApiException.badRequest("'" + name + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static void only(final HttpMethod m, final HttpMethod allowed)
    {
        if (!allowed.equals(m))
        {
            throw methodNotAllowed(m, allowed.name());
        }
    }

    private static ApiException methodNotAllowed(final HttpMethod m, final String allowed)
    {
        return new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", m.name()
            + " is not allowed here; use " + allowed);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }
}
