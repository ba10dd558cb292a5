package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionSeriesTest
{
    @TempDir
    Path dir;

    private static MotionSeries sample()
    {
        return Motions.of(25, 7, (k, d) -> ((k * 31 + d * 7) % 100) / 100.0 * (d >= 52 ? 0.1 : 1));
    }

    @Test
    void shouldRoundTripJsonAndCsvExactly() throws IOException
    {
        final MotionSeries m = sample();
        for (final String name : new String[] {"m.json", "m.csv"})
        {
            final Path f = dir.resolve(name);
            m.write(f);
            final MotionSeries r = MotionSeries.read(f);
            assertEquals(25.0, r.fps());
            assertEquals(7, r.frames());
            assertArrayEquals(m.weights(), r.weights(), name);
            assertArrayEquals(m.pose(), r.pose(), name);
        }
        final String csv = Files.readString(dir.resolve("m.csv"));
        assertTrue(csv.startsWith("# fps=25\nframe,t,eyeBlinkLeft,"), csv.substring(0, 40));
        assertTrue(csv.contains(",tongueOut,pitch,yaw,roll,tx,ty,tz\n"));
    }

    @Test
    void shouldMapColumnsByNameWhateverTheirOrder() throws IOException
    {
        final StringBuilder names = new StringBuilder();
        final StringBuilder row = new StringBuilder();
        for (int d = ArkitBlendshape.COUNT - 1; d >= 0; d--)
        {
            names.append(names.length() == 0 ? "" : ",").append('"').append(ArkitBlendshape.at(d).name()).append('"');
            row.append(row.length() == 0 ? "" : ",").append(d / 100.0);
        }
        final Path f = dir.resolve("r.json");
        Files.writeString(f, "{\"fps\":30,\"names\":[" + names + "],\"weights\":[[" + row + "]]}");
        final MotionSeries m = MotionSeries.read(f);
        assertEquals(30.0, m.fps());
        assertEquals(0.17f, m.weight(0, ArkitBlendshape.jawOpen), 1e-6);
        assertEquals(0f, m.pose(0, HeadPose.YAW));
    }

    @Test
    void shouldNameTheProblemInBadFiles() throws IOException
    {
        final Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"fps\":25,\"names\":[\"jawOpen\"],\"weights\":[[0.1]]}");
        final IOException ex = assertThrows(IOException.class, () -> MotionSeries.read(f));
        assertTrue(ex.getMessage().contains("52 ARKit names"), ex.getMessage());
        final Path g = dir.resolve("bad.csv");
        Files.writeString(g, "frame,t\n1,2\n");
        assertTrue(assertThrows(IOException.class, () -> MotionSeries.read(g)).getMessage().contains("# fps="));
        final Path h = dir.resolve("bad.txt");
        Files.writeString(h, "x");
        assertTrue(assertThrows(IOException.class, () -> MotionSeries.read(h)).getMessage().contains(".json"));
    }

    @Test
    void shouldResampleLinearlyOverTheSameDuration()
    {
        final MotionSeries m = Motions.of(30, 30, (k, d) -> k / 30.0);
        final MotionSeries r = m.resample(25);
        assertEquals(25, r.frames());
        // frame 5 at 25 fps is t = 0.2 s = source frame 6 exactly.
        assertEquals(0.2f, r.weight(5, ArkitBlendshape.jawOpen), 1e-6);
        assertEquals(0.2f, r.pose(5, HeadPose.TZ), 1e-6);
    }
}
