package io.avatar.transport.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.transport.http.AvatarHttpServer;
import io.avatar.transport.http.ServerConfig;
import io.avatar.transport.testing.TestPatternService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.avatar.transport.webrtc.BrowserTestSupport.call;
import static io.avatar.transport.webrtc.BrowserTestSupport.chromium;
import static io.avatar.transport.webrtc.BrowserTestSupport.clientStats;
import static io.avatar.transport.webrtc.BrowserTestSupport.openPage;
import static io.avatar.transport.webrtc.BrowserTestSupport.speechWav;
import static io.avatar.transport.webrtc.BrowserTestSupport.stop;
import static io.avatar.transport.webrtc.BrowserTestSupport.tail;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole path with a real browser: headless Chromium opens the page, sends a speech WAV as its microphone
 * (WebRTC into {@link MicrophoneIngest}), receives the avatar's video and audio ({@link WebRtcPublisher}) and
 * reports its getStats() numbers over the WebSocket. Over 10 s at least 95% of the frames must be decoded, audio
 * must arrive, and the page's mic-to-avatar latency (envelope cross-correlation of sent and received audio) is
 * printed.
 */
@Tag("netns")
class BrowserRoundTripTest
{
    private static final String TOKEN = "browser-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FPS = 25;

    @Test
    void shouldStreamToHeadlessChromiumAndMeasureMicToAvatarLatency() throws Exception
    {
        Netns.require();
        final Path chromium = chromium();
        final Path dir = Files.createTempDirectory("avatar-chromium");
        final Path wav = speechWav(dir);
        Process browser = null;
        try (TestPatternService service = new TestPatternService();
             AvatarHttpServer server = AvatarHttpServer.start(service, ServerConfig.defaults("127.0.0.1", 0, TOKEN),
                 true))
        {
            final String base = "http://127.0.0.1:" + server.port();
            final HttpClient http = HttpClient.newHttpClient();
            final JsonNode created = call(http, HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"width\": 320, \"height\": 320, \"fps\": " + FPS + "}"))
                .header("Content-Type", "application/json"), TOKEN);
            final String id = created.get("id").asText();

            browser = openPage(chromium, dir, wav,
                base + "/?autostart=1&mic=1&session=" + id + "#token=" + TOKEN);

            final long deadline = System.currentTimeMillis() + 40_000;
            JsonNode s0 = null;
            while (s0 == null)
            {
                final JsonNode s = clientStats(http, base, id, TOKEN);
                if (s.path("video").path("framesDecoded").asLong() >= FPS && s.path("mic").path("packetsSent").asLong() > 0)
                {
                    s0 = s;
                }
                else if (System.currentTimeMillis() > deadline || !browser.isAlive())
                {
                    fail("the page did not start decoding video within 40 s (alive " + browser.isAlive()
                        + "); last stats " + s + "; chromium log: " + tail(dir.resolve("chromium.log")));
                }
                Thread.sleep(200);
            }
            JsonNode s1 = s0;
            while (s1.path("pageTimeMs").asDouble() - s0.path("pageTimeMs").asDouble() < 10_000)
            {
                Thread.sleep(200);
                s1 = clientStats(http, base, id, TOKEN);
                if (System.currentTimeMillis() > deadline + 20_000)
                {
                    fail("the page stopped reporting statistics; last " + s1);
                }
            }
            // Let the latency estimate see a full window of speech and echo before reading it.
            // The interval between the two getStats() reports, by the reports' own clock.
            final double seconds = (s1.path("video").path("timestampMs").asDouble()
                - s0.path("video").path("timestampMs").asDouble()) / 1000;
            final long decoded = s1.path("video").path("framesDecoded").asLong()
                - s0.path("video").path("framesDecoded").asLong();
            final double expected = FPS * seconds;
            final long samples = s1.path("audio").path("totalSamplesReceived").asLong()
                - s0.path("audio").path("totalSamplesReceived").asLong();
            final JsonNode engine = service.counters(id).isEmpty() ? null : JSON.valueToTree(service.counters(id));
            System.out.printf("browser: %d of %.0f expected frames decoded in %.1f s (%.1f%%), %d dropped, codec %s, "
                    + "jitter buffer %.0f ms, decode %.2f ms%n", decoded, expected, seconds, 100.0 * decoded / expected,
                s1.path("video").path("framesDropped").asLong(), s1.path("video").path("codec").asText(),
                s1.path("video").path("jitterBufferDelayMs").asDouble(), s1.path("video").path("decodeMs").asDouble());
            System.out.printf("browser: audio %d samples in %.1f s (%.0f/s), concealed %d, level %.3f%n", samples,
                seconds, samples / seconds, s1.path("audio").path("concealedSamples").asLong(),
                s1.path("audio").path("audioLevel").asDouble());
            System.out.printf("browser: mic-to-avatar latency %.0f ms (correlation %.2f; engine delay %s ms), "
                    + "WebSocket RTT %.1f ms, RTP RTT %s ms%n", s1.path("latencyMs").asDouble(),
                s1.path("latencyCorrelation").asDouble(), engine == null ? "?" : engine.path("algorithmicLatencyMs"),
                s1.path("wsRoundTripMs").asDouble(), s1.path("rtpRoundTripMs").asText());
            System.out.println("engine counters: " + engine);

            assertTrue(decoded >= 0.95 * expected, "decoded " + decoded + " of " + expected + " expected frames");
            assertTrue(samples >= 0.9 * 48_000 * seconds, "received only " + samples + " audio samples in " + seconds
                + " s");
            assertTrue(engine != null && engine.path("micSamplesIn").asLong() > 48_000,
                "the browser microphone did not reach the engine: " + engine);
            assertTrue(s1.path("latencyMs").isNumber(), "no latency estimate: correlation "
                + s1.path("latencyCorrelation") + ", envelopes " + s1.path("micEnvelopeBlocks") + "/"
                + s1.path("avatarEnvelopeBlocks"));
            final double latency = s1.path("latencyMs").asDouble();
            assertTrue(latency >= 100 && latency < 1500, "implausible mic-to-avatar latency " + latency
                + " ms (the engine alone delays by 100 ms)");
        }
        finally
        {
            stop(browser);
        }
    }
}
