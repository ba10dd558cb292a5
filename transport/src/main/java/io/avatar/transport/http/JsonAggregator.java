package io.avatar.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@link HttpObjectAggregator} whose "too large" answer (a chunked body that outgrew the limit, which
 * {@link RequestGate} cannot see from the head) is the API's JSON error. Event-loop thread.
 */
public final class JsonAggregator extends HttpObjectAggregator
{
    private final int limit;

    /**
     * @param maxContentLength largest body buffered.
     */
    public JsonAggregator(final int maxContentLength)
    {
        super(maxContentLength);
        this.limit = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
    {
        Responses.json(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Responses.error("too_large",
            "request body exceeds the limit of " + limit + " bytes"), false);
    }
}
