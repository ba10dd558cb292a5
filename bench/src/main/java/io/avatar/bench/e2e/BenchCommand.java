package io.avatar.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.engine.cli.CliArgs;
import io.avatar.engine.cli.CliCommand;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code avatar bench e2e --sessions N --seconds S [--size 512] [--fps 25] [--find-max] [--out DIR]}.
 */
public final class BenchCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "bench";
    }

    @Override
    public String summary()
    {
        return "end-to-end harness: N live sessions of real speech, latency p50/p99/max, misses, CPU, memory";
    }

    @Override
    public String usage()
    {
        return "e2e [--sessions 1] [--seconds 20] [--size 512] [--fps 25] [--find-max] [--max-sessions 16] "
            + "[--audio F] [--out bench/out]\n"
            + "--find-max  run N = 1, 2, ... and report the largest N with at most 1% late frames and p99 lag within "
            + "the algorithmic latency + 250 ms";
    }

    @Override
    public java.util.Set<String> flags()
    {
        return java.util.Set.of("find-max");
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        if (args.positional().size() != 1 || !"e2e".equals(args.positional().get(0)))
        {
            throw new CliArgs.UsageException("expected: avatar bench e2e [options]");
        }
        final int sessions = args.intOption("sessions", 1, 1, 256);
        final int seconds = args.intOption("seconds", 20, 2, 3600);
        final int size = args.frameSize();
        final int fps = args.videoFps();
        final boolean findMax = args.flag("find-max");
        final int maxSessions = args.intOption("max-sessions", 16, 1, 256);
        final String audio = args.option("audio", null);
        final Path outDir = args.path("out", Path.of("bench", "out"));
        args.rejectUnknown();
        final float[] speech = load(audio);
        Files.createDirectories(outDir);

        final List<E2eRun.Result> results = new ArrayList<>();
        int best = 0;
        if (findMax)
        {
            for (int n = 1; n <= maxSessions; n++)
            {
                final E2eRun.Result r = E2eRun.run(speech, n, seconds, size, fps);
                results.add(r);
                err.println(r.line());
                if (!r.sustained())
                {
                    break;
                }
                best = n;
            }
        }
        else
        {
            final E2eRun.Result r = E2eRun.run(speech, sessions, seconds, size, fps);
            results.add(r);
            best = r.sustained() ? sessions : 0;
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
            + ", JDK " + Runtime.version());
        json.put("date", java.time.LocalDate.now().toString());
        json.put("command", "avatar bench e2e " + String.join(" ", argsEcho(sessions, seconds, size, fps, findMax)));
        json.put("largestSustainedSessions", best);
        json.put("runs", results);
        final Path jsonFile = outDir.resolve("e2e.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), json);
        plot(results, outDir.resolve("e2e.png"));
        for (final E2eRun.Result r : results)
        {
            out.println(r.line());
        }
        out.println("largest sustained sessions: " + best + " (" + size + "x" + size + " @ " + fps + " fps); wrote "
            + jsonFile + " and " + outDir.resolve("e2e.png"));
        return 0;
    }

    private static List<String> argsEcho(final int n, final int s, final int size, final int fps, final boolean max)
    {
        final List<String> a = new ArrayList<>(List.of(max ? "--find-max" : "--sessions " + n, "--seconds " + s,
            "--size " + size, "--fps " + fps));
        return a;
    }

    private static float[] load(final String audio) throws Exception
    {
        Path file;
        boolean temp = false;
        if (audio == null)
        {
            file = Files.createTempFile("avatar-bench", ".wav");
            temp = true;
            try (InputStream in = BenchCommand.class.getResourceAsStream(
                "/io/avatar/models/samples/sample_speech.wav"))
            {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        else
        {
            file = Path.of(audio);
        }
        try (AudioFileDecoder d = AudioFileDecoder.open(file))
        {
            float[] buf = new float[16_000 * 10];
            int n = 0;
            int r;
            while ((r = d.read(buf, n, buf.length - n)) > 0)
            {
                n += r;
                if (n == buf.length)
                {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return Arrays.copyOf(buf, n);
        }
        finally
        {
            if (temp)
            {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void plot(final List<E2eRun.Result> results, final Path png) throws Exception
    {
        final E2eRun.Result r = results.get(results.size() - 1);
        final int w = 900;
        final int h = 420;
        final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString("latency by stage (event age on arrival) and end to end, " + r.sessions() + " session(s), "
                + r.size() + "px @ " + r.fps() + " fps", 20, 25);
            final List<String> names = new ArrayList<>(r.stages().keySet());
            names.add("end-to-end");
            double max = 1;
            for (final String n : names)
            {
                final Map<String, Object> m = "end-to-end".equals(n) ? r.e2e() : r.stages().get(n);
                max = Math.max(max, ((Number)m.get("p99Ms")).doubleValue());
            }
            final int base = h - 50;
            final int slot = (w - 60) / names.size();
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i < names.size(); i++)
            {
                final Map<String, Object> m = "end-to-end".equals(names.get(i)) ? r.e2e() : r.stages().get(names.get(i));
                final double p50 = ((Number)m.get("p50Ms")).doubleValue();
                final double p99 = ((Number)m.get("p99Ms")).doubleValue();
                final int x = 40 + i * slot;
                final int h50 = (int)((base - 60) * p50 / max);
                final int h99 = (int)((base - 60) * p99 / max);
                g.setColor(new Color(0x3060C0));
                g.fillRect(x, base - h50, slot / 3, h50);
                g.setColor(new Color(0xE07030));
                g.fillRect(x + slot / 3, base - h99, slot / 3, h99);
                g.setColor(Color.BLACK);
                g.drawString(names.get(i), x, base + 15);
                g.drawString(String.format(Locale.ROOT, "%.1f/%.1f", p50, p99), x, base - h99 - 4);
            }
            g.drawString("blue: p50 ms, orange: p99 ms", 20, h - 15);
        }
        finally
        {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }
}
