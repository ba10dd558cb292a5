package io.avatar.engine.cli;

import io.avatar.models.eval.LipSync;
import io.avatar.models.eval.MotionSeries;
import io.avatar.models.eval.PhoneAlignment;
import io.avatar.models.eval.PoseSimilarity;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * PNG plots of {@code avatar eval} (Java2D): mouth opening over time against the speech envelope with the phone
 * segments, style-code bars per rig group, and Euler-angle histograms. Main thread of the CLI.
 */
final class EvalPlots
{
    /** One labelled series to draw. */
    record Series(String label, MotionSeries motion, Color colour)
    {
    }

    static final Color MOTION = new Color(0x2060D0);
    static final Color BASELINE = new Color(0xE07010);
    static final Color REFERENCE = new Color(0x20A040);
    private static final Color GRID = new Color(0xDDDDDD);

    private EvalPlots()
    {
    }

    /**
     * Mouth opening of each series (left axis, 0..1) over the speech envelope (grey, dB scaled to the plot height),
     * phone labels underneath with p/b/m shaded.
     */
    static void mouth(final Path out, final String title, final float[] pcm16k, final PhoneAlignment phones,
        final List<Series> series) throws IOException
    {
        final double duration = pcm16k.length / 16_000.0;
        final int w = Math.max(1100, Math.min(4000, (int)(duration * 300)));
        final int h = 480;
        final int left = 60;
        final int right = w - 20;
        final int top = 80;
        final int base = 360;
        final BufferedImage img = canvas(w, h);
        final Graphics2D g = graphics(img);
        try
        {
            title(g, title, 20, 25);
            final double sx = (right - left) / duration;
            if (phones != null)
            {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                for (final PhoneAlignment.Segment s : phones.segments())
                {
                    final int x0 = left + (int)(s.start() * sx);
                    final int x1 = left + (int)(Math.min(s.end(), duration) * sx);
                    if (PhoneAlignment.BILABIAL.contains(s.phone()))
                    {
                        g.setColor(new Color(0xFFE0E0));
                        g.fillRect(x0, top, x1 - x0, base - top);
                    }
                    g.setColor(GRID);
                    g.drawLine(x0, top, x0, base + 30);
                    g.setColor(PhoneAlignment.BILABIAL.contains(s.phone()) ? new Color(0xC00000) : Color.DARK_GRAY);
                    g.drawString(s.phone(), (x0 + x1) / 2 - 6, base + 22);
                }
            }
            // Envelope at 100 frames per second for a smooth outline.
            final int envFrames = (int)(duration * 100) + 1;
            final double[] env = LipSync.envelopeDb(pcm16k, 100, envFrames);
            double max = Double.NEGATIVE_INFINITY;
            for (final double e : env)
            {
                max = Math.max(max, e);
            }
            final Path2D.Double poly = new Path2D.Double();
            poly.moveTo(left, base);
            for (int k = 0; k < envFrames; k++)
            {
                final double v = (env[k] - (max - LipSync.FLOOR_DB)) / LipSync.FLOOR_DB;
                poly.lineTo(left + k / 100.0 * sx, base - v * (base - top));
            }
            poly.lineTo(left + (envFrames - 1) / 100.0 * sx, base);
            poly.closePath();
            g.setColor(new Color(0xC8C8C8));
            g.fill(poly);
            axes(g, left, right, top, base, duration);
            g.setStroke(new BasicStroke(2f));
            int ly = 42;
            int lx = left;
            for (final Series s : series)
            {
                final double[] o = LipSync.mouthOpening(s.motion());
                final Path2D.Double line = new Path2D.Double();
                for (int k = 0; k < o.length; k++)
                {
                    final double x = left + k / s.motion().fps() * sx;
                    final double y = base - o[k] * (base - top);
                    if (k == 0)
                    {
                        line.moveTo(x, y);
                    }
                    else
                    {
                        line.lineTo(x, y);
                    }
                }
                g.setColor(s.colour());
                g.draw(line);
                lx = legend(g, s.colour(), s.label() + " mouth opening", lx, ly);
            }
            // The level and p/b/m keys go on a second line: with three series the first is full.
            lx = left;
            ly += 20;
            lx = legend(g, new Color(0xA0A0A0), "speech level (dB, " + (int)LipSync.FLOOR_DB + " dB range)", lx, ly);
            if (phones != null)
            {
                legend(g, new Color(0xFFB0B0), "p/b/m segments (phone alignment)", lx, ly);
            }
            g.setColor(Color.BLACK);
            g.drawString("time (s)", (left + right) / 2, h - 20);
        }
        finally
        {
            g.dispose();
        }
        save(img, out);
    }

