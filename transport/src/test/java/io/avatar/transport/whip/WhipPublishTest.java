package io.avatar.transport.whip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.http.AvatarHttpServer;
import io.avatar.transport.http.ServerConfig;
import io.avatar.transport.testing.TestPatternService;
import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.SignallingThread;
import io.avatar.transport.webrtc.VideoCodec;
import io.avatar.transport.webrtc.WebRtcFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Publishing a live session into a WHIP endpoint whose answers come from a real webrtc-java receiver (standing in
 * for an SFU), over the namespace's veth address: frames and audio delivered, DELETE on close; every endpoint
 * failure gives a clear error, frees the peer, the engine listener and the peer slot, and the server keeps
 * publishing afterwards.
 */
@Tag("netns")
class WhipPublishTest
{
    private static final String API_TOKEN = "api-token-0123456789abcdef";
    private static final String WHIP_TOKEN = "whip-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestPatternService service;
    private static WhipTestReceiver receiver;
    private static TestWhipEndpoint endpoint;

    @BeforeAll
    static void start() throws Exception
    {
        requireNetns();
        service = new TestPatternService();
        receiver = new WhipTestReceiver();
        endpoint = new TestWhipEndpoint(WHIP_TOKEN, receiver);
    }

    @AfterAll
    static void stop()
    {
        if (endpoint != null)
        {
            endpoint.close();
            receiver.close();
            service.close();
        }
    }

    @Test
    void shouldPublishFiveSecondsOfFramesAndAudioAndDeleteOnClose() throws Exception
    {
        final SessionInfo s = service.createSession(new SessionRequest(null, null, 25, 640, 480));
        final int listeners = listeners(s.id());
        receiver.reset();
        final int deletes = endpoint.deletes.get();
        try (SignallingThread signalling = new SignallingThread())
        {
            final WebRtcFactories factories = signalling.call(WebRtcFactories::new);
            try
            {
                final WhipClient client = new WhipClient(endpoint.url(), WHIP_TOKEN, Duration.ofSeconds(5));
                final long t0 = System.nanoTime();
                final WhipOutput out = WhipOutput.open("t1", signalling, factories, IceConfig.LOCAL, service, s.id(),
                    VideoCodec.VP8, client, Duration.ofSeconds(10), Duration.ofSeconds(10));
                final long opened = System.nanoTime();
                try
                {
                    await(() -> receiver.frames.get() >= 1, 10_000, "the first frame at the WHIP receiver");
                    final long postToFirst = (receiver.firstFrameNanos - endpoint.lastPostNanos) / 1_000_000;
                    final long openToFirst = (receiver.firstFrameNanos - t0) / 1_000_000;
                    assertTrue(endpoint.lastOffer.contains("a=candidate:"), "non-trickle offer carries candidates");
                    assertTrue(endpoint.lastOffer.contains("a=sendonly"), "the offer is send-only");
                    await(() -> receiver.frames.get() >= 25, 10_000, "a second of frames (warm-up)");
                    final long p0 = out.framesPushed();
                    final long f0 = receiver.frames.get();
                    final long a0 = receiver.audioSamples.get();
                    final long w0 = System.nanoTime();
                    Thread.sleep(5000);
                    final long pushed = out.framesPushed() - p0;
                    final long got = receiver.frames.get() - f0;
                    final double seconds = (System.nanoTime() - w0) / 1e9;
                    final double audioRate = (receiver.audioSamples.get() - a0) / seconds;
                    final double ratio = got / (double)pushed;
                    System.out.printf("WHIP publish 640x480@25 VP8: open() %d ms to connected (ICE gathering %d ms, "
                            + "POST->201 %d ms), POST received->first frame decoded %d ms, open()->first frame %d ms; "
                            + "over %.1f s %d frames pushed, %d decoded at the receiver (%.1f%%), audio %.0f "
                            + "samples/s, %dx%d%n", (opened - t0) / 1_000_000, out.gatherMs(), out.answerMs(),
                        postToFirst, openToFirst, seconds, pushed, got, 100 * ratio, audioRate, receiver.width,
                        receiver.height);
                    assertEquals("connected", out.state());
                    assertTrue(ratio >= 0.95, "delivered " + got + " of " + pushed + " frames");
                    assertTrue(audioRate >= 0.9 * 48_000, "audio " + audioRate + " samples/s");
                    assertEquals(640, receiver.width);
                    assertEquals(480, receiver.height);
                    assertEquals(1, receiver.openPeers());
                }
                finally
                {
                    out.close();
                    out.close();
                }
                assertEquals(deletes + 1, endpoint.deletes.get(), "one DELETE on close");
                assertEquals(null, out.deleteError());
                assertEquals(0, endpoint.liveResources());
                assertEquals(0, receiver.openPeers());
                assertEquals(listeners, listeners(s.id()), "the output's engine listeners are gone");
            }
            finally
            {
                signalling.call(() ->
                {
                    factories.close();
                    return null;
                });
            }
        }
        finally
        {
            service.closeSession(s.id());
        }
    }

