package io.avatar.transport.http;

import io.avatar.transport.testing.TestPatternService;
import io.avatar.transport.testing.TestWav;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST API on an {@code EmbeddedChannel}: every route, and every kind of bad input getting a JSON error that
 * names the problem.
 */
class ApiHandlerTest
{
    private final TestPatternService service = new TestPatternService();
    private final HttpExchange http = new HttpExchange(service);

    @AfterEach
    void close()
    {
        service.close();
    }

    @Test
    void shouldCreateListInspectAndCloseASession()
    {
        final HttpExchange.Response created = http.postJson("/api/sessions",
            "{\"style\": \"calm\", \"fps\": 30, \"width\": 320, \"height\": 240}");
        assertEquals(201, created.status(), created.body());
        final String id = created.json().get("id").asText();
        assertEquals(320, created.json().get("width").asInt());
        assertEquals("calm", created.json().get("style").asText());

        final HttpExchange.Response list = http.get("/api/sessions");
        assertEquals(200, list.status());
        assertEquals(id, list.json().get("sessions").get(0).get("id").asText());

        final HttpExchange.Response one = http.get("/api/sessions/" + id);
        assertEquals(200, one.status());
        assertTrue(one.json().get("counters").has("framesOut"), one.body());

        assertEquals(200, http.request("DELETE", "/api/sessions/" + id, null, null).status());
        final HttpExchange.Response gone = http.get("/api/sessions/" + id);
        assertEquals(404, gone.status());
        assertEquals("no_session", gone.error());
    }

