package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Draws a face box, the detector keypoints and the 468 landmarks over an image, for people to check a fit by eye.
 * Stateless; any thread (allocates the picture).
 */
public final class LandmarkOverlay
{
    private LandmarkOverlay()
    {
    }

    /**
     * @param image     the image.
     * @param face      the detection (box in yellow, keypoints in red), or null.
     * @param landmarks 468 x (x, y, z) in image pixels (green; eye corners 33/263 and nose tip 1 in cyan), or null.
     * @return a new picture.
     */
    public static BufferedImage draw(final RgbImage image, final Face face, final float[] landmarks)
    {
        final BufferedImage out = image.toBufferedImage();
        final Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        final float unit = Math.max(1f, Math.max(image.width(), image.height()) / 512f);
        g.setStroke(new BasicStroke(1.5f * unit));
        if (face != null)
        {
            g.setColor(Color.YELLOW);
            g.draw(new Rectangle2D.Float(face.x(), face.y(), face.width(), face.height()));
            g.setColor(Color.RED);
            for (int k = 0; k < Face.KEYPOINTS; k++)
            {
                final float r = 3f * unit;
                g.fill(new Ellipse2D.Float(face.keypointX(k) - r, face.keypointY(k) - r, 2 * r, 2 * r));
            }
        }
        if (landmarks != null)
        {
            final float r = 0.9f * unit;
            g.setColor(Color.GREEN);
            for (int i = 0; i < landmarks.length / 3; i++)
            {
                g.fill(new Ellipse2D.Float(landmarks[3 * i] - r, landmarks[3 * i + 1] - r, 2 * r, 2 * r));
            }
            g.setColor(Color.CYAN);
            for (final int i : new int[] {1, FaceRoi.RIGHT_EYE_OUTER, FaceRoi.LEFT_EYE_OUTER})
            {
                final float rr = 2.5f * unit;
                g.fill(new Ellipse2D.Float(landmarks[3 * i] - rr, landmarks[3 * i + 1] - rr, 2 * rr, 2 * rr));
            }
            g.draw(new Line2D.Float(landmarks[3 * FaceRoi.RIGHT_EYE_OUTER], landmarks[3 * FaceRoi.RIGHT_EYE_OUTER + 1],
                landmarks[3 * FaceRoi.LEFT_EYE_OUTER], landmarks[3 * FaceRoi.LEFT_EYE_OUTER + 1]));
        }
        g.dispose();
        return out;
    }
}
