package io.avatar.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web page from class-path resources under {@code io/avatar/transport/web/}: a fixed list of files, so
 * no path from a request ever reaches the class loader. Event-loop thread.
 */
public final class StaticFiles
{
    private static final Map<String, String> FILES = Map.of(
        "/", "index.html",
        "/index.html", "index.html",
        "/app.js", "app.js",
        "/style.css", "style.css");
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private StaticFiles()
    {
    }

    /**
     * @param ctx       the channel.
     * @param req       the request.
     * @param path      its path.
     * @param keepAlive keep the connection open.
     */
    public static void serve(final ChannelHandlerContext ctx, final FullHttpRequest req, final String path,
        final boolean keepAlive)
    {
        final String name = FILES.get(path);
        if (name == null)
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such page " + path);
        }
        if (!HttpMethod.GET.equals(req.method()))
        {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use GET for " + path);
        }
        final byte[] bytes = CACHE.computeIfAbsent(name, StaticFiles::load);
        final String type = name.endsWith(".html") ? "text/html; charset=utf-8"
            : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        Responses.send(ctx, HttpResponseStatus.OK, type, bytes, keepAlive);
    }

    private static byte[] load(final String name)
    {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/io/avatar/transport/web/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("web resource " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read web resource " + name + ": " + ex.getMessage(), ex);
        }
    }
}
