package io.avatar.models.style;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StyleFileTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldRoundTripCodeAndMotion() throws IOException
    {
        final float[] code = new float[StyleCode.SIZE];
        for (int i = 0; i < code.length; i++)
        {
            code[i] = i * 0.001f;
        }
        final StyleFile.MotionClip clip = new StyleFile.MotionClip(2, new float[104], new float[12]);
        clip.weights()[17] = 0.5f;
        final StyleFile s = new StyleFile("test", "made in a test", 25, StyleCode.of(code), clip);
        final Path p = tmp.resolve("s.json");
        s.write(p);
        final StyleFile back = StyleFile.read(p);
        assertEquals("test", back.name());
        assertEquals(25, back.fps());
        assertArrayEquals(code, back.code().toArray());
        assertEquals(0.5f, back.motion().weights()[17]);
        final StyleFile noMotion = StyleFile.parse(
            new StyleFile("n", "", 30, StyleCode.zero(), null).toJson(), "memory");
        assertNull(noMotion.motion());
    }

    @Test
    void shouldNameWhatIsWrongWithABadFile()
    {
        assertMessage("{not json", "not valid JSON");
        assertMessage("[]", "must be a JSON object");
        assertMessage("{\"format\": \"other\"}", "format 'other'");
        assertMessage("{\"format\": \"avatar-style\", \"version\": 9}", "version 9");
        assertMessage("{\"format\": \"avatar-style\", \"version\": 1, \"rig\": \"arkit52-v1\", \"fps\": 24}",
            "fps 24");
        assertMessage("{\"format\": \"avatar-style\", \"version\": 1, \"rig\": \"arkit52-v1\", \"fps\": 25,"
            + " \"code\": [1, 2]}", "array of 110 numbers, got 2");
        final StringBuilder neg = new StringBuilder("{\"format\": \"avatar-style\", \"version\": 1, \"rig\": "
            + "\"arkit52-v1\", \"fps\": 25, \"code\": [-1");
        for (int i = 1; i < StyleCode.SIZE; i++)
        {
            neg.append(",0");
        }
        assertMessage(neg + "]}", "finite std >= 0");
        assertThrows(IOException.class, () -> StyleFile.read(tmp.resolve("absent.json")));
    }

    private static void assertMessage(final String json, final String expected)
    {
        final IOException ex = assertThrows(IOException.class,
            () -> StyleFile.parse(json.getBytes(StandardCharsets.UTF_8), "test.json"));
        assertTrue(ex.getMessage().contains(expected) && ex.getMessage().contains("test.json"), ex.getMessage());
    }
}