    @Test
    void shouldTakeStyleAndSizeFromTheQueryWhenTheBodyIsEmpty()
    {
        final HttpExchange.Response created = http.request("POST", "/api/sessions?style=calm&width=320&height=240",
            null, null);
        assertEquals(201, created.status(), created.body());
        assertEquals(320, created.json().get("width").asInt());
        assertEquals(240, created.json().get("height").asInt());
        assertEquals("calm", created.json().get("style").asText());

        final HttpExchange.Response bad = http.request("POST", "/api/sessions?width=wide", null, null);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.message().contains("width"), bad.message());
    }

    @Test
    void shouldListStylePresetsAndChangeStyle()
    {
        assertEquals("neutral", http.get("/api/styles").json().get("presets").get(0).asText());
        final String id = http.postJson("/api/sessions", "{}").json().get("id").asText();
        final HttpExchange.Response ok = http.request("PUT", "/api/sessions/" + id + "/style", "application/json",
            "{\"preset\": \"lively\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, ok.status(), ok.body());
        assertEquals("lively", ok.json().get("style").asText());

        final HttpExchange.Response unknown = http.request("PUT", "/api/sessions/" + id + "/style",
            "application/json", "{\"preset\": \"grumpy\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, unknown.status());
        assertTrue(unknown.message().contains("grumpy"), unknown.message());

        final HttpExchange.Response badFile = http.request("PUT", "/api/sessions/" + id + "/style",
            "application/json", "{\"format\": \"avatar-style\", \"version\": 99}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, badFile.status());
        assertNotNull(badFile.message());
    }

    @Test
    void shouldUploadAPortraitAsMultipartAndAsRawBody() throws IOException
    {
        final byte[] png = png();
        final String boundary = "----b0undary";
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"portrait\"; filename=\"p.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"style\"\r\n\r\ncalm\r\n--"
            + boundary + "\r\nContent-Disposition: form-data; name=\"width\"\r\n\r\n256\r\n--" + boundary
            + "--\r\n").getBytes(StandardCharsets.UTF_8));
        final HttpExchange.Response multi = http.request("POST", "/api/sessions",
            "multipart/form-data; boundary=" + boundary, body.toByteArray());
        assertEquals(201, multi.status(), multi.body());
        assertEquals(256, multi.json().get("width").asInt());

        final HttpExchange.Response raw = http.request("POST", "/api/sessions?style=lively&fps=25", "image/png", png);
        assertEquals(201, raw.status(), raw.body());

        final HttpExchange.Response notImage = http.request("POST", "/api/sessions", "image/png",
            "this is not a png".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notImage.status());
        assertTrue(notImage.message().contains("portrait"), notImage.message());
    }

    @Test
    void shouldAcceptWavAndRawPcmAudioAndRejectBadAudio()
    {
        final String id = http.postJson("/api/sessions", "{}").json().get("id").asText();
        final byte[] wav = TestWav.tone(16_000, 0.5, 300);
        final HttpExchange.Response w = http.request("POST", "/api/sessions/" + id + "/audio", "audio/wav", wav);
        assertEquals(202, w.status(), w.body());
        assertEquals(8000, w.json().get("samples").asInt());
        assertEquals(16_000, w.json().get("sampleRate").asInt());

        final byte[] pcm = new byte[3200];
        final HttpExchange.Response r = http.request("POST", "/api/sessions/" + id + "/audio?rate=16000",
            "application/octet-stream", pcm);
        assertEquals(202, r.status(), r.body());
        assertEquals(1600, r.json().get("samples").asInt());

        final HttpExchange.Response noRate = http.request("POST", "/api/sessions/" + id + "/audio",
            "application/octet-stream", pcm);
        assertEquals(400, noRate.status());
        assertTrue(noRate.message().contains("rate"), noRate.message());

        final HttpExchange.Response notWav = http.request("POST", "/api/sessions/" + id + "/audio", "audio/wav",
            "RIFX....garbage".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notWav.status());
        assertTrue(notWav.message().contains("WAV"), notWav.message());

        final HttpExchange.Response odd = http.request("POST", "/api/sessions/" + id + "/audio?rate=16000",
            "application/octet-stream", new byte[3]);
        assertEquals(400, odd.status());

        final HttpExchange.Response badRate = http.request("POST", "/api/sessions/" + id + "/audio?rate=12",
            "application/octet-stream", pcm);
        assertEquals(400, badRate.status());
        assertTrue(badRate.message().contains("8000..96000"), badRate.message());

        final HttpExchange.Response type = http.request("POST", "/api/sessions/" + id + "/audio", "audio/mpeg", pcm);
        assertEquals(415, type.status());

        assertEquals(200, http.request("POST", "/api/sessions/" + id + "/interrupt", null, null).status());
        assertTrue(((Number)service.counters(id).get("micSamplesIn")).longValue() >= 9600);
    }

    @Test
    void shouldNameTheProblemInMalformedJson()
    {
        final HttpExchange.Response r = http.postJson("/api/sessions", "{\"style\": \"calm\",, }");
        assertEquals(400, r.status());
        assertEquals("bad_json", r.error());
        assertTrue(r.message().contains("line 1"), r.message());

        final HttpExchange.Response wrongType = http.postJson("/api/sessions", "{\"fps\": \"fast\"}");
        assertEquals(400, wrongType.status());
        assertTrue(wrongType.message().contains("fps"), wrongType.message());

        final HttpExchange.Response badFps = http.postJson("/api/sessions", "{\"fps\": 60}");
        assertEquals(400, badFps.status());
        assertTrue(badFps.message().contains("25 or 30"), badFps.message());

        final HttpExchange.Response array = http.postJson("/api/sessions", "[1,2]");
        assertEquals(400, array.status());

        final HttpExchange.Response badBase64 = http.postJson("/api/sessions", "{\"portrait\": \"@@@\"}");
        assertEquals(400, badBase64.status());
        assertTrue(badBase64.message().contains("base64"), badBase64.message());

        final HttpExchange.Response unknown = http.postJson("/api/sessions", "{\"styleVideo\": \"AAAA\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.message().contains("unknown session field 'styleVideo'"), unknown.message());
    }

    @Test
    void shouldRejectMissingOrWrongTokenAndForeignOrigin()
    {
        final HttpExchange.Response none = http.get("/api/sessions", "Authorization: Basic abc");
        assertEquals(401, none.status());
        assertEquals("no_token", none.error());
        final HttpExchange.Response wrong = http.get("/api/sessions", "Authorization: Bearer wrong-token-xxxxxxxx");
        assertEquals(401, wrong.status());
        assertEquals("bad_token", wrong.error());
        assertTrue(wrong.closed());

        final HttpExchange.Response evil = http.get("/api/sessions", "Origin: http://evil.example");
        assertEquals(403, evil.status());
        assertTrue(evil.message().contains("evil.example"), evil.message());
        assertEquals(200, http.get("/api/sessions", "Origin: http://127.0.0.1:8080").status());

        final HttpExchange allowing = new HttpExchange(service, ServerConfig.defaults("127.0.0.1", 0,
            HttpExchange.TOKEN).withAllowedOrigins(Set.of("https://app.example.com")));
        assertEquals(200, allowing.get("/api/sessions", "Origin: https://app.example.com").status());

        assertEquals(200, http.get("/api/health", "Authorization: none").status());
        final HttpExchange.Response page = http.get("/", "Authorization: none");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<video"), page.body());
        assertEquals(404, http.get("/../../etc/passwd", "Authorization: none").status());
    }

    @Test
    void shouldRefuseOversizedBodiesBeforeBufferingThem()
    {
        final HttpExchange small = new HttpExchange(service, ServerConfig.defaults("127.0.0.1", 0,
            HttpExchange.TOKEN).withLimits(2, 2048, 4096, 4));
        final HttpExchange.Response declared = small.send(("POST /api/sessions/x/interrupt HTTP/1.1\r\nHost: a\r\n"
            + "Authorization: Bearer " + HttpExchange.TOKEN + "\r\nContent-Length: 100000000\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1), new byte[100]);
        assertEquals(413, declared.status());
        assertTrue(declared.message().contains("100000000"), declared.message());

        final StringBuilder chunked = new StringBuilder("POST /api/sessions HTTP/1.1\r\nHost: a\r\nAuthorization: "
            + "Bearer " + HttpExchange.TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 10; i++)
        {
            chunked.append("400\r\n").append(" ".repeat(1024)).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        final HttpExchange.Response big = small.send(chunked.toString().getBytes(StandardCharsets.ISO_8859_1), null);
        assertEquals(413, big.status());
        assertEquals("too_large", big.error());

        assertEquals(201, small.postJson("/api/sessions", "{}").status());
        assertEquals(201, small.postJson("/api/sessions", "{}").status());
        final HttpExchange.Response third = small.postJson("/api/sessions", "{}");
        assertEquals(429, third.status());
        assertEquals("too_many_sessions", third.error());
    }

    @Test
    void shouldAnswerGarbageWithErrorsNotExceptions()
    {
        final HttpExchange.Response bad = http.send("\u0001\u0002 GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
            null);
        assertEquals(400, bad.status());
        assertEquals("bad_http", bad.error());
        assertEquals(404, http.get("/api/nothing").status());
        assertEquals(405, http.request("PATCH", "/api/sessions", null, null).status());
        assertEquals(400, http.get("/api/sessions/bad%20id").status());
        assertEquals(404, http.request("POST", "/api/sessions/abc/unknown", null, null).status());
        assertEquals(404, http.request("POST", "/api/sessions/abc/interrupt", null, null).status());
        assertEquals(415, http.request("POST", "/api/sessions", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
            .status());
    }

    private static byte[] png() throws IOException
    {
        final BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        img.setRGB(10, 10, 0xFF8040);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
