package io.avatar.models.baseline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadAudioModelTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldLoadTheShippedModelWithItsPhonemesAndVisemes() throws IOException
    {
        final HeadAudioModel m = TestData.model();
        assertEquals(39, m.size());
        assertEquals(368, HeadAudioModel.RECORD_BYTES);
        int silence = 0;
        for (int p = 0; p < m.size(); p++)
        {
            final String ph = m.phoneme(p);
            final int expected = switch (ph)
            {
                case "p", "b", "m" -> OculusViseme.PP.headAudioId();
                case "f", "v" -> OculusViseme.FF.headAudioId();
                case "ɑ", "æ", "ʌ" -> OculusViseme.aa.headAudioId();
                case "u", "w", "ʊ" -> OculusViseme.U.headAudioId();
                case "s1" -> OculusViseme.sil.headAudioId();
                default -> -1;
            };
            if (expected >= 0)
            {
                assertEquals(expected, m.viseme(p), "viseme of /" + ph + "/");
            }
            silence += m.viseme(p) == HeadAudioClassifier.SIL ? 1 : 0;
        }
        assertEquals(1, silence);
        // First record, checked by hand against the bytes: /ð/, viseme TH, mu[0] = -0.16064581, inv[0] = 1.9005206.
        assertEquals("ð", m.phoneme(0));
        assertEquals(OculusViseme.TH.headAudioId(), m.viseme(0));
        assertEquals(-0.16064581f, m.mu(0, 0), 0f);
        assertEquals(1.9005206f, m.sigmaInvLower(0, 0), 0f);
    }

    @Test
    void shouldRejectATruncatedFileNamingIt() throws IOException
    {
        final Path f = tmp.resolve("short.bin");
        Files.write(f, new byte[HeadAudioModel.RECORD_BYTES + 7]);
        final IOException ex = assertThrows(IOException.class, () -> HeadAudioModel.load(f));
        assertTrue(ex.getMessage().contains("short.bin") && ex.getMessage().contains("368"), ex.getMessage());
        final IOException empty = assertThrows(IOException.class, () -> HeadAudioModel.parse(new byte[0], "x"));
        assertTrue(empty.getMessage().contains("0 bytes"), empty.getMessage());
        final IOException missing = assertThrows(IOException.class, () -> HeadAudioModel.load(tmp.resolve("no.bin")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void shouldRejectNonFiniteNumbersBadVisemesAndWrongByteOrder() throws IOException
    {
        final byte[] good = Files.readAllBytes(TestData.model().origin().transform(Path::of));
        final byte[] nan = good.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(HeadAudioModel.RECORD_BYTES + 8 + 4 * 3,
            Float.NaN);
        final IOException a = assertThrows(IOException.class, () -> HeadAudioModel.parse(nan, "nan.bin"));
        assertTrue(a.getMessage().contains("nan.bin") && a.getMessage().contains("record 1")
            && a.getMessage().contains("mu[3]"), a.getMessage());

        final byte[] viseme = good.clone();
        viseme[2 * HeadAudioModel.RECORD_BYTES + 7] = 15;
        final IOException b = assertThrows(IOException.class, () -> HeadAudioModel.parse(viseme, "v.bin"));
        assertTrue(b.getMessage().contains("viseme id 15"), b.getMessage());

        // Floats read big-endian instead of little-endian: the inverse-covariance diagonal check catches it.
        final byte[] swapped = good.clone();
        for (int i = 8; i < HeadAudioModel.RECORD_BYTES; i += 4)
        {
            final byte t0 = swapped[i];
            final byte t1 = swapped[i + 1];
            swapped[i] = swapped[i + 3];
            swapped[i + 1] = swapped[i + 2];
            swapped[i + 2] = t1;
            swapped[i + 3] = t0;
        }
        assertThrows(IOException.class, () -> HeadAudioModel.parse(swapped, "swapped.bin"));
    }
}
