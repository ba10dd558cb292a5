package io.avatar.transport.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test helper for the headless-Chromium round trips ({@link BrowserRoundTripTest}, {@link EngineBrowserRoundTripTest}):
 * finding and launching Chromium on the served page with a speech WAV as its fake microphone, calling the API with
 * the test's bearer token, reading the page's client statistics, and stopping the browser. Test thread only.
 */
final class BrowserTestSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserTestSupport()
    {
    }

    /**
     * @return the Chromium executable; fails the test (never skips) when it is not installed.
     */
    static Path chromium()
    {
        for (final String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser"))
        {
            if (Files.isExecutable(Path.of(p)))
            {
                return Path.of(p);
            }
        }
        return fail("headless Chromium is not installed (looked for /usr/bin/chromium): apt-get install -y chromium "
            + "(./avatar test installs it as root)");
    }

    /**
     * Copies the test speech (16 kHz WAV) where Chromium can read it as its microphone.
     *
     * @param dir the browser's scratch folder.
     * @return the WAV file.
     * @throws IOException when it cannot be written.
     */
    static Path speechWav(final Path dir) throws IOException
    {
        final Path wav = dir.resolve("speech-16k.wav");
        try (InputStream in = BrowserTestSupport.class.getResourceAsStream("/io/avatar/transport/speech-16k.wav"))
        {
            assertNotNull(in, "test resource speech-16k.wav is missing");
            Files.copy(in, wav, StandardCopyOption.REPLACE_EXISTING);
        }
        return wav;
    }

    /**
     * Starts headless Chromium on a page, with {@code wav} as its microphone and its log in {@code chromium.log}
     * under {@code dir} (see {@link #tail}).
     *
     * @param chromium the executable.
     * @param dir      the browser's scratch folder (profile and log).
     * @param wav      the microphone's audio.
     * @param url      the page.
     * @return the browser process; stop it with {@link #stop}.
     * @throws IOException when it cannot be started.
     */
    static Process openPage(final Path chromium, final Path dir, final Path wav, final String url) throws IOException
    {
        final List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + wav,
            "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns", "--user-data-dir=" + dir.resolve("profile"),
            "--remote-debugging-port=0", url);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    }

    /**
     * Stops the browser and the processes it started, and waits for it.
     *
     * @param browser the browser, or null when it was never started.
     * @throws InterruptedException when interrupted while waiting.
     */
    static void stop(final Process browser) throws InterruptedException
    {
        if (browser != null)
        {
            browser.descendants().forEach(ProcessHandle::destroy);
            browser.destroy();
            browser.waitFor();
        }
    }

    /**
     * @param http  the client.
     * @param base  the server's base URL.
     * @param id    the session.
     * @param token the API bearer token.
     * @return the page's latest statistics for the session.
     * @throws IOException          when the request fails.
     * @throws InterruptedException when interrupted.
     */
    static JsonNode clientStats(final HttpClient http, final String base, final String id, final String token)
        throws IOException, InterruptedException
    {
        return call(http, HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + id + "/client-stats")).GET(),
            token);
    }

    /**
     * Sends an API request with the bearer token; fails the test on a non-2xx answer.
     *
     * @param http  the client.
     * @param b     the request.
     * @param token the API bearer token.
     * @return the JSON answer.
     * @throws IOException          when the request fails.
     * @throws InterruptedException when interrupted.
     */
    static JsonNode call(final HttpClient http, final HttpRequest.Builder b, final String token)
        throws IOException, InterruptedException
    {
        final HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
        {
            fail("HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * @param log a log file.
     * @return its last 15 lines, or why it could not be read.
     */
    static String tail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }
}
