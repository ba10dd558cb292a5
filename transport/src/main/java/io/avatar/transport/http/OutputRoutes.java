package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.transport.outputs.SessionOutputs;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code /api/sessions/{id}/KIND[/{outputId}]} for one kind of session output started through the API (WHIP,
 * RTMP/SRT/file streams): POST starts one (blocking until it is connected, so it runs on the API threads like the
 * other engine calls), GET lists them or describes one, DELETE stops one. Subclasses say how to start and describe.
 *
 * @param <T> the kind of output.
 */
abstract class OutputRoutes<T extends SessionOutputs.Output>
{
    /**
     * @return what one output is called in messages, e.g. "WHIP output".
     */
    abstract String noun();

    /**
     * @return the key of the array in the list answer.
     */
    abstract String listKey();

    /**
     * @param context the server's shared state.
     * @return where this kind's outputs are kept.
     */
    abstract SessionOutputs<T> registry(ServerContext context);

    /**
     * Starts an output and registers it. API thread.
     *
     * @param context   the server's shared state.
     * @param sessionId the session (it exists).
     * @param body      the request's JSON.
     * @return the started output.
     * @throws ApiException naming what was wrong with the request or the destination.
     */
    abstract T start(ServerContext context, String sessionId, JsonNode body);

    /**
     * @param o an output.
     * @return its description.
     */
    abstract ObjectNode toJson(T o);

    /**
     * @param o an output that was just closed.
     * @param n the answer to the DELETE, holding {@code closed}: add what the closing did.
     */
    abstract void describeClose(T o, ObjectNode n);

    /**
     * Serves one request. API thread.
     *
     * @param ctx       the channel.
     * @param req       the request.
     * @param context   the server's shared state.
     * @param sessionId the session in the path (already checked for shape).
     * @param outputId  the output id in the path, or null.
     * @param extra     whether the path goes on after the output id.
     * @param keepAlive whether to keep the connection.
     */
    final void handle(final ChannelHandlerContext ctx, final FullHttpRequest req, final ServerContext context,
        final String sessionId, final String outputId, final boolean extra, final boolean keepAlive)
    {
        final HttpMethod m = req.method();
        if (extra)
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no API route " + req.uri());
        }
        context.service().session(sessionId);
        if (outputId == null || outputId.isEmpty())
        {
            if (HttpMethod.GET.equals(m))
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                final ArrayNode a = n.putArray(listKey());
                registry(context).forSession(sessionId).forEach(o -> a.add(toJson(o)));
                Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
                return;
            }
            if (!HttpMethod.POST.equals(m))
            {
                throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", m.name()
                    + " is not allowed here; use POST (start) or GET (list)");
            }
            final T o = start(context, sessionId, ApiHandler.parseJson(req, context.config().maxJsonBytes()));
            Responses.json(ctx, HttpResponseStatus.CREATED, toJson(o), keepAlive);
            return;
        }
        final T o = registry(context).get(sessionId, outputId);
        if (o == null)
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no " + noun() + " '" + outputId
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
        describeClose(o, n);
        Responses.json(ctx, HttpResponseStatus.OK, n, keepAlive);
    }
}
