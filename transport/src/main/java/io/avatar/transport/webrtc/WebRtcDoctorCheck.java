package io.avatar.transport.webrtc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.engine.cli.DoctorCheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code avatar doctor} section for webrtc-java: does its native library load on this machine. The load runs in a
 * child JVM ({@link WebRtcLoadProbe}): the library's native threads print to the terminal at JVM exit, which would
 * corrupt {@code --json} output, and a native crash stays contained. Creating a {@code PeerConnectionFactory}
 * without an audio device module kills the JVM on a headless box (DEPENDENCIES.md), so the check stops at the load.
 */
public final class WebRtcDoctorCheck implements DoctorCheck
{
    private static final long TIMEOUT_SECONDS = 60;

    @Override
    public String name()
    {
        return "webrtc";
    }

    @Override
    public String check(final ObjectNode report)
    {
        report.put("library", "dev.onvoid.webrtc:webrtc-java:0.14.0 (linux-x86_64)");
        String result;
        try
        {
            result = runProbe();
        }
        catch (final IOException ex)
        {
            result = "ERROR cannot start the probe JVM: " + ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            result = "ERROR interrupted";
        }
        final boolean ok = "OK".equals(result);
        report.put("loads", ok);
        if (ok)
        {
            return null;
        }
        report.put("error", result);
        final String hint = result.contains("libpulse") ? " (install the Debian package libpulse0)" : "";
        return "webrtc-java native library does not load: " + result + hint;
    }

    private static String runProbe() throws IOException, InterruptedException
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Path argFile = Files.createTempFile("avatar-webrtc-probe", ".args");
        try
        {
            // Class path through an @argfile: it can be longer than a command line should be.
            Files.writeString(argFile, "-cp\n\"" + System.getProperty("java.class.path").replace("\\", "\\\\")
                + "\"\n", StandardCharsets.UTF_8);
            final Process p = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "@" + argFile, WebRtcLoadProbe.class.getName())).redirectErrorStream(true).start();
            final String out;
            try (InputStream in = p.getInputStream())
            {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return "ERROR the probe did not finish in " + TIMEOUT_SECONDS + " s";
            }
            for (final String line : out.split("\n"))
            {
                if ("OK".equals(line.strip()) || line.startsWith("ERROR"))
                {
                    return line.strip();
                }
            }
            return "ERROR the probe JVM exited with status " + p.exitValue() + ": " + out.strip();
        }
        finally
        {
            Files.deleteIfExists(argFile);
        }
    }
}
