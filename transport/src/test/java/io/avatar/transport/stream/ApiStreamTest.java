package io.avatar.transport.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.http.AvatarHttpServer;
import io.avatar.transport.http.ServerConfig;
import io.avatar.transport.service.EngineAvatarService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions of the network API streamed through {@code /api/sessions/{id}/stream}, end to end: the real HTTP server,
 * the real engine service (built-in face, trained decoder), real speech pushed through {@code /audio}, real FFmpeg at
 * both ends (an in-process RTMP listener, files read back). Bad destinations are refused with messages naming why,
 * and the server goes on.
 */
class ApiStreamTest
{
    private static final String TOKEN = "api-stream-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 256;
    private static final int FPS = 25;
    private static EngineAvatarService service;
    private static AvatarHttpServer server;
    private static HttpClient http;
    /** 16-bit little-endian mono PCM at 16 kHz: the bundled speech sample. */
    private static byte[] speech;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception
    {
        service = new EngineAvatarService();
        server = AvatarHttpServer.start(service, ServerConfig.defaults("127.0.0.1", 0, TOKEN), false);
        http = HttpClient.newHttpClient();
        try (InputStream in = ApiStreamTest.class.getResourceAsStream("/io/avatar/models/samples/sample_speech.wav"))
        {
            assertNotNull(in, "the bundled speech sample is missing");
            final byte[] wav = in.readAllBytes();
            // the samples follow the "data" chunk header (the sample is 16 kHz mono 16-bit)
            int data = 12;
            while (!new String(wav, data, 4, StandardCharsets.US_ASCII).equals("data"))
            {
                data += 8 + (wav[data + 4] & 0xff | (wav[data + 5] & 0xff) << 8 | (wav[data + 6] & 0xff) << 16);
            }
            speech = Arrays.copyOfRange(wav, data + 8, wav.length);
        }
    }

    @AfterAll
    static void stop()
    {
        server.close();
        service.close();
    }

