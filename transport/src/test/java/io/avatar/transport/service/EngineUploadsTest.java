package io.avatar.transport.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.engine.output.Mp4Writer;
import io.avatar.engine.render.AvatarFaceRenderer;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.transport.http.AvatarHttpServer;
import io.avatar.transport.http.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads through the HTTP API into the real engine: a portrait photo is fitted and its session streams frames of
 * it; a reference video's style is extracted and applied (the session keeps its old style meanwhile); bad uploads (no
 * face, not an image, not a video, too short) are 400s naming the problem, and the server keeps serving.
 */
class EngineUploadsTest
{
    private static final String TOKEN = "uploads-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 256;
    private static EngineAvatarService service;
    private static AvatarHttpServer server;
    private static HttpClient http;
    private static String base;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws InterruptedException
    {
        service = new EngineAvatarService();
        server = AvatarHttpServer.start(service, ServerConfig.defaults("127.0.0.1", 0, TOKEN), false);
        http = HttpClient.newHttpClient();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop()
    {
        server.close();
        service.close();
    }

    @Test
    void shouldFitAnUploadedPortraitAndRejectImagesWithoutAFace() throws Exception
    {
        final byte[] astronaut = Files.readAllBytes(Path.of(System.getProperty("avatar.shared.dir", "../shared"),
            "assets", "astronaut.png"));
        final long t0 = System.nanoTime();
        final HttpResponse<String> created = send(post("/api/sessions?style=calm&width=" + SIZE + "&height=" + SIZE,
            "image/png", astronaut));
        System.out.printf("portrait session created in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        assertEquals(201, created.statusCode(), created.body());
        final String id = JSON.readTree(created.body()).get("id").asText();
        final EngineAvatarServiceTest.CountingListener l = new EngineAvatarServiceTest.CountingListener();
        service.addFrameListener(id, l);
        Thread.sleep(600);
        assertTrue(l.frames.get() >= 5, "portrait session produced " + l.frames.get() + " frames in 0.6 s");
        assertEquals(SIZE * SIZE * 3 / 2, l.lastBytes);

        // a picture without a face: a smooth grey gradient
        final BufferedImage grey = new BufferedImage(320, 320, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 320; y++)
        {
            for (int x = 0; x < 320; x++)
            {
                final int v = 60 + (x + y) / 4;
                grey.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", png);
        final JsonNode noFace = error(send(post("/api/sessions", "image/png", png.toByteArray())), 400);
        assertTrue(noFace.get("message").asText().contains("no usable face"), noFace.toString());

        final JsonNode garbage = error(send(post("/api/sessions", "image/jpeg",
            "this is not a JPEG".getBytes(StandardCharsets.UTF_8))), 400);
        assertTrue(garbage.get("message").asText().contains("cannot be decoded"), garbage.toString());

        // the same portrait as base64 in JSON
        final String json = "{\"width\": " + SIZE + ", \"height\": " + SIZE + ", \"portrait\": \""
            + java.util.Base64.getEncoder().encodeToString(astronaut) + "\"}";
        final HttpResponse<String> viaJson = send(post("/api/sessions", "application/json",
            json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, viaJson.statusCode(), viaJson.body());
        close(JSON.readTree(viaJson.body()).get("id").asText());
        close(id);
        assertEquals(0, service.sessions().size());
    }

    @Test
    void shouldExtractTheStyleOfAReferenceVideoAndRejectBadVideos() throws Exception
    {
        final byte[] video = Files.readAllBytes(render(dir.resolve("talk.mp4"), 3 * 25));
        // created with the style of a video (multipart), then switched to a preset
        final String boundary = "----avatar-test-boundary";
        final ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"width\"\r\n\r\n" + SIZE
            + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"height\"\r\n\r\n" + SIZE
            + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"styleVideo\"; filename=\"talk.mp4\""
            + "\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(video);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        final HttpResponse<String> created = send(post("/api/sessions", "multipart/form-data; boundary=" + boundary,
            form.toByteArray()));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(VideoStyles.NAME, JSON.readTree(created.body()).get("style").asText());
        final String id = JSON.readTree(created.body()).get("id").asText();
        final HttpResponse<String> preset = send(post("/api/sessions/" + id + "/style", "application/json",
            "{\"preset\": \"calm\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, preset.statusCode(), preset.body());
        assertEquals("calm", JSON.readTree(preset.body()).get("style").asText());

        final long t0 = System.nanoTime();
        final CompletableFuture<HttpResponse<String>> styled = http.sendAsync(post("/api/sessions/" + id + "/style",
            "video/mp4", video), HttpResponse.BodyHandlers.ofString());
        // meanwhile the session keeps its old style
        Thread.sleep(150);
        final HttpResponse<String> during = send(get("/api/sessions/" + id));
        assertEquals(200, during.statusCode(), during.body());
        assertFalse(styled.isDone(), "a 3 s video was extracted in under 150 ms?");
        assertEquals("calm", JSON.readTree(during.body()).path("session").path("style").asText(), during.body());
        final HttpResponse<String> done = styled.get(60, TimeUnit.SECONDS);
        System.out.printf("style of a 3 s video extracted and applied in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(VideoStyles.NAME, JSON.readTree(done.body()).get("style").asText());

        final JsonNode notVideo = error(send(post("/api/sessions/" + id + "/style", "video/mp4",
            "definitely not a video".getBytes(StandardCharsets.UTF_8))), 400);
        assertTrue(notVideo.get("message").asText().contains("FFmpeg cannot open it"), notVideo.toString());
        final JsonNode empty = error(send(post("/api/sessions/" + id + "/style", "video/mp4", new byte[0])), 400);
        assertTrue(empty.get("message").asText().contains("empty"), empty.toString());
        final JsonNode oneSecond = error(send(post("/api/sessions/" + id + "/style", "video/mp4",
            Files.readAllBytes(render(dir.resolve("short.mp4"), 25)))), 400);
        assertTrue(oneSecond.get("message").asText().contains("too little usable face"), oneSecond.toString());
        assertFalse(oneSecond.get("message").asText().contains(dir.toString()), "message leaks a server path");
        // the failed uploads left the extracted style in place
        assertEquals(VideoStyles.NAME, JSON.readTree(send(get("/api/sessions/" + id)).body()).path("session")
            .path("style").asText());
        close(id);
    }

    /** Renders the built-in avatar talking and nodding (known motion) to an MP4 of {@code frames} frames. */
    private static Path render(final Path file, final int frames) throws IOException
    {
        final AvatarFaceRenderer r = FaceRenderers.builtIn(SIZE);
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] p = new float[HeadPose.SIZE];
        final byte[] i420 = new byte[SIZE * SIZE * 3 / 2];
        try (Mp4Writer mp4 = new Mp4Writer(file, SIZE, SIZE, 25))
        {
            for (int t = 0; t < frames; t++)
            {
                final double s = t / 25.0;
                w[ArkitBlendshape.jawOpen.ordinal()] = (float)(0.3 * Math.max(0, Math.sin(2 * Math.PI * 2.5 * s)));
                p[HeadPose.PITCH] = (float)Math.toRadians(4 * Math.sin(2 * Math.PI * 0.5 * s));
                p[HeadPose.YAW] = (float)Math.toRadians(5 * Math.sin(2 * Math.PI * 0.3 * s));
                r.avatar().render(w, p);
                r.avatar().renderer().writeI420(i420);
                mp4.writeI420(i420);
            }
        }
        finally
        {
            r.close();
        }
        return file;
    }

    private static void close(final String id) throws Exception
    {
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + id)).DELETE()
            .header("Authorization", "Bearer " + TOKEN).build()).statusCode());
    }

    private static HttpRequest post(final String path, final String type, final byte[] body)
    {
        return HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", type).header("Authorization", "Bearer " + TOKEN).build();
    }

    private static HttpRequest get(final String path)
    {
        return HttpRequest.newBuilder(URI.create(base + path)).GET().header("Authorization", "Bearer " + TOKEN)
            .build();
    }

    private static HttpResponse<String> send(final HttpRequest r) throws IOException, InterruptedException
    {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(final HttpResponse<String> r, final int status) throws IOException
    {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
