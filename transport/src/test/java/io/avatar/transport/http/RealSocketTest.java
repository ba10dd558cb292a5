package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.transport.testing.TestPatternService;
import io.avatar.transport.testing.TestWav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server over real TCP sockets: REST with java.net.http, raw garbage and oversized requests on a plain socket,
 * and the WebSocket protocol with good and bad messages; after each abuse the server still answers.
 */
class RealSocketTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestPatternService service;
    private static AvatarHttpServer server;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() throws InterruptedException
    {
        service = new TestPatternService();
        server = AvatarHttpServer.start(service, ServerConfig.defaults("127.0.0.1", 0, HttpExchange.TOKEN)
            .withLimits(8, 4096, 1 << 20, 8), false);
        http = HttpClient.newHttpClient();
        base = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop()
    {
        server.close();
        server.close();
        service.close();
    }

    @Test
    void shouldServeTheApiOverHttp() throws Exception
    {
        final HttpResponse<String> created = http.send(authed("/api/sessions")
            .POST(HttpRequest.BodyPublishers.ofString("{\"style\": \"calm\"}"))
            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        final String id = JSON.readTree(created.body()).get("id").asText();
        final HttpResponse<String> audio = http.send(authed("/api/sessions/" + id + "/audio")
            .POST(HttpRequest.BodyPublishers.ofByteArray(TestWav.tone(22_050, 1.0, 200)))
            .header("Content-Type", "audio/wav").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, audio.statusCode(), audio.body());
        assertEquals(22_050, JSON.readTree(audio.body()).get("samples").asInt());
        final HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/app.js"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        service.closeSession(id);
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception
    {
        final String auth = "Authorization: Bearer " + HttpExchange.TOKEN + "\r\n";
        final String both = rawExchange(("POST /api/sessions HTTP/1.1\r\nHost: x\r\n" + auth
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            + "GET /api/styles HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
            + "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        final int created = both.indexOf("HTTP/1.1 201");
        final int styles = both.indexOf("presets");
        final int health = both.indexOf("\"status\"");
        assertTrue(created >= 0 && created < styles && styles < health, both);
        final String id = JSON.readTree(both.substring(both.indexOf('{'), both.indexOf('}') + 1)).get("id").asText();
        service.closeSession(id);
    }

    @Test
    void shouldSurviveGarbageAndOversizedRequestsOnARawSocket() throws Exception
    {
        final String garbage = rawExchange("\u0000\u0001\u00ffNOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
        assertTrue(garbage.contains("bad_http"), garbage);

        final String huge = rawExchange(("POST /api/sessions HTTP/1.1\r\nHost: " + base + "\r\nAuthorization: Bearer "
            + HttpExchange.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n{")
            .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(huge.startsWith("HTTP/1.1 413"), huge);
        assertTrue(huge.contains("exceeds the limit"), huge);

        final String longLine = rawExchange(("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(longLine.startsWith("HTTP/1.1 400"), longLine);

        final String noToken = rawExchange(("POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(noToken.startsWith("HTTP/1.1 401"), noToken);

        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/api/health")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode(), "server alive after the abuse");
    }

    @Test
    void shouldAnswerBadWebSocketMessagesWithErrorsAndStayOpen() throws Exception
    {
        final String id = service.createSession(new io.avatar.transport.api.SessionRequest(null, null, 25, 64, 64)).id();
        final Messages msgs = new Messages();
        final WebSocket ws = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + base + "/ws?access_token=" + HttpExchange.TOKEN), msgs).join();
        try
        {
            ws.sendText("{not json", true).join();
            assertEquals("bad_json", msgs.next("error").get("error").asText());
            ws.sendText("[1, 2]", true).join();
            assertEquals("bad_message", msgs.next("error").get("error").asText());
            ws.sendText("{\"type\": \"teleport\"}", true).join();
            assertTrue(msgs.next("error").get("message").asText().contains("teleport"));
            ws.sendText("{\"type\": \"mic\", \"session\": \"" + id + "\", \"sdp\": \"hello\"}", true).join();
            final JsonNode badSdp = msgs.next("error");
            assertEquals("bad_sdp", badSdp.get("error").asText(), badSdp.toString());
            assertTrue(badSdp.get("message").asText().contains("v=0"), badSdp.toString());
            ws.sendText("{\"type\": \"watch\", \"session\": \"nosuchsession\"}", true).join();
            assertEquals("no_session", msgs.next("error").get("error").asText());
            ws.sendText("{\"type\": \"watch\", \"session\": \"" + id + "\", \"codec\": \"MPEG2\"}", true).join();
            assertTrue(msgs.next("error").get("message").asText().contains("MPEG2"));
            ws.sendText("{\"type\": \"candidate\", \"pc\": \"side\", \"candidate\": \"x\"}", true).join();
            assertTrue(msgs.next("error").get("message").asText().contains("'view' or 'mic'"));
            ws.sendText("{\"type\": \"stats\", \"session\": \"" + id + "\", \"stats\": {\"video\": {\"framesDecoded\": 7}}}",
                true).join();
            ws.sendText("{\"type\": \"subscribe\", \"session\": \"" + id + "\"}", true).join();
            ws.sendText("{\"type\": \"ping\", \"t\": 42.5}", true).join();
            assertEquals(42.5, msgs.next("pong").get("t").asDouble());
            assertEquals(7, service.counters(id).isEmpty() ? -1 : server.context().clientStats().get(id)
                .path("video").path("framesDecoded").asInt());
            assertNotNull(msgs.next("counters").get("engine").get("framesOut"), "counters arrive every second");

            ws.sendText("{\"type\": \"ping\", \"pad\": \"" + "x".repeat(10_000) + "\"}", true);
            assertEquals(1009, msgs.closeCode.get(5, TimeUnit.SECONDS), "oversized message closes with 1009");
        }
        finally
        {
            ws.abort();
            service.closeSession(id);
        }
        final Messages again = new Messages();
        final WebSocket ws2 = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + base + "/ws?access_token=" + HttpExchange.TOKEN), again).join();
        ws2.sendText("{\"type\": \"ping\", \"t\": 1}", true).join();
        assertEquals(1, again.next("pong").get("t").asInt(), "server alive after the oversized message");
        ws2.abort();
    }

    @Test
    void shouldRefuseWebSocketsWithoutTokenOrFromForeignOrigins()
    {
        final CompletionException noToken = assertThrows(CompletionException.class, () -> http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + base + "/ws"), new Messages()).join());
        final WebSocketHandshakeException h1 = assertInstanceOf(WebSocketHandshakeException.class, noToken.getCause());
        assertEquals(401, h1.getResponse().statusCode());

        final CompletionException origin = assertThrows(CompletionException.class, () -> http.newWebSocketBuilder()
            .header("Origin", "http://evil.example")
            .buildAsync(URI.create("ws://" + base + "/ws?access_token=" + HttpExchange.TOKEN), new Messages()).join());
        final WebSocketHandshakeException h2 = assertInstanceOf(WebSocketHandshakeException.class, origin.getCause());
        assertEquals(403, h2.getResponse().statusCode());
    }

    private static HttpRequest.Builder authed(final String path)
    {
        return HttpRequest.newBuilder(URI.create("http://" + base + path))
            .header("Authorization", "Bearer " + HttpExchange.TOKEN);
    }

    private static String rawExchange(final byte[] request) throws IOException
    {
        try (Socket s = new Socket("127.0.0.1", server.port()))
        {
            s.setSoTimeout(5000);
            final OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            final InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Collects JSON text messages and the close code. */
    private static final class Messages implements WebSocket.Listener
    {
        final LinkedBlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                try
                {
                    queue.add(JSON.readTree(partial.toString()));
                }
                catch (final IOException ex)
                {
                    throw new AssertionError("server sent non-JSON: " + partial, ex);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason)
        {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(final WebSocket ws, final Throwable error)
        {
            closeCode.completeExceptionally(error);
        }

        JsonNode next(final String type) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline)
            {
                final JsonNode n = queue.poll(100, TimeUnit.MILLISECONDS);
                if (n != null && type.equals(n.path("type").asText()))
                {
                    return n;
                }
            }
            throw new AssertionError("no '" + type + "' message within 5 s");
        }
    }
}
