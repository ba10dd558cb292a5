package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.avatar.transport.api.AvatarService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Drives the server pipeline on an {@link EmbeddedChannel}: raw request bytes in, a decoded response out. One
 * channel per request, like a client that does not reuse connections. Test thread only.
 */
final class HttpExchange
{
    static final String TOKEN = "test-token-0123456789abcdef";

    private final ServerContext context;

    HttpExchange(final AvatarService service, final ServerConfig config)
    {
        context = new ServerContext(service, config, null, null);
    }

    HttpExchange(final AvatarService service)
    {
        this(service, ServerConfig.defaults("127.0.0.1", 0, TOKEN));
    }

    ServerContext context()
    {
        return context;
    }

    /** Response with its JSON body, or null when the body is not JSON. */
    record Response(int status, String contentType, String body, JsonNode json, boolean closed)
    {
        String error()
        {
            return json == null ? null : json.path("error").asText(null);
        }

        String message()
        {
            return json == null ? null : json.path("message").asText(null);
        }
    }

    Response send(final byte[] head, final byte[] body)
    {
        final EmbeddedChannel ch = new EmbeddedChannel();
        AvatarHttpServer.pipeline(ch.pipeline(), context, null);
        final ByteBuf in = Unpooled.buffer();
        in.writeBytes(head);
        if (body != null)
        {
            in.writeBytes(body);
        }
        ch.writeInbound(in);
        ch.runPendingTasks();
        final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(),
            new HttpObjectAggregator(1 << 24));
        ByteBuf out;
        while ((out = ch.readOutbound()) != null)
        {
            client.writeInbound(out);
        }
        final FullHttpResponse r = client.readInbound();
        if (r == null)
        {
            throw new AssertionError("no response");
        }
        try
        {
            final String text = r.content().toString(StandardCharsets.UTF_8);
            final String type = r.headers().get("Content-Type");
            JsonNode json = null;
            if (type != null && type.startsWith("application/json"))
            {
                try
                {
                    json = Responses.JSON.readTree(text);
                }
                catch (final IOException ex)
                {
                    throw new AssertionError("response claims JSON but is not: " + text, ex);
                }
            }
            return new Response(r.status().code(), type, text, json, !ch.isActive());
        }
        finally
        {
            r.release();
            ch.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    Response request(final String method, final String uri, final String contentType, final byte[] body,
        final String... extraHeaders)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(" HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
        if (!String.join("", extraHeaders).contains("Authorization:"))
        {
            sb.append("Authorization: Bearer ").append(TOKEN).append("\r\n");
        }
        for (final String h : extraHeaders)
        {
            if (!h.isEmpty())
            {
                sb.append(h).append("\r\n");
            }
        }
        if (contentType != null)
        {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
        return send(sb.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    Response get(final String uri, final String... headers)
    {
        return request("GET", uri, null, null, headers);
    }

    Response postJson(final String uri, final String json, final String... headers)
    {
        return request("POST", uri, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }
}
