package io.avatar.transport.whip;

import io.avatar.transport.webrtc.IceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP side of WHIP against a real HTTP server ({@link TestWhipEndpoint} with a canned answer; no WebRTC):
 * the request the client sends, Location resolution, redirects, Link parsing, and an error naming the status and
 * body for every way an endpoint can fail.
 */
class WhipClientTest
{
    private static final String TOKEN = "s3cret-token";
    /** Structurally valid offer (the client checks it before sending). */
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:efgh\r\na=ice-pwd:0123456789012345678901\r\n"
        + "a=fingerprint:sha-256 00:11\r\na=sendonly\r\n";

    private TestWhipEndpoint endpoint;

    @BeforeEach
    void start() throws Exception
    {
        endpoint = new TestWhipEndpoint(TOKEN, (n, offer) -> TestWhipEndpoint.CANNED_ANSWER);
    }

    @AfterEach
    void stop()
    {
        endpoint.close();
    }

    private WhipClient client(final String token)
    {
        return new WhipClient(endpoint.url(), token, Duration.ofSeconds(3));
    }

    @Test
    void shouldPostTheOfferWithTokenAndDeleteTheResolvedLocation()
    {
        final WhipResource r = client(TOKEN).publish(OFFER);
        assertEquals(endpoint.url().resolve("/whip/resource/1"), r.location(), "relative Location made absolute");
        assertEquals(TestWhipEndpoint.CANNED_ANSWER, r.answerSdp());
        assertEquals(OFFER, endpoint.lastOffer);
        assertEquals("application/sdp", endpoint.contentTypes.get(0));
        assertEquals("Bearer " + TOKEN, endpoint.authorizations.get(0));
        assertEquals("\"r1\"", r.etag());
        assertTrue(r.iceServers().isEmpty());
        assertEquals(1, endpoint.liveResources());
        client(TOKEN).delete(r.location());
        assertEquals(List.of("/whip/resource/1"), endpoint.deletedPaths);
        assertEquals("Bearer " + TOKEN, endpoint.authorizations.get(1));
        assertEquals(0, endpoint.liveResources());
    }

    @Test
    void shouldResolveLocationsAgainstTheUrlThatAnswered()
    {
        final URI base = URI.create("https://sfu.example.com:8443/api/whip/room1?x=1");
        assertEquals(URI.create("https://sfu.example.com:8443/api/whip/res/42"),
            WhipClient.resolveLocation(base, "res/42"));
        assertEquals(URI.create("https://sfu.example.com:8443/resource/42"),
            WhipClient.resolveLocation(base, " /resource/42 "));
        assertEquals(URI.create("https://other.example.com/r/1"),
            WhipClient.resolveLocation(base, "https://other.example.com/r/1"));
        assertEquals(URI.create("https://cdn.example.com/r/2"), WhipClient.resolveLocation(base, "//cdn.example.com/r/2"));
        final WhipException bad = assertThrows(WhipException.class, () -> WhipClient.resolveLocation(base, "a b^c"));
        assertTrue(bad.getMessage().contains("malformed Location header 'a b^c'"), bad.getMessage());
        final WhipException ftp = assertThrows(WhipException.class,
            () -> WhipClient.resolveLocation(base, "ftp://x/y"));
        assertTrue(ftp.getMessage().contains("not an http(s) URL"), ftp.getMessage());
    }

    @Test
    void shouldFollowA307AndResolveTheLocationAgainstTheRedirectTarget()
    {
        endpoint.mode = TestWhipEndpoint.Mode.REDIRECT;
        final WhipResource r = client(TOKEN).publish(OFFER);
        assertEquals(endpoint.url().resolve("/whip/resource/1"), r.location());
        assertEquals(OFFER, endpoint.lastOffer, "the offer is POSTed again after the 307");
    }

