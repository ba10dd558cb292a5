package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.transport.outputs.SessionOutputs;
import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.VideoCodec;
import io.avatar.transport.whip.WhipClient;
import io.avatar.transport.whip.WhipException;
import io.avatar.transport.whip.WhipOutput;
import io.avatar.transport.whip.WhipResource;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code /api/sessions/{id}/whip[/{whipId}]}: starts, lists and stops WHIP outputs (publishing a session into a
 * WHIP endpoint, RFC 9725). Starting blocks until the peer connection is up (or fails with the endpoint's status
 * and body in a 502 {@code whip_failed}).
 */
final class WhipRoutes extends OutputRoutes<WhipOutput>
{
    /** The one instance (stateless). */
    static final WhipRoutes INSTANCE = new WhipRoutes();

    private WhipRoutes()
    {
    }

    @Override
    String noun()
    {
        return "WHIP output";
    }

    @Override
    String listKey()
    {
        return "outputs";
    }

    @Override
    SessionOutputs<WhipOutput> registry(final ServerContext context)
    {
        return context.whipOutputs();
    }

    @Override
    void describeClose(final WhipOutput o, final ObjectNode n)
    {
        n.put("resourceDeleted", o.deleteError() == null);
        if (o.deleteError() != null)
        {
            n.put("deleteError", o.deleteError());
        }
    }

    @Override
    WhipOutput start(final ServerContext context, final String sessionId, final JsonNode body)
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

    @Override
    ObjectNode toJson(final WhipOutput o)
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