    @Test
    void shouldFailCleanlyOnEndpointErrorsAndKeepPublishingThroughTheRestApi() throws Exception
    {
        final AvatarHttpServer server = AvatarHttpServer.start(service, ServerConfig.defaults("127.0.0.1", 0,
            API_TOKEN), true);
        final HttpClient http = HttpClient.newHttpClient();
        final String api = "http://127.0.0.1:" + server.port() + "/api/sessions";
        try
        {
            final String id = JSON.readTree(send(http, "POST", api, "{\"fps\":25,\"width\":320,\"height\":240}")
                .body()).get("id").asText();
            final int listeners = listeners(id);
            final String url = endpoint.url().toString();
            final String whip = api + "/" + id + "/whip";
            expectWhipFailure(http, whip, "{\"url\":\"" + url + "\",\"token\":\"wrong\"}", null,
                "answered 401 Unauthorized (check the bearer token): '{\"error\":\"unauthorized\"");
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.NOT_FOUND,
                "answered 404 Not Found (check the endpoint URL): '{\"error\":\"stream key not found\"}'");
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.SERVER_ERROR,
                "answered 500 Internal Server Error: 'media server exploded: out of ports'");
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.GARBAGE_SDP,
                "unusable SDP answer: SDP must start with 'v=0'");
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.NOT_SDP,
                "expected application/sdp");
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.REDIRECT_LOOP, "WHIP redirect loop");
            final int deletesBefore = endpoint.deletes.get();
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.BAD_NATIVE_SDP,
                "WebRTC rejected the WHIP exchange");
            assertEquals(deletesBefore + 1, endpoint.deletes.get(), "the resource of a rejected answer is deleted");
            expectWhipFailure(http, whip, body(url), TestWhipEndpoint.Mode.NO_LOCATION,
                "answered 201 Created without a Location header");
            // Without a Location the client cannot end the endpoint's session: only the endpoint's timeout can.
            endpoint.mode = TestWhipEndpoint.Mode.OK;
            assertEquals(1, endpoint.liveResources(), "only the Location-less resource is left on the endpoint");
            assertEquals(listeners, listeners(id), "no publisher left registered with the engine");

            final HttpResponse<String> badCodec = send(http, "POST", whip, "{\"url\":\"" + url + "\",\"codec\":\"MPEG2\"}");
            assertEquals(400, badCodec.statusCode(), badCodec.body());
            assertTrue(badCodec.body().contains("unknown video codec 'MPEG2'"), badCodec.body());
            final HttpResponse<String> noUrl = send(http, "POST", whip, "{\"token\":\"x\"}");
            assertEquals(400, noUrl.statusCode(), noUrl.body());
            assertTrue(noUrl.body().contains("'url'"), noUrl.body());
            final HttpResponse<String> badUrl = send(http, "POST", whip, "{\"url\":\"rtmp://x/y\"}");
            assertEquals(400, badUrl.statusCode(), badUrl.body());
            assertEquals(404, send(http, "POST", api + "/nosuch/whip", body(url)).statusCode());
            final HttpResponse<String> noOutput = send(http, "DELETE", whip + "/0123", null);
            assertEquals(404, noOutput.statusCode());
            assertTrue(noOutput.body().contains("no WHIP output '0123'"), noOutput.body());

            // The server still publishes: a good request, with H.264.
            receiver.reset();
            final long t0 = System.nanoTime();
            final HttpResponse<String> ok = send(http, "POST", whip, "{\"url\":\"" + url + "\",\"token\":\""
                + WHIP_TOKEN + "\",\"codec\":\"H264\"}");
            assertEquals(201, ok.statusCode(), ok.body());
            final JsonNode created = JSON.readTree(ok.body());
            final String whipId = created.get("whip").asText();
            assertTrue(created.get("resource").asText().startsWith(url.replace("/whip/endpoint", "/whip/resource/")),
                ok.body());
            await(() -> receiver.frames.get() >= 50, 10_000, "two seconds of frames through the REST-started output");
            System.out.printf("WHIP via REST (320x240 H264): connected %d ms after the REST call began (ICE gathering "
                + "%d ms, POST->201 %d ms), first frame %d ms after it%n", created.get("connectMs").asLong(),
                created.get("gatherMs").asLong(), created.get("answerMs").asLong(),
                (receiver.firstFrameNanos - t0) / 1_000_000);
            assertTrue(receiver.lastAnswer.contains("H264/90000"), "H.264 negotiated");
            assertEquals(1, health(http, server).get("peers").asInt());
            final JsonNode list = JSON.readTree(send(http, "GET", whip, null).body());
            assertEquals(whipId, list.get("outputs").get(0).get("whip").asText());
            assertEquals("connected", list.get("outputs").get(0).get("state").asText());
            final int deletes = endpoint.deletes.get();
            final HttpResponse<String> del = send(http, "DELETE", whip + "/" + whipId, null);
            assertEquals(200, del.statusCode(), del.body());
            assertTrue(JSON.readTree(del.body()).get("resourceDeleted").asBoolean(), del.body());
            assertEquals(deletes + 1, endpoint.deletes.get());
            assertEquals(0, health(http, server).get("peers").asInt());
            // the ended output stays readable (final state), leaves the list, and a second DELETE changes nothing
            final JsonNode ended = JSON.readTree(send(http, "GET", whip + "/" + whipId, null).body());
            assertEquals("closed", ended.get("state").asText(), ended.toString());
            assertEquals(0, JSON.readTree(send(http, "GET", whip, null).body()).get("outputs").size());
            assertEquals(200, send(http, "DELETE", whip + "/" + whipId, null).statusCode());
            assertEquals(deletes + 1, endpoint.deletes.get(), "a second DELETE reached the endpoint");
            assertEquals(404, send(http, "GET", whip + "/000000000000", null).statusCode());

            // Ending the session ends its WHIP outputs (and DELETEs them).
            final HttpResponse<String> again = send(http, "POST", whip, body(url));
            assertEquals(201, again.statusCode(), again.body());
            assertEquals(1, health(http, server).get("peers").asInt());
            assertEquals(200, send(http, "DELETE", api + "/" + id, null).statusCode());
            await(() -> endpoint.deletes.get() == deletes + 2, 5000, "the DELETE after the session closed");
            await(() -> health(http, server).get("peers").asInt() == 0, 5000, "the peer slot back");

            // Stopping the server ends the WHIP outputs still running (and DELETEs them).
            final String id2 = JSON.readTree(send(http, "POST", api, "{\"fps\":25,\"width\":160,\"height\":120}")
                .body()).get("id").asText();
            assertEquals(201, send(http, "POST", api + "/" + id2 + "/whip", body(url)).statusCode());
            final int beforeStop = endpoint.deletes.get();
            server.close();
            assertEquals(beforeStop + 1, endpoint.deletes.get(), "server shutdown DELETEs the running output");
            service.closeSession(id2);
        }
        finally
        {
            server.close();
        }
    }

    private static void expectWhipFailure(final HttpClient http, final String whip, final String body,
        final TestWhipEndpoint.Mode mode, final String expected) throws Exception
    {
        endpoint.mode = mode == null ? TestWhipEndpoint.Mode.OK : mode;
        final HttpResponse<String> r = send(http, "POST", whip, body);
        final JsonNode j = JSON.readTree(r.body());
        System.out.println("WHIP " + (mode == null ? "bad token" : mode) + ": " + r.statusCode() + " " + r.body());
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("whip_failed", j.get("error").asText());
        assertTrue(j.get("message").asText().contains(expected), j.get("message").asText());
        final String base = whip.substring(0, whip.indexOf("/api/"));
        final JsonNode health = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(0, health.get("peers").asInt(), "peer slot released after " + mode);
        assertEquals(mode == TestWhipEndpoint.Mode.NO_LOCATION ? 1 : 0, receiver.openPeers(),
            "receiver peers after " + mode);
        endpoint.mode = TestWhipEndpoint.Mode.OK;
    }

    private static String body(final String url)
    {
        return "{\"url\":\"" + url + "\",\"token\":\"" + WHIP_TOKEN + "\"}";
    }

    private static JsonNode health(final HttpClient http, final AvatarHttpServer server)
    {
        try
        {
            return JSON.readTree(send(http, "GET", "http://127.0.0.1:" + server.port() + "/api/health", null).body());
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static HttpResponse<String> send(final HttpClient http, final String method, final String url,
        final String json) throws Exception
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + API_TOKEN)
            .timeout(Duration.ofSeconds(60));
        if (json != null)
        {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        else
        {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int listeners(final String id)
    {
        return ((Number)service.counters(id).get("listeners")).intValue();
    }

    private static void await(final BooleanSupplier condition, final long timeoutMs, final String what)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Same check as the webrtc tests' Netns (package-private there): fail, never skip, outside the namespace. */
    private static void requireNetns() throws Exception
    {
        final String error = System.getProperty("avatar.netns.error");
        if (error != null)
        {
            fail("WebRTC tests need a private network namespace and could not get one: " + error);
        }
        for (final NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces()))
        {
            for (final InetAddress a : Collections.list(ni.getInetAddresses()))
            {
                if ("127.1.0.1".equals(a.getHostAddress()) && !ni.isLoopback())
                {
                    return;
                }
            }
        }
        fail("no non-loopback interface with 127.1.0.1: run in the 'webrtc-netns' Surefire execution");
    }

    @Test
    void shouldCloseItselfWhenTheEndpointDropsThePeer() throws Exception
    {
        final SessionInfo s = service.createSession(new SessionRequest(null, null, 25, 160, 120));
        try (SignallingThread signalling = new SignallingThread())
        {
            final WebRtcFactories factories = signalling.call(WebRtcFactories::new);
            try
            {
                final WhipOutput out = WhipOutput.open("drop", signalling, factories, IceConfig.LOCAL, service,
                    s.id(), VideoCodec.VP8, new WhipClient(endpoint.url(), WHIP_TOKEN, Duration.ofSeconds(5)),
                    Duration.ofSeconds(10), Duration.ofSeconds(10));
                final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
                out.whenClosed(ended::countDown);
                final long t0 = System.nanoTime();
                receiver.dropAll();
                final boolean closed = ended.await(40, java.util.concurrent.TimeUnit.SECONDS);
                System.out.printf("WHIP endpoint dropped the peer: output state '%s', closed itself %s after %d ms%n",
                    out.state(), closed, (System.nanoTime() - t0) / 1_000_000);
                assertTrue(closed, "the output did not notice the dropped peer; state " + out.state());
            }
            finally
            {
                signalling.call(() ->
                {
                    factories.close();
                    return null;
                });
            }
        }
        finally
        {
            service.closeSession(s.id());
        }
    }

    @Test
    void shouldPublishFromTheCommandLineAndDeleteAtTheEnd() throws Exception
    {
        final java.nio.file.Path wav = java.nio.file.Files.createTempFile("whip-cli", ".wav");
        try
        {
            java.nio.file.Files.write(wav, io.avatar.transport.testing.TestWav.tone(16_000, 1.0, 300));
            receiver.reset();
            final int deletes = endpoint.deletes.get();
            final int sessions = service.sessions().size();
            final java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
            final io.avatar.transport.cli.WhipCommand cmd = new io.avatar.transport.cli.WhipCommand();
            final int rc = cmd.run(io.avatar.engine.cli.CliArgs.parse(List.of("--url", endpoint.url().toString(),
                "--token", WHIP_TOKEN, "--size", "256", "--audio", wav.toString(), "--seconds", "3"), cmd.flags()),
                new java.io.PrintStream(stdout, true, java.nio.charset.StandardCharsets.UTF_8), System.err, service);
            final String printed = stdout.toString(java.nio.charset.StandardCharsets.UTF_8);
            System.out.print("CLI: " + printed);
            assertEquals(0, rc, printed);
            assertTrue(printed.contains("avatar whip: publishing to " + endpoint.url().resolve("/whip/resource/")),
                printed);
            assertTrue(receiver.frames.get() >= 40, "frames at the endpoint: " + receiver.frames.get());
            assertTrue(receiver.audioSamples.get() >= 48_000, "audio at the endpoint: " + receiver.audioSamples.get());
            assertEquals(deletes + 1, endpoint.deletes.get(), "the CLI DELETEs its resource");
            assertEquals(sessions, service.sessions().size(), "the CLI closes its session");
            final IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class, () -> cmd.run(
                io.avatar.engine.cli.CliArgs.parse(List.of("--seconds", "1"), cmd.flags()), System.out, System.err,
                service));
            assertTrue(noUrl.getMessage().contains("url"), noUrl.getMessage());
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(wav);
        }
    }

    @Test
    void shouldRefuseToOpenForAnUnknownSession()
    {
        try (SignallingThread signalling = new SignallingThread())
        {
            final WebRtcFactories factories = signalling.call(WebRtcFactories::new);
            try
            {
                final int before = endpoint.posts.get();
                assertThrows(java.util.NoSuchElementException.class, () -> WhipOutput.open("x", signalling, factories,
                    IceConfig.LOCAL, service, "nosuch", VideoCodec.VP8, new WhipClient(endpoint.url(), WHIP_TOKEN,
                        Duration.ofSeconds(2)), Duration.ofSeconds(5), Duration.ofSeconds(5)));
                assertEquals(before, endpoint.posts.get(), "nothing was posted");
                assertNotNull(factories.send());
            }
            finally
            {
                signalling.call(() ->
                {
                    factories.close();
                    return null;
                });
            }
        }
    }
}
