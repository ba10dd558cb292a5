package io.avatar.transport.whip;

import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.SignalledPeer;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP half of a WHIP client (RFC 9725): POSTs an SDP offer ({@code Content-Type: application/sdp}, optional
 * {@code Authorization: Bearer}) to the endpoint, expects {@code 201 Created} with a {@code Location} (made absolute
 * against the URL that answered) and an {@code application/sdp} answer, parses {@code Link: <...>; rel="ice-server"}
 * headers, follows 307/308 redirects (at most {@link #MAX_REDIRECTS}, loops refused), and DELETEs the resource at
 * the end. Every failure is a {@link WhipException} naming the URL, the status and an excerpt of the body.
 *
 * <p><b>The bearer token goes only to the configured endpoint's origin</b> (scheme, host, port), as browsers and
 * curl do: a redirect or a resource URL on another host gets the request without it, so a redirect cannot hand the
 * token to a server the user did not name. A 401/403 from such a host says so (point {@code --url} at it instead).
 *
 * <p><b>No trickle ICE, no ICE restart:</b> the caller gathers all candidates before {@link #publish} (the offer
 * carries them), so this client never sends {@code PATCH}. STUN/TURN servers that the 201 advertises are therefore
 * parsed and reported but cannot serve the connection already offered; configure them up front ({@link IceConfig}).
 *
 * <p><b>Why {@link HttpClient}:</b> two requests per published session is no hot path; the JDK client gives TLS
 * with the system trust store, per-request timeouts and a blocking call that fits the REST threads that start WHIP
 * outputs, with no extra dependency and no pipeline code (a Netty client would need its own SSL context,
 * aggregator and handler for the same two requests). One client is shared by all WHIP outputs (one selector
 * thread). HTTP/1.1 is pinned: cleartext h2c upgrade attempts confuse some media servers.
 *
 * <p>Immutable; any thread may call, but {@link #publish} and {@link #delete} block for up to the timeout, so not a
 * Netty event loop, an engine thread or the WebRTC signalling thread.
 */
public final class WhipClient
{
    /** Default limit for one HTTP exchange (connect, request, whole response). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Most redirects followed for one offer. */
    public static final int MAX_REDIRECTS = 5;
    /** Characters of a response body quoted in an error message. */
    static final int EXCERPT_CHARS = 200;
    /** Largest response body read (an SDP answer is at most {@link SignalledPeer#MAX_SDP_BYTES}). */
    static final int MAX_BODY_BYTES = SignalledPeer.MAX_SDP_BYTES + 1;

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(DEFAULT_TIMEOUT)
        .build();

    private final URI endpoint;
    private final String token;
    private final Duration timeout;

    /**
     * @param endpoint the WHIP endpoint URL (absolute http or https).
     * @param token    bearer token, or null to send no {@code Authorization} header.
     * @param timeout  limit for each HTTP exchange.
     * @throws IllegalArgumentException naming a bad URL, token or timeout.
     */
    public WhipClient(final URI endpoint, final String token, final Duration timeout)
    {
        this.endpoint = checkEndpoint(endpoint);
        if (token != null && (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)))
        {
            throw new IllegalArgumentException("WHIP bearer token must be non-empty without spaces or control "
                + "characters");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("WHIP timeout must be positive, got " + timeout);
        }
        this.token = token;
        this.timeout = timeout;
    }

    /**
     * @param url a WHIP endpoint URL as text.
     * @return it as an absolute http(s) URI.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public static URI parseEndpoint(final String url)
    {
        if (url == null || url.isBlank())
        {
            throw new IllegalArgumentException("WHIP endpoint URL is missing");
        }
        try
        {
            return checkEndpoint(new URI(url.strip()));
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("WHIP endpoint URL '" + url + "' is malformed: " + ex.getMessage(), ex);
        }
    }

    private static URI checkEndpoint(final URI u)
    {
        if (u == null)
        {
            throw new IllegalArgumentException("WHIP endpoint URL is missing");
        }
        final String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null)
        {
            throw new IllegalArgumentException("WHIP endpoint must be an absolute http:// or https:// URL with a "
                + "host, got '" + u + "'");
        }
        return u;
    }

    /**
     * @return the endpoint URL.
     */
    public URI endpoint()
    {
        return endpoint;
    }

    /**
     * Sends the offer and returns the created resource. If the endpoint created a resource but its answer is
     * unusable (not SDP, malformed SDP, malformed ICE server links), the resource is DELETEd before the exception
     * is thrown, so no session is left behind on the server. Blocks.
     *
     * @param offerSdp the complete offer, candidates included.
     * @return the resource.
     * @throws WhipException naming the URL, status and body excerpt.
     */
    public WhipResource publish(final String offerSdp)
    {
        SignalledPeer.checkSdp(offerSdp);
        URI url = endpoint;
        final List<URI> visited = new ArrayList<>();
        while (true)
        {
            visited.add(url);
            final Response r = exchange("POST", url, HttpRequest.newBuilder(url)
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offerSdp, StandardCharsets.UTF_8)));
            final int st = r.status();
            if (st == 307 || st == 308)
            {
                final String loc = r.header("location");
                if (loc == null)
                {
                    throw new WhipException("WHIP endpoint " + url + " answered " + statusText(st)
                        + " without a Location header", st);
                }
                final URI next = resolveLocation(url, loc);
                if (visited.contains(next))
                {
                    throw new WhipException("WHIP redirect loop: " + chain(visited) + " -> " + next, st);
                }
                if (visited.size() > MAX_REDIRECTS)
                {
                    throw new WhipException("WHIP endpoint redirected more than " + MAX_REDIRECTS + " times: "
                        + chain(visited) + " -> " + next, st);
                }
                url = next;
                continue;
            }
            if (st == 301 || st == 302 || st == 303)
            {
                throw new WhipException("WHIP endpoint " + url + " answered " + statusText(st) + " to "
                    + r.header("location") + "; a WHIP redirect must be 307 or 308 (the offer is POSTed again)", st);
            }
            if (st != 201)
            {
                throw new WhipException("WHIP endpoint " + url + " answered " + statusText(st) + hint(st, url) + ": "
                    + excerpt(r.body()), st);
            }
            return created(url, r);
        }
    }

    private WhipResource created(final URI url, final Response r)
    {
        final String loc = r.header("location");
        if (loc == null || loc.isBlank())
        {
            throw new WhipException("WHIP endpoint " + url + " answered 201 Created without a Location header "
                + "(RFC 9725 requires one: it names the session to DELETE); body: " + excerpt(r.body()), 201);
        }
        final URI resource = resolveLocation(url, loc);
        try
        {
            final String type = r.header("content-type");
            if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("application/sdp"))
            {
                throw new WhipException("WHIP endpoint " + url + " answered 201 Created with Content-Type '" + type
                    + "', expected application/sdp; body: " + excerpt(r.body()), 201);
            }
            if (r.truncated())
            {
                throw new WhipException("WHIP endpoint " + url + " answered an SDP larger than "
                    + SignalledPeer.MAX_SDP_BYTES + " bytes", 201);
            }
            try
            {
                SignalledPeer.checkSdp(r.body());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new WhipException("WHIP endpoint " + url + " answered an unusable SDP answer: "
                    + ex.getMessage(), 201, ex);
            }
            final List<IceConfig.Server> servers;
            try
            {
                servers = parseIceServers(r.headers("link"));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new WhipException("WHIP endpoint " + url + " sent a bad ICE server Link header: "
                    + ex.getMessage(), 201, ex);
            }
            return new WhipResource(resource, r.body(), servers, r.header("etag"));
        }
        catch (final WhipException ex)
        {
            // The server allocated a session for us: free it, and say whether that worked.
            String note;
            try
            {
                delete(resource);
                note = " (sent DELETE " + resource + ")";
            }
            catch (final WhipException del)
            {
                ex.addSuppressed(del);
                note = " (DELETE " + resource + " failed too: " + del.getMessage() + ")";
            }
            throw new WhipException(ex.getMessage() + note, ex.status(), ex);
        }
    }

    /**
     * Ends the WHIP session. Any 2xx is success. Blocks.
     *
     * @param resource the resource URL from {@link WhipResource#location()}.
     * @throws WhipException naming the status and body when the server refused, or the failure to reach it.
     */
    public void delete(final URI resource)
    {
        final Response r = exchange("DELETE", resource, HttpRequest.newBuilder(resource).DELETE());
        if (r.status() / 100 != 2)
        {
            throw new WhipException("WHIP resource " + resource + " answered DELETE with " + statusText(r.status())
                + ": " + excerpt(r.body()), r.status());
        }
    }

    private Response exchange(final String method, final URI url, final HttpRequest.Builder b)
    {
        b.timeout(timeout);
        if (token != null && sameOrigin(url, endpoint))
        {
            b.header("Authorization", "Bearer " + token);
        }
        final CompletableFuture<HttpResponse<Body>> f = HTTP.sendAsync(b.build(), info -> new LimitedBody());
        try
        {
            // The request timeout covers the response head; this one also covers a body that trickles in forever.
            final HttpResponse<Body> resp = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            final Map<String, List<String>> headers = new LinkedHashMap<>();
            resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            return new Response(resp.statusCode(), headers, resp.body().text, resp.body().truncated);
        }
        catch (final TimeoutException ex)
        {
            f.cancel(true);
            throw timedOut(method, url, ex);
        }
        catch (final ExecutionException ex)
        {
            final Throwable c = ex.getCause();
            if (c instanceof HttpTimeoutException)
            {
                throw timedOut(method, url, c);
            }
            if (c instanceof ConnectException)
            {
                throw new WhipException(method + " " + url + ": cannot connect (" + describe(c) + ")", 0, c);
            }
            throw new WhipException(method + " " + url + " failed: " + describe(c), 0, c);
        }
        catch (final InterruptedException ex)
        {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new WhipException(method + " " + url + " was interrupted", 0, ex);
        }
    }

    private WhipException timedOut(final String method, final URI url, final Throwable cause)
    {
        return new WhipException(method + " " + url + ": no answer within " + timeout.toMillis() + " ms", 0, cause);
    }

    private static String describe(final Throwable t)
    {
        Throwable c = t;
        while (c.getMessage() == null && c.getCause() != null)
        {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /**
     * Resolves a {@code Location} header against the URL that sent it (RFC 9110: it may be relative).
     *
     * @param base     the URL the response came from.
     * @param location the header value.
     * @return the absolute http(s) URL.
     * @throws WhipException when the header is not a URI or resolves to something other than http(s).
     */
    static URI resolveLocation(final URI base, final String location)
    {
        final URI resolved;
        try
        {
            resolved = base.resolve(new URI(location.strip()));
        }
        catch (final URISyntaxException ex)
        {
            throw new WhipException("WHIP endpoint " + base + " sent a malformed Location header '" + location + "': "
                + ex.getMessage(), 0, ex);
        }
        final String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || resolved.getHost() == null)
        {
            throw new WhipException("WHIP endpoint " + base + " sent Location '" + location + "', which is not an "
                + "http(s) URL", 0);
        }
        return resolved;
    }

    /**
     * Parses RFC 8288 {@code Link} header values and keeps the {@code rel="ice-server"} ones (RFC 9725 section 4.6):
     * {@code <turn:host?transport=udp>; rel="ice-server"; username="u"; credential="p"; credential-type="password"}.
     * Several links may share one header, separated by commas. Links with other relations are skipped.
     *
     * @param values the header values, in order.
     * @return the servers, in order.
     * @throws IllegalArgumentException naming a malformed ICE server link.
     */
    static List<IceConfig.Server> parseIceServers(final List<String> values)
    {
        final List<IceConfig.Server> out = new ArrayList<>();
        for (final String value : values)
        {
            for (final String link : split(value, ','))
            {
                final String l = link.strip();
                if (l.isEmpty())
                {
                    continue;
                }
                final int end = l.indexOf('>');
                if (!l.startsWith("<") || end < 0)
                {
                    throw new IllegalArgumentException("link must start with <URI>: '" + abbreviate(l) + "'");
                }
                final String url = l.substring(1, end).strip();
                final Map<String, String> params = new LinkedHashMap<>();
                for (final String p : split(l.substring(end + 1), ';'))
                {
                    final String ps = p.strip();
                    if (ps.isEmpty())
                    {
                        continue;
                    }
                    final int eq = ps.indexOf('=');
                    final String name = (eq < 0 ? ps : ps.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                    params.putIfAbsent(name, eq < 0 ? "" : unquote(ps.substring(eq + 1).strip()));
                }
                final String rel = params.getOrDefault("rel", "");
                if (!List.of(rel.toLowerCase(Locale.ROOT).split("\\s+")).contains("ice-server"))
                {
                    continue;
                }
                final String type = params.get("credential-type");
                if (type != null && !"password".equalsIgnoreCase(type))
                {
                    throw new IllegalArgumentException("ICE server <" + url + "> has credential-type '" + type
                        + "'; only 'password' is supported");
                }
                out.add(new IceConfig.Server(List.of(url), params.get("username"), params.get("credential")));
            }
        }
        return out;
    }

    /** Splits at {@code sep} outside {@code <...>} and double quotes. */
    private static List<String> split(final String s, final char sep)
    {
        final List<String> parts = new ArrayList<>();
        final StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length())
            {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"' && !angle)
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '<')
            {
                angle = true;
            }
            else if (!quoted && c == '>')
            {
                angle = false;
            }
            if (c == sep && !quoted && !angle)
            {
                parts.add(cur.toString());
                cur.setLength(0);
            }
            else
            {
                cur.append(c);
            }
        }
        if (quoted)
        {
            throw new IllegalArgumentException("unterminated quoted string in '" + abbreviate(s) + "'");
        }
        parts.add(cur.toString());
        return parts;
    }

    private static String unquote(final String v)
    {
        if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"')
        {
            return v;
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++)
        {
            final char c = v.charAt(i);
            out.append(c == '\\' && i + 1 < v.length() - 1 ? v.charAt(++i) : c);
        }
        return out.toString();
    }

    /**
     * @param body a response body.
     * @return its first {@link #EXCERPT_CHARS} characters on one line, quoted, or "(empty body)".
     */
    static String excerpt(final String body)
    {
        final String one = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        if (one.isEmpty())
        {
            return "(empty body)";
        }
        return "'" + (one.length() > EXCERPT_CHARS ? one.substring(0, EXCERPT_CHARS) + "..." : one) + "'";
    }

    private static String abbreviate(final String s)
    {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String chain(final List<URI> urls)
    {
        return String.join(" -> ", urls.stream().map(URI::toString).toList());
    }

    /**
     * @param status an HTTP status.
     * @return e.g. "401 Unauthorized".
     */
    static String statusText(final int status)
    {
        final String reason = switch (status)
        {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return reason.isEmpty() ? Integer.toString(status) : status + " " + reason;
    }

    private String hint(final int status, final URI url)
    {
        return switch (status)
        {
            case 401, 403 -> token != null && !sameOrigin(url, endpoint)
                ? " (the bearer token is sent only to " + origin(endpoint) + ", not to " + origin(url) + ")"
                : " (check the bearer token)";
            case 404 -> " (check the endpoint URL)";
            default -> "";
        };
    }

    /** Same scheme, host and port (the default port when none is written). */
    static boolean sameOrigin(final URI a, final URI b)
    {
        return origin(a).equals(origin(b));
    }

    private static String origin(final URI u)
    {
        final String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        final int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        final String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** What the exchange returned; header names lower case. */
    private record Response(int status, Map<String, List<String>> headers, String body, boolean truncated)
    {
        String header(final String name)
        {
            final List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> headers(final String name)
        {
            return headers.getOrDefault(name, List.of());
        }
    }

    /** A body read up to {@link #MAX_BODY_BYTES}; the rest is discarded. */
    private record Body(String text, boolean truncated)
    {
    }

    /** Collects at most {@link #MAX_BODY_BYTES} bytes, so a hostile endpoint cannot fill the heap. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<Body>
    {
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean truncated;
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<Body> getBody()
        {
            return result;
        }

        @Override
        public void onSubscribe(final Flow.Subscription s)
        {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final List<ByteBuffer> items)
        {
            for (final ByteBuffer b : items)
            {
                final int room = MAX_BODY_BYTES - bytes.size();
                final int n = Math.min(room, b.remaining());
                final byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
                if (b.hasRemaining())
                {
                    truncated = true;
                }
            }
            if (truncated)
            {
                subscription.cancel();
                finish();
            }
        }

        @Override
        public void onError(final Throwable t)
        {
            if (!result.isDone())
            {
                result.completeExceptionally(t);
            }
        }

        @Override
        public void onComplete()
        {
            finish();
        }

        private void finish()
        {
            if (!result.isDone())
            {
                result.complete(new Body(bytes.toString(StandardCharsets.UTF_8), truncated));
            }
        }
    }

    /**
     * For error messages and logs.
     *
     * @return the endpoint, without the token.
     */
    @Override
    public String toString()
    {
        return "WhipClient[" + endpoint + (token == null ? "" : ", bearer token set") + "]";
    }
}
