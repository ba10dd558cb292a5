package io.avatar.engine.eval;

import io.avatar.engine.cli.AvatarMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trained decoder against the named HeadAudio baseline on speech of a voice never used in training (Festival
 * ked, models/testdata/heldout), through the CLI a user runs: {@code avatar motion} then
 * {@code avatar eval motion --reference ... --baseline}. The decoder must win on M-LMD, lag and p/b/m closure.
 */
class HeldOutDecoderVsBaselineTest
{
    @TempDir
    Path tmp;

    private static String[] row(final String table, final String metric)
    {
        for (final String line : table.split("\n"))
        {
            if (line.startsWith("| " + metric))
            {
                final String[] cells = line.split("\\|");
                return new String[] {cells[2].trim(), cells[3].trim()};
            }
        }
        throw new AssertionError("no row '" + metric + "' in\n" + table);
    }

    private static double num(final String cell)
    {
        return Double.parseDouble(cell.split(" ")[0].replace(";", ""));
    }

    @Test
    void shouldBeatTheBaselineOnHeldOutSpeech() throws Exception
    {
        final Path dir = Path.of(System.getProperty("avatar.repo.dir", ".")).resolve("models/testdata/heldout");
        for (final String clip : List.of("ked_bob", "ked_move", "ked_fish"))
        {
            final Path motion = tmp.resolve(clip + ".json");
            final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertEquals(0, AvatarMain.run(List.of("motion", "--audio", dir.resolve(clip + ".wav").toString(),
                "--out", motion.toString()), quiet, quiet));
            final Path summary = tmp.resolve(clip + ".md");
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, AvatarMain.run(List.of("eval", "motion", "--audio", dir.resolve(clip + ".wav").toString(),
                "--lab", dir.resolve(clip + ".lab").toString(), "--reference",
                dir.resolve(clip + ".ref.json").toString(), "--motion", motion.toString(), "--baseline", "--out",
                summary.toString()), quiet, new PrintStream(err, true, StandardCharsets.UTF_8)),
                err.toString(StandardCharsets.UTF_8));
            final String table = Files.readString(summary);
            System.out.println(clip + "\n" + table);
            final String[] mlmd = row(table, "M-LMD");
            final String[] lag = row(table, "lip-sync vs reference mouth: best lag");
            final String[] closure = row(table, "p/b/m closure AUC vs other speech phones");
            assertTrue(num(mlmd[0]) < num(mlmd[1]), clip + " M-LMD: " + mlmd[0] + " vs " + mlmd[1]);
            assertTrue(Math.abs(num(lag[0])) <= 40 && Math.abs(num(lag[0])) < Math.abs(num(lag[1])),
                clip + " lag: " + lag[0] + " vs " + lag[1]);
            assertTrue(num(closure[0]) > num(closure[1]) && num(closure[0]) > 0.85,
                clip + " closure: " + closure[0] + " vs " + closure[1]);
        }
    }
}
