package io.avatar.engine.cli;

import io.avatar.models.eval.MotionSeries;
import io.avatar.models.eval.PhoneAlignment;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code avatar eval} end to end on the committed Festival clips (models/testdata/audio) and the HeadAudio baseline. */
class EvalCommandTest
{
    private static final Path AUDIO = Path.of(System.getProperty("avatar.repo.dir", "..")).resolve(
        "models/testdata/audio");

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

    /** The numbers of one table row, one per column (n/a as NaN; a trailing "(...)" note is dropped). */
    private static double[] row(final String md, final String metric)
    {
        final Matcher m = Pattern.compile("(?m)^\\| " + Pattern.quote(metric) + " \\|(.*)\\|$").matcher(md);
        assertTrue(m.find(), "row '" + metric + "' in\n" + md);
        final String[] cells = m.group(1).split("\\|");
        final double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++)
        {
            final String c = cells[i].trim().split("[ ;]")[0];
            v[i] = c.equals("n/a") ? Double.NaN : Double.parseDouble(c);
        }
        return v;
    }

    /**
     * An oracle motion made from the phone alignment: jaw open 0.5 in every speech phone except p/b/m (0 there and in
     * pauses), a slow nod; with a given nod amplitude.
     */
    private static MotionSeries oracle(final PhoneAlignment phones, final double nodRad)
    {
        final int n = (int)Math.round(phones.duration() * 25) + 1;
        final float[] w = new float[n * ArkitBlendshape.COUNT];
        final float[] p = new float[n * HeadPose.SIZE];
        for (int k = 0; k < n; k++)
        {
            final String ph = phones.phoneAt(k / 25.0);
            final boolean open = ph != null && !PhoneAlignment.isSilence(ph) && !PhoneAlignment.BILABIAL.contains(ph);
            w[k * ArkitBlendshape.COUNT + ArkitBlendshape.jawOpen.ordinal()] = open ? 0.5f : 0f;
            p[k * HeadPose.SIZE + HeadPose.PITCH] = (float)(nodRad * Math.sin(k * 0.3));
            p[k * HeadPose.SIZE + HeadPose.YAW] = (float)(0.5 * nodRad * Math.sin(k * 0.17));
        }
        return new MotionSeries(25, w, p);
    }

    private static void assertPng(final Path png) throws Exception
    {
        final BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is a PNG");
        assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 400, png + " size");
    }

    @Test
    void shouldPrintMotionAndBaselineSideBySideWithPlots() throws Exception
    {
        final PhoneAlignment phones = PhoneAlignment.readLab(AUDIO.resolve("papa.lab"));
        final Path motion = dir.resolve("m.json");
        final Path reference = dir.resolve("ref.csv");
        oracle(phones, 0.1).write(motion);
        oracle(phones, 0.2).write(reference);
        final Path summary = dir.resolve("summary.md");
        final Path plots = dir.resolve("plots");
        final String[] r = run("eval", "motion", "--audio", AUDIO.resolve("papa.wav").toString(), "--lab",
            AUDIO.resolve("papa.lab").toString(), "--reference", reference.toString(), "--motion", motion.toString(),
            "--baseline", "--out", summary.toString(), "--plots", plots.toString());
        assertEquals("0", r[0], r[2] + r[1]);
        System.out.println(r[1]);
        assertEquals(r[1], Files.readString(summary));
        assertTrue(r[1].contains("| metric | motion | baseline (HeadAudio) |"), r[1]);
        final double[] auc = row(r[1], "p/b/m closure AUC vs other speech phones");
        assertEquals(1.0, auc[0], "the oracle separates p/b/m perfectly");
        assertTrue(auc[1] > 0.5 && auc[1] <= 1, "baseline closure AUC " + auc[1]);
        final double[] mae = row(r[1], "mouth-weight MAE (jaw* + mouth*, 27 weights)");
        assertEquals(0.0, mae[0], 1e-9, "same mouth as the reference");
        assertTrue(mae[1] > 0 && mae[1] < 1);
        final double[] hs = row(r[1], "HS mean (pitch / yaw / roll)");
        assertTrue(hs[0] > 0.5 && hs[0] < 1 && hs[1] > 0 && hs[1] < hs[0], "HS " + hs[0] + ", " + hs[1]);
        final double[] smd = row(r[1], "SMD (jaw* + mouth* weights)");
        assertEquals(0.0, smd[0], 1e-9);
        for (final String metric : new String[] {"lip-sync vs speech level: r at 0 ms",
            "lip-sync vs speech level: r at best lag", "lip-sync vs reference mouth: r at best lag"})
        {
            for (final double v : row(r[1], metric))
            {
                assertTrue(v >= -1 && v <= 1, metric + " " + v);
            }
        }
        assertEquals(1.0, row(r[1], "lip-sync vs reference mouth: r at best lag")[0], 1e-9);
        for (final String png : new String[] {"mouth.png", "style.png", "pose.png"})
        {
            assertPng(plots.resolve(png));
        }
    }

    @Test
    void shouldEvaluateTheBaselineAloneOnTelephoneSpeech() throws Exception
    {
        final String[] r = run("eval", "motion", "--audio", AUDIO.resolve("speech_8k.wav").toString(), "--baseline");
        assertEquals("0", r[0], r[2] + r[1]);
        System.out.println(r[1]);
        final double[] lag = row(r[1], "lip-sync vs speech level: best lag (ms, +-200)");
        assertTrue(Math.abs(lag[0]) <= 200);
        final double[] best = row(r[1], "lip-sync vs speech level: r at best lag");
        assertTrue(best[0] > 0 && best[0] <= 1, "the baseline follows speech somewhat: " + best[0]);
    }

    @Test
    void shouldCompareStylesOfTwoMotionFiles() throws Exception
    {
        final PhoneAlignment phones = PhoneAlignment.readLab(AUDIO.resolve("pop.lab"));
        final Path a = dir.resolve("a.json");
        final Path b = dir.resolve("b.csv");
        oracle(phones, 0.05).write(a);
        oracle(phones, 0.05).write(b);
        final String[] same = run("eval", "style", "--reference", a.toString(), "--motion", b.toString(),
            "--plots", dir.resolve("p").toString());
        assertEquals("0", same[0], same[2] + same[1]);
        assertEquals(0.0, row(same[1], "style-code distance (abs; relative to the reference code norm)")[0], 1e-6);
        assertEquals(1.0, row(same[1], "HS mean (pitch / yaw / roll)")[0], 1e-9);
        assertEquals(0.0, row(same[1], "SLD (rig: 52 weights + 3 angles)")[0], 1e-6);
        assertPng(dir.resolve("p/style.png"));
        assertPng(dir.resolve("p/pose.png"));
        oracle(phones, 0.3).write(b);
        final String[] other = run("eval", "style", "--reference", a.toString(), "--motion", b.toString());
        assertTrue(row(other[1], "style-code distance (abs; relative to the reference code norm)")[0] > 0.01, other[1]);
        assertTrue(row(other[1], "HS mean (pitch / yaw / roll)")[0] < 1.0, other[1]);
    }

    @Test
    void shouldRefuseToRunWithoutAnythingToEvaluate()
    {
        final String[] r = run("eval", "motion", "--audio", AUDIO.resolve("papa.wav").toString());
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("--motion"), r[2]);
        final String[] bad = run("eval", "motion", "--audio", AUDIO.resolve("papa.wav").toString(), "--motion",
            dir.resolve("missing.json").toString());
        assertNotEquals("0", bad[0]);
        assertTrue(bad[2].contains("missing.json"), bad[2]);
    }
}