    @Test
    void shouldSendTheTokenOnlyToTheConfiguredEndpointsOrigin() throws Exception
    {
        // another server (another port: another origin) that a redirect points at
        try (TestWhipEndpoint open = new TestWhipEndpoint(null, (n, offer) -> TestWhipEndpoint.CANNED_ANSWER);
             TestWhipEndpoint guarded = new TestWhipEndpoint(TOKEN, (n, offer) -> TestWhipEndpoint.CANNED_ANSWER))
        {
            endpoint.mode = TestWhipEndpoint.Mode.REDIRECT_ELSEWHERE;
            endpoint.redirectTarget = open.url();
            final WhipResource r = client(TOKEN).publish(OFFER);
            assertEquals("Bearer " + TOKEN, endpoint.authorizations.get(0), "the configured endpoint gets the token");
            assertEquals(List.of("null"), open.authorizations, "the redirect target got the token");
            assertEquals(open.url().resolve("/whip/resource/1"), r.location());
            client(TOKEN).delete(r.location());
            assertEquals(List.of("null", "null"), open.authorizations, "the DELETE elsewhere carried the token");
            assertEquals(0, open.liveResources());

            endpoint.redirectTarget = guarded.url();
            final WhipException refused = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
            assertEquals(401, refused.status());
            assertTrue(refused.getMessage().contains("(the bearer token is sent only to http://127.0.0.1:"
                + endpoint.url().getPort() + ", not to http://127.0.0.1:" + guarded.url().getPort() + ")"),
                refused.getMessage());
            assertEquals(List.of("null"), guarded.authorizations);
        }
        assertTrue(WhipClient.sameOrigin(URI.create("https://A.example/x"), URI.create("https://a.example:443/y")));
        assertFalse(WhipClient.sameOrigin(URI.create("https://a.example/x"), URI.create("http://a.example/x")));
        assertFalse(WhipClient.sameOrigin(URI.create("https://a.example/x"), URI.create("https://a.example:8443/x")));
        assertFalse(WhipClient.sameOrigin(URI.create("https://a.example/x"), URI.create("https://b.example/x")));
    }