    @Test
    void shouldStreamASessionOverRtmpWithItsSpeechAndStopOnDelete() throws Exception
    {
        final String base = "http://127.0.0.1:" + server.port();
        final String session = createSession(base);
        final int port = freeTcpPort();
        final String url = "rtmp://127.0.0.1:" + port + "/live/secret-key";
        try (StreamReceiver receiver = StreamReceiver.listen(url, "flv", FPS, port, false))
        {
            final long t0 = System.nanoTime();
            final JsonNode started = ok(send(post(base + "/api/sessions/" + session + "/stream",
                "{\"url\": \"" + url + "\", \"keyframeSeconds\": 1}")), 201);
            System.out.printf("API stream connected in %.0f ms: %s%n", (System.nanoTime() - t0) / 1e6, started);
            assertEquals("streaming", started.get("state").asText(), started.toString());
            assertEquals("rtmp://127.0.0.1:" + port + "/live/***", started.get("target").asText(),
                "the stream key must not be echoed");
            assertEquals(SIZE, started.get("width").asInt());
            final String stream = started.get("stream").asText();

            // 3 s of speech, in 1 s requests at the pace of a live source
            final long speechStart = System.nanoTime();
            for (int s = 0; s < 3; s++)
            {
                final byte[] second = Arrays.copyOfRange(speech, s * 32_000, (s + 1) * 32_000);
                ok(send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session + "/audio?rate=16000"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(second))
                    .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + TOKEN)
                    .build()), 202);
                LockSupport.parkNanos(speechStart + (s + 1) * 1_000_000_000L - System.nanoTime());
            }
            // the speech leaves the session after the engine's algorithmic latency
            LockSupport.parkNanos(700_000_000L);

            final JsonNode list = ok(send(get(base + "/api/sessions/" + session + "/stream")), 200);
            assertEquals(1, list.get("streams").size(), list.toString());
            assertEquals(1, ok(send(get(base + "/api/health")), 200).get("streams").asInt());
            final JsonNode closed = ok(send(delete(base + "/api/sessions/" + session + "/stream/" + stream)), 200);
            System.out.println("API stream closed: " + closed);
            assertEquals(stream, closed.get("closed").asText());
            assertEquals("closed", closed.get("state").asText(), closed.toString());
            final long written = closed.get("framesWritten").asLong();
            assertTrue(written >= 2.5 * FPS, "only " + written + " frames written in 3.7 s: " + closed);
            assertTrue(Math.abs(closed.get("audioSeconds").asDouble() - written / (double)FPS) < 0.2,
                "audio and video lengths differ: " + closed);
            // an ended stream stays readable by id with its final counts (it has left the list of open ones)
            final JsonNode after = ok(send(get(base + "/api/sessions/" + session + "/stream/" + stream)), 200);
            assertEquals("closed", after.get("state").asText(), after.toString());
            assertEquals(written, after.get("framesWritten").asLong(), after.toString());
            assertEquals(0, ok(send(get(base + "/api/sessions/" + session + "/stream")), 200).get("streams").size());

            receiver.await(15_000);
            System.out.printf("received %s %dx%d, %d frames; %s %d Hz, %.2f s, rms %.3f%n", receiver.videoCodec,
                receiver.width, receiver.height, receiver.videoFrames, receiver.audioCodec, receiver.sampleRate,
                receiver.audioSeconds(), receiver.audioRms());
            assertEquals("h264", receiver.videoCodec);
            assertEquals(SIZE, receiver.width);
            assertEquals(SIZE, receiver.height);
            assertTrue(receiver.videoFrames >= written - 2, receiver.videoFrames + " frames received of " + written);
            assertEquals("aac", receiver.audioCodec);
            assertEquals(48_000, receiver.sampleRate);
            assertTrue(Math.abs(receiver.audioSeconds() - written / (double)FPS) < 0.3, receiver.audioSeconds()
                + " s of audio for " + written + " frames");
            // the speech came through, not only the silence before it (the sample's level is about 0.1 rms)
            assertTrue(receiver.audioRms() > 0.01, "received audio rms " + receiver.audioRms());
        }
        assertEquals(0, ok(send(get(base + "/api/sessions/" + session + "/stream")), 200).get("streams").size());
        assertEquals(404, send(get(base + "/api/sessions/" + session + "/stream/000000000000")).statusCode());
        assertEquals(200, send(delete(base + "/api/sessions/" + session)).statusCode());
    }

    @Test
    void shouldRefuseBadDestinationsNamingWhyAndKeepServing() throws Exception
    {
        final String base = "http://127.0.0.1:" + server.port();
        final String session = createSession(base);
        final String path = base + "/api/sessions/" + session + "/stream";
        final String scheme = error(send(post(path, "{\"url\": \"http://127.0.0.1/x.flv\"}")), 400);
        assertTrue(scheme.contains("scheme 'http' is not allowed"), scheme);
        final String file = error(send(post(path, "{\"url\": \"/tmp/avatar-api-stream.ts\"}")), 400);
        assertTrue(file.contains("--stream-dir"), file);
        assertFalse(Files.exists(Path.of("/tmp/avatar-api-stream.ts")));
        final String noPort = error(send(post(path, "{\"url\": \"srt://127.0.0.1\"}")), 400);
        assertTrue(noPort.contains("needs a port"), noPort);
        final String keyframe = error(send(post(path, "{\"url\": \"rtmp://127.0.0.1/live/k\", "
            + "\"keyframeSeconds\": 0}")), 400);
        assertTrue(keyframe.contains("keyframeSeconds"), keyframe);
        final String noSession = error(send(post(base + "/api/sessions/nosuchsession/stream",
            "{\"url\": \"rtmp://127.0.0.1/live/k\"}")), 404);
        assertTrue(noSession.contains("nosuchsession"), noSession);

        final int port = freeTcpPort();
        final long t0 = System.nanoTime();
        final HttpResponse<String> refused = send(post(path, "{\"url\": \"rtmp://127.0.0.1:" + port
            + "/live/secret-key\"}"));
        System.out.printf("refused port answered in %.0f ms: %s%n", (System.nanoTime() - t0) / 1e6, refused.body());
        assertEquals(502, refused.statusCode(), refused.body());
        final JsonNode err = JSON.readTree(refused.body());
        assertEquals("stream_failed", err.get("error").asText(), refused.body());
        assertTrue(err.get("message").asText().contains("Connection refused"), refused.body());
        assertFalse(refused.body().contains("secret-key"), "the stream key leaked into the error");

        assertEquals(0, ok(send(get(path)), 200).get("streams").size());
        assertEquals(200, send(get(base + "/api/sessions/" + session)).statusCode());
        assertEquals(200, send(delete(base + "/api/sessions/" + session)).statusCode());
    }

    @Test
    void shouldWriteFilesOnlyInsideTheStreamDirAndCloseThemWithTheSessionOrServer() throws Exception
    {
        final AvatarHttpServer files = AvatarHttpServer.start(service, ServerConfig.defaults("127.0.0.1", 0, TOKEN)
            .withStreams(dir, 2), false);
        final String base = "http://127.0.0.1:" + files.port();
        try
        {
            final String a = createSession(base);
            final String b = createSession(base);
            for (final String bad : new String[] {"../escape.ts", "rec/../../escape.ts", "pipe:1", "/etc/x.ts",
                "noextension"})
            {
                final String m = error(send(post(base + "/api/sessions/" + a + "/stream", "{\"url\": \"" + bad
                    + "\"}")), 400);
                System.out.println(bad + " -> " + m);
            }
            assertFalse(Files.exists(dir.getParent().resolve("escape.ts")));
            final JsonNode ts = ok(send(post(base + "/api/sessions/" + a + "/stream", "{\"url\": \"rec/a.ts\"}")), 201);
            assertEquals("rec/a.ts", ts.get("target").asText());
            final JsonNode mp4 = ok(send(post(base + "/api/sessions/" + b + "/stream", "{\"url\": \""
                + dir.resolve("b.mp4") + "\"}")), 201);
            assertEquals("b.mp4", mp4.get("target").asText());
            error(send(post(base + "/api/sessions/" + b + "/stream", "{\"url\": \"b.mp4\"}")), 409);
            final String full = error(send(post(base + "/api/sessions/" + b + "/stream", "{\"url\": \"c.ts\"}")),
                429);
            assertTrue(full.contains("limit of 2 streams"), full);
            assertFalse(Files.exists(dir.resolve("c.ts")));
            LockSupport.parkNanos(1_500_000_000L);

            // closing the session ends its stream: the feed leaves, the writer finishes the file
            assertEquals(200, send(delete(base + "/api/sessions/" + a)).statusCode());
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (ok(send(get(base + "/api/health")), 200).get("streams").asInt() != 1)
            {
                assertTrue(System.nanoTime() < deadline, "the stream of the closed session is still open");
                LockSupport.parkNanos(20_000_000L);
            }
            final StreamReceiver readA = StreamReceiver.readFile(dir.resolve("rec/a.ts"), FPS);
            assertEquals(SIZE, readA.width);
            assertTrue(readA.videoFrames >= FPS, readA.videoFrames + " frames in rec/a.ts");
            assertEquals("aac", readA.audioCodec);
        }
        finally
        {
            // stopping the server closes the other stream: an MP4 is readable only once its index is written
            files.close();
        }
        final StreamReceiver readB = StreamReceiver.readFile(dir.resolve("b.mp4"), FPS);
        assertEquals("h264", readB.videoCodec);
        assertTrue(readB.videoFrames >= FPS, readB.videoFrames + " frames in b.mp4");
        assertTrue(Math.abs(readB.audioSeconds() - readB.videoFrames / (double)FPS) < 0.3, readB.audioSeconds()
            + " s of audio for " + readB.videoFrames + " frames");
        for (final SessionInfo s : service.sessions())
        {
            service.closeSession(s.id());
        }
    }

    private static String createSession(final String base) throws Exception
    {
        final JsonNode s = ok(send(post(base + "/api/sessions", "{\"style\": \"calm\", \"width\": " + SIZE
            + ", \"height\": " + SIZE + ", \"fps\": " + FPS + "}")), 201);
        return s.get("id").asText();
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private static HttpRequest post(final String url, final String json)
    {
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN).build();
    }

    private static HttpRequest get(final String url)
    {
        return HttpRequest.newBuilder(URI.create(url)).GET().header("Authorization", "Bearer " + TOKEN).build();
    }

    private static HttpRequest delete(final String url)
    {
        return HttpRequest.newBuilder(URI.create(url)).DELETE().header("Authorization", "Bearer " + TOKEN).build();
    }

    private static HttpResponse<String> send(final HttpRequest r) throws IOException, InterruptedException
    {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(final HttpResponse<String> r, final int status) throws IOException
    {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** @return the error's message, after checking the status. */
    private static String error(final HttpResponse<String> r, final int status) throws IOException
    {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("message").asText();
    }
}
