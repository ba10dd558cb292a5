package io.avatar.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.engine.cli.AvatarMain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI as a user meets it: dispatch, usage errors and {@code doctor --json}, with every module on the class path.
 */
class AvatarCliTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return AvatarMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectAnUnknownCommandWithUsage()
    {
        assertEquals(2, run("fly"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'fly'"));
    }

    @Test
    void shouldRejectAnUnknownOption()
    {
        assertEquals(2, run("doctor", "--jsno"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --jsno"),
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldListCommands()
    {
        assertEquals(0, run("help"));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("setup") && text.contains("doctor"), text);
    }

    @Test
    void shouldPrintDoctorReportAsOneJsonObject() throws Exception
    {
        run("setup");
        out.reset();
        final int status = run("doctor", "--json");
        final JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertTrue(json.path("jdk").path("feature").asInt() >= 21);
        for (final String section : new String[] {"assets", "onnxruntime", "tensorflowLite", "ffmpeg", "webrtc", "gpu"})
        {
            assertFalse(json.path(section).isMissingNode(), "missing section " + section);
        }
        assertTrue(json.path("onnxruntime").path("loads").asBoolean());
        assertTrue(json.path("tensorflowLite").path("loads").asBoolean());
        assertTrue(json.path("ffmpeg").path("encoders").path("aac").asBoolean());
        assertTrue(json.path("webrtc").path("loads").asBoolean(), json.path("webrtc").toString());
        final boolean gpu = json.path("gpu").path("available").asBoolean();
        assertTrue(gpu || json.path("gpu").path("cause").asText().length() > 10, "GPU absent without a reason");
        assertEquals(0, status, json.path("problems").toString());
        assertTrue(json.path("cpuModeUsable").asBoolean());
        // the thread counts a live engine would use on this machine (half the cores render, at least one)
        final int cores = json.path("engine").path("cores").asInt();
        assertEquals(Math.max(1, Math.min(16, cores / 2)), json.path("engine").path("liveRenderThreads").asInt(),
            json.path("engine").toString());
        assertEquals(1, json.path("engine").path("liveFeatureThreads").asInt());
    }
}
