package io.avatar.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Checks a request from its head, before any body is buffered: a decodable request line, the origin allow-list,
 * the bearer token (header, or {@code access_token} query parameter for the WebSocket upgrade, which browsers cannot
 * give headers), and the declared body size. A rejected request gets its JSON error and its body is discarded; the
 * connection then closes. Event-loop thread; one instance per channel.
 */
public final class RequestGate extends ChannelInboundHandlerAdapter
{
    private final ServerConfig config;
    private boolean discarding;

    /**
     * @param config the settings.
     */
    public RequestGate(final ServerConfig config)
    {
        this.config = config;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof HttpRequest req)
        {
            final ApiException rejection = check(req);
            if (rejection != null)
            {
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                Responses.json(ctx, rejection.status(), Responses.error(rejection.code(), rejection.getMessage()),
                    false);
                return;
            }
            discarding = false;
        }
        else if (discarding && msg instanceof HttpContent)
        {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private ApiException check(final HttpRequest req)
    {
        if (req.decoderResult().isFailure())
        {
            return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_http", "malformed HTTP request: "
                + req.decoderResult().cause().getMessage());
        }
        final QueryStringDecoder q = new QueryStringDecoder(req.uri());
        final String path = q.path();
        final String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !originAllowed(origin, req.headers().get(HttpHeaderNames.HOST)))
        {
            return new ApiException(HttpResponseStatus.FORBIDDEN, "bad_origin", "origin '" + origin
                + "' is not allowed; start the server with --allow-origin " + origin + " to allow it");
        }
        final boolean ws = "/ws".equals(path);
        if ((path.startsWith("/api/") && !"/api/health".equals(path)) || ws)
        {
            String given = bearer(req.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (given == null && ws)
            {
                final List<String> t = q.parameters().get("access_token");
                given = t == null || t.isEmpty() ? null : t.get(0);
            }
            if (given == null)
            {
                return new ApiException(HttpResponseStatus.UNAUTHORIZED, "no_token",
                    "missing bearer token: send 'Authorization: Bearer <token>'"
                        + (ws ? " or ?access_token=<token>" : ""));
            }
            if (!ApiToken.matches(config.token(), given))
            {
                return new ApiException(HttpResponseStatus.UNAUTHORIZED, "bad_token", "the bearer token is wrong");
            }
        }
        final long declared = HttpUtil.getContentLength(req, -1L);
        final long limit = uploadPath(req.method(), path) ? config.maxUploadBytes() : config.maxJsonBytes();
        if (declared > limit)
        {
            return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "request body of "
                + declared + " bytes exceeds the limit of " + limit + " bytes for " + path);
        }
        return null;
    }

    /**
     * @param method request method.
     * @param path   request path.
     * @return whether the route takes an upload (portrait, audio, style file) rather than a small JSON body.
     */
    static boolean uploadPath(final HttpMethod method, final String path)
    {
        return HttpMethod.POST.equals(method) && ("/api/sessions".equals(path) || path.endsWith("/audio"))
            || path.endsWith("/style");
    }

    private boolean originAllowed(final String origin, final String host)
    {
        return config.allowedOrigins().contains(origin) || host != null
            && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static String bearer(final String header)
    {
        if (header == null)
        {
            return null;
        }
        final String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }
}
