package io.avatar.engine.cli;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.kernels.dsp.LogMel80;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturesCommandTest
{
    /** The committed 8 kHz telephone-band clip and where its inserted silences are (models/testdata/audio). */
    private static final Path SPEECH_8K =
        Path.of(System.getProperty("avatar.repo.dir", "..")).resolve("models/testdata/audio/speech_8k.wav");
    /** Phrase intervals in ms, from make_speech_8k.sh: 0.6 s lead, phrases of 3.760, 2.770, 1.680 s, gaps 1.2, 1.0. */
    private static final long[][] PHRASES = {{600, 4360}, {5560, 8330}, {9330, 11010}};

    @TempDir
    Path dir;

    private static String[] run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = AvatarMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    private static List<long[]> segments(final String out)
    {
        final List<long[]> segments = new ArrayList<>();
        final Matcher m = Pattern.compile("(?m)^  (\\d+)-(\\d+)$").matcher(out);
        while (m.find())
        {
            segments.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return segments;
    }

    private static float[] decode(final Path file) throws Exception
    {
        try (AudioFileDecoder d = AudioFileDecoder.open(file))
        {
            final float[] all = new float[1 << 20];
            int n = 0;
            int r;
            while ((r = d.read(all, n, all.length - n)) > 0)
            {
                n += r;
            }
            return java.util.Arrays.copyOf(all, n);
        }
    }

    @Test
    void shouldGive100FramesPerSecondAndSpeechSegmentsOnReal8kSpeech() throws Exception
    {
        final Path npy = dir.resolve("speech.npy");
        final String[] r = run("features", "--audio", SPEECH_8K.toString(), "--out", npy.toString());
        assertEquals("0", r[0], r[2] + r[1]);
        System.out.println(r[1]);

        // 11.8105 s at 8 kHz = 94484 samples -> 188968 at 16 kHz -> (188968 - 400) / 160 + 1 frames.
        final float[] x = decode(SPEECH_8K);
        assertEquals(2 * 94_484, x.length, 2);
        final long frames = LogMel80.frameCount(x.length);
        assertTrue(r[1].contains("frames: " + frames + " log-mel x 80"), r[1]);
        assertTrue(r[1].contains("frame rate: 100 frames/s"), r[1]);

        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
        final String header = new String(b.array(), 10, 118, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (" + frames + ", 80)"), header);
        assertEquals(128 + frames * 80 * 4, b.capacity());

        // Voice activity: every voiced 32 ms chunk (RMS > 0.01, the noise floor is ~0.002) is inside a segment,
        // and no segment reaches into the middle of an inserted silence.
        final List<long[]> segments = segments(r[1]);
        assertTrue(segments.size() >= 3, "at least one segment per phrase: " + r[1]);
        for (final long[] s : segments)
        {
            boolean inPhrase = false;
            for (final long[] p : PHRASES)
            {
                inPhrase |= s[0] >= p[0] - 150 && s[1] <= p[1] + 150;
            }
            assertTrue(inPhrase, "segment " + s[0] + "-" + s[1] + " lies within a phrase (inserted silences: "
                + "0-600, 4360-5560, 8330-9330, 11010-11810 ms)");
        }
        for (final long[] p : PHRASES)
        {
            assertTrue(segments.stream().anyMatch(s -> s[0] < p[1] && s[1] > p[0]), "phrase " + p[0] + " found");
        }
        int voiced = 0;
        int covered = 0;
        for (int c = 0; (c + 1) * 512 <= x.length; c++)
        {
            double e = 0;
            for (int i = c * 512; i < (c + 1) * 512; i++)
            {
                e += x[i] * x[i];
            }
            if (Math.sqrt(e / 512) > 0.01)
            {
                voiced++;
                final long mid = (c * 512 + 256) / 16;
                covered += segments.stream().anyMatch(s -> mid >= s[0] && mid < s[1]) ? 1 : 0;
            }
        }
        assertTrue(voiced > 80, "voiced chunks " + voiced);
        assertTrue(covered >= 0.95 * voiced, "voiced chunks inside speech segments: " + covered + "/" + voiced);
    }

    @Test
    void shouldWriteMfccCsvWithWindowCentreTimes() throws Exception
    {
        final Path csv = dir.resolve("speech.csv");
        final String[] r = run("features", "--audio", SPEECH_8K.toString(), "--out", csv.toString(), "--mfcc",
            "--no-vad");
        assertEquals("0", r[0], r[2] + r[1]);
        final List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("t_ms,c0,c1,") && lines.get(0).endsWith(",c12"), lines.get(0));
        assertTrue(lines.get(1).startsWith("12.5,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("22.5,"), lines.get(2));
        assertEquals(14, lines.get(1).split(",").length);
        assertTrue(r[1].contains("speech segments: not computed"), r[1]);
    }

    @Test
    void shouldFailClearlyOnBadInput() throws Exception
    {
        final Path empty = Files.createFile(dir.resolve("empty.wav"));
        final String[] r = run("features", "--audio", empty.toString(), "--out", dir.resolve("x.npy").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("empty.wav") && r[2].contains("empty (0 bytes)"), r[2]);
        final String[] bad = run("features", "--audio", SPEECH_8K.toString(), "--out", dir.resolve("x.txt").toString());
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains(".npy or .csv"), bad[2]);
    }
}
