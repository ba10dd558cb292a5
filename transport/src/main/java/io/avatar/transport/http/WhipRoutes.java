package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.VideoCodec;
import io.avatar.transport.whip.WhipClient;
import io.avatar.transport.whip.WhipException;
import io.avatar.transport.whip.WhipOutput;
import io.avatar.transport.whip.WhipResource;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code /api/sessions/{id}/whip[/{whipId}]}: starts, lists and stops WHIP outputs (publishing a session into a
 * WHIP endpoint, RFC 9725). Starting blocks until the peer connection is up (or fails with the endpoint's status
 * and body in a 502 {@code whip_failed}), so it runs on the API threads like the other engine calls.
 */
final class WhipRoutes
{
    private WhipRoutes()
    {
    }

    /**
     * Serves one request. API thread.
     *
     * @param ctx       the channel.
     * @param req       the request.
     * @param context   the server's shared state.
     * @param sessionId the session in the path (already checked for shape).
     * @param whipId    the output id in the path, or null.
     * @param extra     whether the path goes on after the output id.
     * @param keepAlive whether to keep the connection.
     */
    static void handle(final ChannelHandlerContext ctx, final FullHttpRequest req, final ServerContext context,
        final String sessionId, final String whipId, final boolean extra, final boolean keepAlive)
    {
        final HttpMethod m = req.method();
        if (extra)
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no API route " + req.uri());
        }
        context.service().session(sessionId);
        if (whipId == null || whipId.isEmpty())
        {
            if (HttpMethod.GET.equals(m))
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                final ArrayNode a = n.putArray("outputs");
                context.whipOutputs().forSession(sessionId).forEach(o -> a.add(toJson(o)));
                Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
                return;
            }
            if (!HttpMethod.POST.equals(m))
            {
                throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", m.name()
                    + " is not allowed here; use POST (start) or GET (list)");
            }
            final WhipOutput o = start(context, sessionId, ApiHandler.parseJson(req, context.config().maxJsonBytes()));
            Responses.json(ctx, HttpResponseStatus.CREATED, toJson(o), keepAlive);
            return;
        }
        final WhipOutput o = context.whipOutputs().get(sessionId, whipId);
        if (o == null)
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no WHIP output '" + whipId
                + "' on session '" + sessionId + "'");
        }
        if (HttpMethod.GET.equals(m))
        {
            Responses.json(ctx, HttpResponseStatus.OK, toJson(o), keepAlive);
            return;
        }
        if (!HttpMethod.DELETE.equals(m))
        {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", m.name()
                + " is not allowed here; use DELETE (stop) or GET");
        }
        o.close();
        final ObjectNode n = Responses.JSON.createObjectNode();
        n.put("closed", o.id());
        n.put("resourceDeleted", o.deleteError() == null);
        if (o.deleteError() != null)
        {
            n.put("deleteError", o.deleteError());
        }
        Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
    }

    private static WhipOutput start(final ServerContext context, final String sessionId, final JsonNode body)
    {
        if (!body.isObject())
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_json", "WHIP request must be a JSON object "
                + "{\"url\": ..., \"token\": ..., \"codec\": ...}");
        }
        if (!body.path("url").isTextual())
        {
            throw ApiException.badRequest("'url' (the WHIP endpoint, http:// or https://) must be a string");
        }
        final JsonNode token = body.get("token");
        if (token != null && !token.isNull() && !token.isTextual())
        {
            throw ApiException.badRequest("'token' must be a string");
        }
        final JsonNode codecField = body.get("codec");
        if (codecField != null && !codecField.isNull() && !codecField.isTextual())
        {
            throw ApiException.badRequest("'codec' must be a string (VP8, H264, VP9 or AV1)");
        }
        final VideoCodec codec = codecField == null || codecField.isNull() ? context.config().codec()
            : VideoCodec.parse(codecField.asText());
        final WhipClient client = new WhipClient(WhipClient.parseEndpoint(body.get("url").asText()),
            token == null || token.isNull() ? null : token.asText(), WhipClient.DEFAULT_TIMEOUT);
        if (context.signalling() == null || context.factories() == null)
        {
            throw new IllegalStateException("WebRTC is not enabled on this server");
        }
        if (!context.tryAcquirePeer())
        {
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_peers", "the server holds its "
                + "limit of " + context.config().maxPeers() + " peer connections");
        }
        final WhipOutput o;
        try
        {
            o = WhipOutput.open(context.whipOutputs().newId(), context.signalling(), context.factories(),
                context.config().ice(), context.service(), sessionId, codec, client,
                WhipOutput.DEFAULT_GATHER_TIMEOUT, WhipOutput.DEFAULT_CONNECT_TIMEOUT);
        }
        catch (final WhipException ex)
        {
            context.releasePeer();
            throw new ApiException(HttpResponseStatus.BAD_GATEWAY, "whip_failed", ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            context.releasePeer();
            throw ex;
        }
        context.whipOutputs().add(o, context::releasePeer);
        return o;
    }

    private static ObjectNode toJson(final WhipOutput o)
    {
        final ObjectNode n = Responses.JSON.createObjectNode();
        n.put("whip", o.id());
        n.put("session", o.sessionId());
        n.put("endpoint", o.endpoint().toString());
        final WhipResource r = o.resource();
        n.put("resource", r == null ? null : r.location().toString());
        n.put("state", o.state());
        n.put("gatherMs", o.gatherMs());
        n.put("answerMs", o.answerMs());
        n.put("connectMs", o.connectMs());
        n.put("framesPushed", o.framesPushed());
        n.put("audioChunksPushed", o.audioChunksPushed());
        // URLs only: TURN credentials the endpoint handed out stay on the server.
        final ArrayNode servers = n.putArray("iceServers");
        if (r != null)
        {
            for (final IceConfig.Server s : r.iceServers())
            {
                s.urls().forEach(servers::add);
            }
        }
        if (o.lastError() != null)
        {
            n.put("lastError", o.lastError());
        }
        return n;
    }
}
