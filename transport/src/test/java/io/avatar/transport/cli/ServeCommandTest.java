package io.avatar.transport.cli;

import io.avatar.engine.cli.AvatarMain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code avatar serve} is registered, validates its options, and refuses to start without an engine service
 * instead of falling back to anything.
 */
class ServeCommandTest
{
    @Test
    void shouldBeRegisteredAndFindTheEngineService()
    {
        assertTrue(AvatarMain.commands().containsKey("serve"));
        final io.avatar.transport.api.AvatarService service = ServeCommand.findService();
        assertEquals("io.avatar.transport.service.EngineAvatarService", service.getClass().getName());
        assertTrue(service.stylePresets().contains("neutral"));
    }

    @Test
    void shouldRejectBadOptionsWithUsage()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, AvatarMain.run(List.of("serve", "--port", "99999"), o, e));
        assertEquals(1, AvatarMain.run(List.of("serve", "--codec", "MPEG2", "--token", "cli-test-token-0123456789"), o, e));
        assertEquals(1, AvatarMain.run(List.of("serve", "--ice-server", "http://x", "--token",
            "cli-test-token-0123456789"), o, e));
        assertEquals(2, AvatarMain.run(List.of("serve", "--bogus", "1"), o, e));
        assertEquals(2, AvatarMain.run(List.of("serve", "--max-streams", "0"), o, e));
        assertEquals(2, AvatarMain.run(List.of("serve", "--stream-dir", "pom.xml", "--token",
            "cli-test-token-0123456789"), o, e), err.toString(StandardCharsets.UTF_8));
        final String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--port must be in"), text);
        assertTrue(text.contains("MPEG2"), text);
        assertTrue(text.contains("stun:"), text);
        assertTrue(text.contains("unknown option --bogus"), text);
        assertTrue(text.contains("--max-streams must be in"), text);
        assertTrue(text.contains("--stream-dir pom.xml is not a directory"), text);
    }
}
