package io.avatar.models.face.detect;

import io.avatar.models.image.ImageLoader;
import io.avatar.models.image.RgbImage;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Test images derived from the shared astronaut portrait.
 */
final class Portraits
{
    private Portraits()
    {
    }

    static Path sharedDir()
    {
        final String dir = System.getProperty("avatar.shared.dir");
        if (dir == null)
        {
            throw new IllegalStateException("system property avatar.shared.dir is not set (surefire sets it)");
        }
        return Path.of(dir);
    }

    static Path astronautFile()
    {
        return sharedDir().resolve("assets/astronaut.png");
    }

    static RgbImage astronaut() throws IOException
    {
        return ImageLoader.readRgb(astronautFile());
    }

    /** Rotates the picture about its centre by {@code degrees} clockwise on screen, same canvas, white fill. */
    static BufferedImage rotate(final BufferedImage src, final double degrees)
    {
        final BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, AffineTransform.getRotateInstance(Math.toRadians(degrees), src.getWidth() / 2.0,
            src.getHeight() / 2.0), null);
        g.dispose();
        return out;
    }

    static BufferedImage scaled(final BufferedImage src, final int w, final int h)
    {
        final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }
}
