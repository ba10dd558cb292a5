package io.avatar.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Building and sending HTTP responses; JSON through one shared {@link ObjectMapper} (thread-safe). Event-loop thread.
 */
public final class Responses
{
    /** The shared JSON mapper. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Responses()
    {
    }

    /**
     * @param code    short error code.
     * @param message what was wrong.
     * @return {@code {"error": code, "message": message}}.
     */
    public static ObjectNode error(final String code, final String message)
    {
        final ObjectNode n = JSON.createObjectNode();
        n.put("error", code);
        n.put("message", message);
        return n;
    }

    /**
     * Sends a JSON response.
     *
     * @param ctx       the channel.
     * @param status    HTTP status.
     * @param body      the JSON value.
     * @param keepAlive keep the connection open afterwards.
     * @return the write future.
     */
    public static ChannelFuture json(final ChannelHandlerContext ctx, final HttpResponseStatus status,
        final Object body, final boolean keepAlive)
    {
        final byte[] bytes;
        try
        {
            bytes = JSON.writeValueAsBytes(body);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot serialise a response: " + ex.getMessage(), ex);
        }
        return send(ctx, status, "application/json; charset=utf-8", bytes, keepAlive);
    }

    /**
     * Sends a response with security headers; closes the connection afterwards unless {@code keepAlive}.
     *
     * @param ctx         the channel.
     * @param status      HTTP status.
     * @param contentType content type.
     * @param bytes       the body.
     * @param keepAlive   keep the connection open afterwards.
     * @return the write future.
     */
    public static ChannelFuture send(final ChannelHandlerContext ctx, final HttpResponseStatus status,
        final String contentType, final byte[] bytes, final boolean keepAlive)
    {
        final FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set("Referrer-Policy", "no-referrer");
        if (keepAlive)
        {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(r);
        }
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
