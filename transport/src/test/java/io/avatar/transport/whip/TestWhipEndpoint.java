package io.avatar.transport.whip;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WHIP endpoint for tests, on the JDK's HTTP server: {@code POST /whip/endpoint} with an SDP offer answers
 * {@code 201 Created}, {@code Location: /whip/resource/N} (relative, as real servers often send it) and the SDP
 * from its {@link Answerer} (a real webrtc-java receiver in the WebRTC tests, a canned SDP in the HTTP tests);
 * {@code DELETE /whip/resource/N} answers 204 and ends that resource. {@link #mode} switches to the failures a
 * client must handle. Counts requests and records what it was sent. Thread-safe.
 */
final class TestWhipEndpoint implements AutoCloseable
{
    /** Makes the SDP answer to an offer; {@link #ended} is called when the resource is deleted. */
    interface Answerer
    {
        /**
         * @param resource the new resource's number.
         * @param offer    the offer.
         * @return the answer SDP.
         * @throws Exception when no answer can be made (the endpoint answers 500).
         */
        String answer(int resource, String offer) throws Exception;

        /**
         * @param resource the deleted resource's number.
         */
        default void ended(final int resource)
        {
        }
    }

    /** What the endpoint does with the next POST. */
    enum Mode
    {
        /** 201, relative Location, SDP answer. */
        OK,
        /** 201 with ICE servers in Link headers (one header with two links, one with a TURN link). */
        LINKS,
        /** 404 with a JSON body. */
        NOT_FOUND,
        /** 500 with a text body. */
        SERVER_ERROR,
        /** 201 and an answer but no Location. */
        NO_LOCATION,
        /** 201, Location, Content-Type application/sdp, a body that is not SDP. */
        GARBAGE_SDP,
        /** 201, Location, an HTML body. */
        NOT_SDP,
        /** 201, Location, an SDP that passes the structural check but that WebRTC rejects. */
        BAD_NATIVE_SDP,
        /** Answers nothing for 30 s. */
        SLOW,
        /** 307 to /other/endpoint, which then behaves as OK. */
        REDIRECT,
        /** 307 to /other/endpoint, which 307s back. */
        REDIRECT_LOOP,
        /** 302 (not allowed for WHIP). */
        FOUND,
        /** 307 to {@link #redirectTarget} (an absolute URL, e.g. another server). */
        REDIRECT_ELSEWHERE
    }

    /** The canned answer's structure: enough for the client's checks, nothing a peer could connect to. */
    static final String CANNED_ANSWER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
        + "a=fingerprint:sha-256 00:11\r\na=rtpmap:96 VP8/90000\r\n";

    volatile Mode mode = Mode.OK;
    /** Where {@link Mode#REDIRECT_ELSEWHERE} sends the client. */
    volatile URI redirectTarget;
    final AtomicInteger posts = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    final List<String> deletedPaths = new CopyOnWriteArrayList<>();
    volatile String lastOffer;
    volatile long lastPostNanos;
    private final String token;
    private final Answerer answerer;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r ->
    {
        final Thread t = new Thread(r, "test-whip-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger nextResource = new AtomicInteger(1);
    private final Map<Integer, Boolean> live = new ConcurrentHashMap<>();

    /**
     * @param token    the bearer token required, or null for none.
     * @param answerer makes SDP answers.
     * @throws IOException when it cannot bind.
     */
    TestWhipEndpoint(final String token, final Answerer answerer) throws IOException
    {
        this.token = token;
        this.answerer = answerer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @return the endpoint URL.
     */
    URI url()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/whip/endpoint");
    }

    /**
     * @return resources created and not deleted.
     */
    int liveResources()
    {
        return live.size();
    }

    private void handle(final HttpExchange ex) throws IOException
    {
        try (ex)
        {
            final String path = ex.getRequestURI().getPath();
            final String method = ex.getRequestMethod();
            final String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            if (token != null && !("Bearer " + token).equals(auth))
            {
                send(ex, 401, "application/json", "{\"error\":\"unauthorized\",\"detail\":\"bad or missing token\"}");
                return;
            }
            if ("DELETE".equals(method) && path.startsWith("/whip/resource/"))
            {
                deletes.incrementAndGet();
                deletedPaths.add(path);
                final int n = Integer.parseInt(path.substring("/whip/resource/".length()));
                if (live.remove(n) == null)
                {
                    send(ex, 404, "text/plain", "no such resource " + n);
                    return;
                }
                answerer.ended(n);
                ex.sendResponseHeaders(204, -1);
                return;
            }
            if (!"POST".equals(method))
            {
                send(ex, 405, "text/plain", method + " not allowed on " + path);
                return;
            }
            final String body = readBody(ex.getRequestBody());
            if ("/other/endpoint".equals(path))
            {
                if (mode == Mode.REDIRECT_LOOP)
                {
                    redirect(ex, 307, "/whip/endpoint");
                    return;
                }
                created(ex, body, Mode.OK);
                return;
            }
            if (!"/whip/endpoint".equals(path))
            {
                send(ex, 404, "text/plain", "no endpoint at " + path);
                return;
            }
            switch (mode)
            {
                case NOT_FOUND -> send(ex, 404, "application/json", "{\"error\":\"stream key not found\"}");
                case SERVER_ERROR -> send(ex, 500, "text/plain", "media server exploded:\n  out of ports");
                case SLOW -> sleep(30_000);
                case REDIRECT, REDIRECT_LOOP -> redirect(ex, 307, "/other/endpoint");
                case FOUND -> redirect(ex, 302, "/other/endpoint");
                case REDIRECT_ELSEWHERE -> redirect(ex, 307, redirectTarget.toString());
                default -> created(ex, body, mode);
            }
        }
        catch (final RuntimeException e)
        {
            e.printStackTrace();
            throw e;
        }
    }

    private void created(final HttpExchange ex, final String offer, final Mode m) throws IOException
    {
        posts.incrementAndGet();
        lastPostNanos = System.nanoTime();
        lastOffer = offer;
        contentTypes.add(String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
        final int n = nextResource.getAndIncrement();
        final String answer;
        switch (m)
        {
            case GARBAGE_SDP -> answer = "this is not an SDP answer";
            case NOT_SDP -> answer = "<html><body>Welcome to nginx!</body></html>";
            case BAD_NATIVE_SDP -> answer = "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:x\r\na=fingerprint:bogus\r\n"
                + "a=rtpmap:96 VP8/90000\r\n";
            default ->
            {
                try
                {
                    answer = answerer.answer(n, offer);
                }
                catch (final Exception e)
                {
                    send(ex, 500, "text/plain", "answerer failed: " + e);
                    return;
                }
            }
        }
        live.put(n, Boolean.TRUE);
        if (m != Mode.NO_LOCATION)
        {
            ex.getResponseHeaders().add("Location", "/whip/resource/" + n);
        }
        if (m == Mode.LINKS)
        {
            ex.getResponseHeaders().add("Link", "<stun:stun.example.net>; rel=\"ice-server\", "
                + "<https://example.net/doc>; rel=\"help\"");
            ex.getResponseHeaders().add("Link", "<turn:turn.example.net:3478?transport=udp>; rel=\"ice-server\"; "
                + "username=\"user\"; credential=\"pa;ss,word\"; credential-type=\"password\"");
        }
        ex.getResponseHeaders().add("ETag", "\"r" + n + "\"");
        send(ex, 201, m == Mode.NOT_SDP ? "text/html" : "application/sdp", answer);
    }

    private static void redirect(final HttpExchange ex, final int status, final String to) throws IOException
    {
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(status, -1);
    }

    private static void send(final HttpExchange ex, final int status, final String type, final String body)
        throws IOException
    {
        final byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody())
        {
            out.write(b);
        }
    }

    private static String readBody(final InputStream in) throws IOException
    {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
