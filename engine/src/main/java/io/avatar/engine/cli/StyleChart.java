package io.avatar.engine.cli;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import io.avatar.models.style.StyleFile;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws a style's statistics as grouped bars (mean std per rig group for expression and expression velocity, and
 * pose velocity per axis) next to the neutral style, to a PNG.
 */
final class StyleChart
{
    /** Rig groups by name prefix, in display order. */
    static final String[] GROUPS = {"jaw", "mouth", "eye", "brow", "cheek", "nose"};
    private static final String[] POSE_AXES = {"pitch", "yaw", "roll", "tx", "ty", "tz"};

    private StyleChart()
    {
    }

    static void write(final StyleFile style, final StyleFile neutral, final Path out) throws IOException
    {
        final int w = 1000;
        final int h = 620;
        final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("style '" + style.name() + "' (blue) vs neutral (grey)", 20, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            final String prov = style.provenance();
            g.drawString(prov.length() > 150 ? prov.substring(0, 150) + "..." : prov, 20, 50);

            final double[] sExpr = groups(style.code(), StyleCode.WEIGHT_STD);
            final double[] nExpr = groups(neutral.code(), StyleCode.WEIGHT_STD);
            final double[] sVel = groups(style.code(), StyleCode.WEIGHT_VELOCITY_STD);
            final double[] nVel = groups(neutral.code(), StyleCode.WEIGHT_VELOCITY_STD);
            final double[] sPose = pose(style.code());
            final double[] nPose = pose(neutral.code());
            panel(g, "expression std", GROUPS, sExpr, nExpr, 20, 80, 460, 240);
            panel(g, "expression velocity std (per frame)", GROUPS, sVel, nVel, 520, 80, 460, 240);
            panel(g, "head pose velocity std (rad or cm per frame)", POSE_AXES, sPose, nPose, 20, 360, 960, 240);
        }
        finally
        {
            g.dispose();
        }
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            java.nio.file.Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", out.toFile()))
        {
            throw new IOException("no PNG writer available for " + out);
        }
    }

    static double[] groups(final StyleCode code, final int offset)
    {
        final double[] sum = new double[GROUPS.length];
        final int[] n = new int[GROUPS.length];
        for (final ArkitBlendshape b : ArkitBlendshape.values())
        {
            for (int gi = 0; gi < GROUPS.length; gi++)
            {
                if (b.name().startsWith(GROUPS[gi]))
                {
                    sum[gi] += code.get(offset + b.ordinal());
                    n[gi]++;
                    break;
                }
            }
        }
        for (int gi = 0; gi < GROUPS.length; gi++)
        {
            sum[gi] = n[gi] == 0 ? 0 : sum[gi] / n[gi];
        }
        return sum;
    }

    private static double[] pose(final StyleCode code)
    {
        final double[] p = new double[HeadPose.SIZE];
        for (int i = 0; i < HeadPose.SIZE; i++)
        {
            p[i] = code.get(StyleCode.POSE_VELOCITY_STD + i);
        }
        return p;
    }

    private static void panel(final Graphics2D g, final String title, final String[] labels, final double[] a,
        final double[] b, final int x, final int y, final int w, final int h)
    {
        double max = 1e-9;
        for (int i = 0; i < a.length; i++)
        {
            max = Math.max(max, Math.max(a[i], b[i]));
        }
        g.setColor(Color.BLACK);
        g.drawString(title, x, y);
        final int top = y + 15;
        final int base = y + h - 20;
        g.setStroke(new BasicStroke(1f));
        g.drawLine(x, base, x + w, base);
        final int slot = w / labels.length;
        final int bar = Math.max(4, slot / 3);
        for (int i = 0; i < labels.length; i++)
        {
            final int sx = x + i * slot + slot / 2 - bar;
            final int ha = (int)Math.round((base - top) * a[i] / max);
            final int hb = (int)Math.round((base - top) * b[i] / max);
            g.setColor(new Color(0x3060C0));
            g.fillRect(sx, base - ha, bar, ha);
            g.setColor(new Color(0xA0A0A0));
            g.fillRect(sx + bar, base - hb, bar, hb);
            g.setColor(Color.BLACK);
            g.drawString(labels[i], sx, base + 14);
            g.drawString(String.format(Locale.ROOT, "%.3g", a[i]), sx, base - ha - 3);
        }
    }
}