    /** Draws a colour key and its text at (x, y); returns the x after it. */
    private static int legend(final Graphics2D g, final Color colour, final String text, final int x, final int y)
    {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(colour);
        g.fillRect(x, y - 9, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 18, y);
        return x + 18 + g.getFontMetrics().stringWidth(text) + 30;
    }

    private static void axes(final Graphics2D g, final int left, final int right, final int top, final int base,
        final double duration)
    {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= 4; i++)
        {
            final int y = base - i * (base - top) / 4;
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), left - 35, y + 4);
        }
        final double step = duration > 8 ? 1 : duration > 3 ? 0.5 : 0.25;
        for (double t = 0; t <= duration + 1e-9; t += step)
        {
            final int x = left + (int)(t / duration * (right - left));
            g.setColor(Color.BLACK);
            g.drawLine(x, base, x, base + 4);
            g.drawString(String.format(Locale.ROOT, "%.2f", t), x - 12, base + 40);
        }
        g.drawLine(left, base, right, base);
        g.drawLine(left, top, left, base);
    }

    /** Style-code bars: mean std per rig group (expression, expression velocity) and pose velocity per axis. */
    static void style(final Path out, final String title, final List<String> labels, final List<StyleCode> codes,
        final List<Color> colours) throws IOException
    {
        final int w = 1100;
        final int h = 900;
        final BufferedImage img = canvas(w, h);
        final Graphics2D g = graphics(img);
        try
        {
            title(g, title, 20, 25);
            int lx = 20;
            for (int i = 0; i < labels.size(); i++)
            {
                lx = legend(g, colours.get(i), labels.get(i), lx, 50);
            }
            final double[][] expr = new double[codes.size()][];
            final double[][] vel = new double[codes.size()][];
            final double[][] pose = new double[codes.size()][HeadPose.SIZE];
            for (int i = 0; i < codes.size(); i++)
            {
                expr[i] = StyleChart.groups(codes.get(i), StyleCode.WEIGHT_STD);
                vel[i] = StyleChart.groups(codes.get(i), StyleCode.WEIGHT_VELOCITY_STD);
                for (int d = 0; d < HeadPose.SIZE; d++)
                {
                    pose[i][d] = codes.get(i).get(StyleCode.POSE_VELOCITY_STD + d);
                }
            }
            bars(g, "expression std (mean per rig group)", StyleChart.GROUPS, expr, colours, 20, 85, 1050, 260);
            bars(g, "expression velocity std (mean per rig group, per frame)", StyleChart.GROUPS, vel, colours, 20,
                365, 1050, 260);
            bars(g, "head pose velocity std (rad or cm per frame)", MotionSeries.POSE_NAMES.toArray(new String[0]),
                pose, colours, 20, 645, 1050, 250);
        }
        finally
        {
            g.dispose();
        }
        save(img, out);
    }

    private static void bars(final Graphics2D g, final String title, final String[] labels, final double[][] values,
        final List<Color> colours, final int x, final int y, final int w, final int h)
    {
        double max = 1e-9;
        for (final double[] v : values)
        {
            for (final double d : v)
            {
                max = Math.max(max, d);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        final int top = y + 20;
        final int base = y + h - 25;
        g.drawLine(x, base, x + w, base);
        final int slot = w / labels.length;
        final int bar = Math.max(4, (slot - 16) / values.length);
        for (int i = 0; i < labels.length; i++)
        {
            final int sx = x + i * slot + 8;
            for (int s = 0; s < values.length; s++)
            {
                final int hh = (int)Math.round((base - top) * values[s][i] / max);
                g.setColor(colours.get(s));
                g.fillRect(sx + s * bar, base - hh, bar - 2, hh);
                g.setColor(Color.BLACK);
                if (bar >= 34)
                {
                    g.drawString(String.format(Locale.ROOT, "%.2g", values[s][i]), sx + s * bar, base - hh - 3);
                }
            }
            g.drawString(labels[i], sx, base + 15);
        }
    }

    /** Histograms of pitch, yaw and roll in degrees, one panel per angle, one outline per series. */
    static void pose(final Path out, final String title, final List<Series> series) throws IOException
    {
        final int w = 1200;
        final int h = 420;
        final BufferedImage img = canvas(w, h);
        final Graphics2D g = graphics(img);
        try
        {
            title(g, title, 20, 25);
            final String[] axis = {"pitch", "yaw", "roll"};
            for (int a = 0; a < 3; a++)
            {
                final int x = 20 + a * 395;
                final int top = 80;
                final int base = 350;
                final int pw = 370;
                double max = 1e-9;
                final double[][] hist = new double[series.size()][];
                for (int s = 0; s < series.size(); s++)
                {
                    hist[s] = PoseSimilarity.histogram(series.get(s).motion(), a);
                    for (final double v : hist[s])
                    {
                        max = Math.max(max, v);
                    }
                }
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                g.setColor(Color.BLACK);
                g.drawString(axis[a] + " (degrees)", x + pw / 2 - 40, top - 10);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.drawLine(x, base, x + pw, base);
                for (int d = (int)PoseSimilarity.LOW_DEG; d <= PoseSimilarity.HIGH_DEG; d += 10)
                {
                    final int tx = x + (int)((d - PoseSimilarity.LOW_DEG) / (PoseSimilarity.HIGH_DEG
                        - PoseSimilarity.LOW_DEG) * pw);
                    g.drawLine(tx, base, tx, base + 4);
                    g.drawString(Integer.toString(d), tx - 8, base + 16);
                }
                g.drawString(String.format(Locale.ROOT, "%.2f", max), x, top + 4);
                g.setStroke(new BasicStroke(2f));
                for (int s = 0; s < series.size(); s++)
                {
                    final Path2D.Double line = new Path2D.Double();
                    final double bw = (double)pw / PoseSimilarity.BINS;
                    line.moveTo(x, base);
                    for (int b = 0; b < PoseSimilarity.BINS; b++)
                    {
                        final double y = base - hist[s][b] / max * (base - top);
                        line.lineTo(x + b * bw, y);
                        line.lineTo(x + (b + 1) * bw, y);
                    }
                    line.lineTo(x + pw, base);
                    g.setColor(series.get(s).colour());
                    g.draw(line);
                }
                g.setStroke(new BasicStroke(1f));
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.BLACK);
            g.drawString("1-degree bins over " + (int)PoseSimilarity.LOW_DEG + ".." + (int)PoseSimilarity.HIGH_DEG
                + " degrees (outside: end bins); height = fraction of frames", 20, h - 20);
            int lx = 20;
            for (final Series s : series)
            {
                lx = legend(g, s.colour(), s.label(), lx, 50);
            }
        }
        finally
        {
            g.dispose();
        }
        save(img, out);
    }

    private static BufferedImage canvas(final int w, final int h)
    {
        final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(final BufferedImage img)
    {
        final Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static void title(final Graphics2D g, final String text, final int x, final int y)
    {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(text, x, y);
    }

    private static void save(final BufferedImage img, final Path out) throws IOException
    {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", out.toFile()))
        {
            throw new IOException("no PNG writer available for " + out);
        }
    }
}