    @Test
    void shouldParseIceServerLinks()
    {
        endpoint.mode = TestWhipEndpoint.Mode.LINKS;
        final WhipResource r = client(TOKEN).publish(OFFER);
        assertEquals(List.of(new IceConfig.Server(List.of("stun:stun.example.net"), null, null),
            new IceConfig.Server(List.of("turn:turn.example.net:3478?transport=udp"), "user", "pa;ss,word")),
            r.iceServers());
        assertEquals(List.of(), WhipClient.parseIceServers(List.of("<https://x/doc>; rel=\"help\"")));
        assertEquals(List.of(new IceConfig.Server(List.of("turns:t.example:443?transport=tcp"), "u", "p\"q")),
            WhipClient.parseIceServers(List.of("<turns:t.example:443?transport=tcp>;REL=\"ice-server other\";"
                + " username=u; credential=\"p\\\"q\"")));
        final IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
            () -> WhipClient.parseIceServers(List.of("stun:x; rel=\"ice-server\"")));
        assertTrue(noUrl.getMessage().contains("must start with <URI>"), noUrl.getMessage());
        final IllegalArgumentException turn = assertThrows(IllegalArgumentException.class,
            () -> WhipClient.parseIceServers(List.of("<turn:t:3478>; rel=\"ice-server\"")));
        assertTrue(turn.getMessage().contains("needs a username and a credential"), turn.getMessage());
        final IllegalArgumentException oauth = assertThrows(IllegalArgumentException.class,
            () -> WhipClient.parseIceServers(List.of("<turn:t>; rel=ice-server; username=a; credential=b; "
                + "credential-type=oauth")));
        assertTrue(oauth.getMessage().contains("credential-type 'oauth'"), oauth.getMessage());
    }

    @Test
    void shouldNameStatusAndBodyOnErrors()
    {
        final WhipException unauthorized = assertThrows(WhipException.class, () -> client("wrong").publish(OFFER));
        assertEquals(401, unauthorized.status());
        assertEquals("WHIP endpoint " + endpoint.url() + " answered 401 Unauthorized (check the bearer token): "
            + "'{\"error\":\"unauthorized\",\"detail\":\"bad or missing token\"}'", unauthorized.getMessage());
        assertEquals(401, assertThrows(WhipException.class, () -> client(null).publish(OFFER)).status());
        endpoint.mode = TestWhipEndpoint.Mode.NOT_FOUND;
        final WhipException notFound = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        assertEquals(404, notFound.status());
        assertTrue(notFound.getMessage().contains("404 Not Found (check the endpoint URL): "
            + "'{\"error\":\"stream key not found\"}'"), notFound.getMessage());
        endpoint.mode = TestWhipEndpoint.Mode.SERVER_ERROR;
        final WhipException err = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        assertEquals(500, err.status());
        assertTrue(err.getMessage().endsWith("answered 500 Internal Server Error: 'media server exploded: out of "
            + "ports'"), err.getMessage());
        endpoint.mode = TestWhipEndpoint.Mode.FOUND;
        final WhipException found = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        assertTrue(found.getMessage().contains("302 Found") && found.getMessage().contains("must be 307 or 308"),
            found.getMessage());
        assertEquals(0, endpoint.liveResources());
    }

    @Test
    void shouldDeleteTheResourceWhenTheCreatedAnswerIsUnusable()
    {
        endpoint.mode = TestWhipEndpoint.Mode.GARBAGE_SDP;
        final WhipException garbage = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        assertTrue(garbage.getMessage().contains("unusable SDP answer: SDP must start with 'v=0', got 'this is not "
            + "an SDP answer'"), garbage.getMessage());
        assertTrue(garbage.getMessage().endsWith("(sent DELETE " + endpoint.url().resolve("/whip/resource/1") + ")"),
            garbage.getMessage());
        endpoint.mode = TestWhipEndpoint.Mode.NOT_SDP;
        final WhipException html = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        assertTrue(html.getMessage().contains("Content-Type 'text/html', expected application/sdp; body: "
            + "'<html><body>Welcome to nginx!</body></html>'"), html.getMessage());
        assertEquals(2, endpoint.deletes.get());
        assertEquals(0, endpoint.liveResources(), "every created resource was deleted");
        endpoint.mode = TestWhipEndpoint.Mode.NO_LOCATION;
        final WhipException noLocation = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        assertTrue(noLocation.getMessage().contains("answered 201 Created without a Location header"),
            noLocation.getMessage());
    }

    @Test
    void shouldReportRedirectLoopsTimeoutsAndUnreachableEndpoints() throws Exception
    {
        endpoint.mode = TestWhipEndpoint.Mode.REDIRECT_LOOP;
        final WhipException loop = assertThrows(WhipException.class, () -> client(TOKEN).publish(OFFER));
        final String other = endpoint.url().resolve("/other/endpoint").toString();
        assertEquals("WHIP redirect loop: " + endpoint.url() + " -> " + other + " -> " + endpoint.url(),
            loop.getMessage());
        endpoint.mode = TestWhipEndpoint.Mode.SLOW;
        final WhipClient impatient = new WhipClient(endpoint.url(), TOKEN, Duration.ofMillis(300));
        final long t0 = System.nanoTime();
        final WhipException slow = assertThrows(WhipException.class, () -> impatient.publish(OFFER));
        final long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("POST " + endpoint.url() + ": no answer within 300 ms", slow.getMessage());
        assertEquals(0, slow.status());
        assertTrue(ms < 2000, "timed out after " + ms + " ms");
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final WhipException refused = assertThrows(WhipException.class, () -> new WhipClient(
            URI.create("http://127.0.0.1:" + port + "/whip"), null, Duration.ofSeconds(2)).publish(OFFER));
        assertTrue(refused.getMessage().startsWith("POST http://127.0.0.1:" + port + "/whip: cannot connect"),
            refused.getMessage());
        final WhipException gone = assertThrows(WhipException.class,
            () -> client(TOKEN).delete(endpoint.url().resolve("/whip/resource/99")));
        assertEquals(404, gone.status());
        assertTrue(gone.getMessage().contains("answered DELETE with 404 Not Found: 'no such resource 99'"),
            gone.getMessage());
    }

    @Test
    void shouldRejectBadConfigurationWithClearMessages()
    {
        assertEquals("WHIP endpoint must be an absolute http:// or https:// URL with a host, got 'ftp://x/y'",
            assertThrows(IllegalArgumentException.class, () -> WhipClient.parseEndpoint("ftp://x/y")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhipClient.parseEndpoint("/whip"))
            .getMessage().contains("absolute"));
        assertEquals("WHIP endpoint URL is missing",
            assertThrows(IllegalArgumentException.class, () -> WhipClient.parseEndpoint(" ")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhipClient.parseEndpoint("http://x/a b"))
            .getMessage().startsWith("WHIP endpoint URL 'http://x/a b' is malformed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WhipClient(endpoint.url(), "a b",
            Duration.ofSeconds(1))).getMessage().contains("token"));
        assertThrows(IllegalArgumentException.class, () -> new WhipClient(endpoint.url(), null, Duration.ZERO));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client(TOKEN).publish("hello"))
            .getMessage().contains("v=0"));
        assertEquals(0, endpoint.posts.get(), "a bad offer is never sent");
        assertEquals("'" + "x".repeat(WhipClient.EXCERPT_CHARS) + "...'", WhipClient.excerpt("x".repeat(500)));
        assertEquals("(empty body)", WhipClient.excerpt(" \n"));
    }
}
