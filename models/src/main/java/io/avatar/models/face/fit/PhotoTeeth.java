package io.avatar.models.face.fit;

import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.FaceLandmarkSets;
import io.avatar.models.face.MouthPalette;
import io.avatar.models.image.RgbImage;

import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the colour of a photo's own teeth, so that the rendered mouth interior (which replaces the photo between
 * the inner lips in every frame) shows teeth of the photo's colour and exposure. When the photo's mouth is open,
 * the pixels inside the inner-lip polygon (MediaPipe contours {@link FaceLandmarkSets#LIPS_UPPER_INNER} and
 * {@link FaceLandmarkSets#LIPS_LOWER_INNER}, shrunk a little toward its centre so the lip edge stays out) are ranked
 * by luma; the mean of the bright ones (the 60th to 95th percentile: teeth, not the dark cavity or mouth corners, and
 * not a specular highlight) is the tooth colour. No colour is measured, and the result says why, when the mouth is
 * closed, the opening covers too few pixels, or its bright pixels are too dark or too saturated to be teeth (a tongue,
 * lips). Stateless; any thread.
 */
public final class PhotoTeeth
{
    /**
     * Inner-lip gap (landmarks 13-14) below which the mouth counts as closed, in inter-ocular distances. The detector
     * reads closed lips as slightly apart (0.040 IOD on the built-in avatar's painted closed mouth); a smile showing
     * teeth reads 0.17 (the astronaut).
     */
    static final double MIN_GAP_IOD = 0.06;
    /** Fewest pixels inside the shrunk inner-lip polygon to measure from. */
    static final int MIN_PIXELS = 12;
    /** Lowest luma (0-1) of the bright pixels that can be teeth. */
    static final double MIN_LUMA = 0.3;
    /** Highest saturation ((max - min) / max) of the bright pixels that can be teeth. */
    static final double MAX_SATURATION = 0.4;
    /** The bright pixels: this luma rank range (fractions of the pixels inside the lips). */
    static final double BRIGHT_FROM = 0.6;
    static final double BRIGHT_TO = 0.95;
    /** The polygon is scaled by this about its centroid (the lip edge and its anti-aliasing stay out). */
    static final double SHRINK = 0.88;

    private PhotoTeeth()
    {
    }

    /**
     * @param image     the photo (the fit's crop).
     * @param landmarks 468 {@code x, y} pairs in the image's pixels.
     * @return the measured palette ({@link MouthPalette#fromPhoto()} true), or {@link MouthPalette#fallback} naming
     *     why nothing was measured.
     */
    public static MouthPalette measure(final RgbImage image, final float[] landmarks)
    {
        if (landmarks.length != 2 * CanonicalFaceMesh.VERTEX_COUNT)
        {
            throw new IllegalArgumentException("need " + 2 * CanonicalFaceMesh.VERTEX_COUNT
                + " landmark numbers, got " + landmarks.length);
        }
        final double iod = Math.hypot(
            0.5 * (landmarks[2 * FaceLandmarkSets.LEFT_EYE_OUTER] + landmarks[2 * FaceLandmarkSets.LEFT_EYE_INNER])
                - 0.5 * (landmarks[2 * FaceLandmarkSets.RIGHT_EYE_OUTER]
                + landmarks[2 * FaceLandmarkSets.RIGHT_EYE_INNER]),
            0.5 * (landmarks[2 * FaceLandmarkSets.LEFT_EYE_OUTER + 1]
                + landmarks[2 * FaceLandmarkSets.LEFT_EYE_INNER + 1])
                - 0.5 * (landmarks[2 * FaceLandmarkSets.RIGHT_EYE_OUTER + 1]
                + landmarks[2 * FaceLandmarkSets.RIGHT_EYE_INNER + 1]));
        final int up = FaceLandmarkSets.UPPER_INNER_LIP;
        final int lo = FaceLandmarkSets.LOWER_INNER_LIP;
        final double gap = Math.hypot(landmarks[2 * up] - landmarks[2 * lo], landmarks[2 * up + 1]
            - landmarks[2 * lo + 1]) / Math.max(iod, 1e-6);
        if (gap < MIN_GAP_IOD)
        {
            return MouthPalette.fallback(String.format(Locale.ROOT,
                "the photo's mouth is closed: inner-lip gap %.3f IOD < %.2f", gap, MIN_GAP_IOD));
        }
        final double[] poly = polygon(landmarks);
        final int w = image.width();
        final int h = image.height();
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < poly.length; i += 2)
        {
            minX = Math.min(minX, poly[i]);
            maxX = Math.max(maxX, poly[i]);
            minY = Math.min(minY, poly[i + 1]);
            maxY = Math.max(maxY, poly[i + 1]);
        }
        final int x0 = Math.max(0, (int)Math.floor(minX));
        final int x1 = Math.min(w - 1, (int)Math.ceil(maxX));
        final int y0 = Math.max(0, (int)Math.floor(minY));
        final int y1 = Math.min(h - 1, (int)Math.ceil(maxY));
        final byte[] rgb = image.rgb();
        // luma (16 bits, high) and pixel index (low) in one long, so one sort ranks them
        long[] ranked = new long[Math.max(0, (x1 - x0 + 1) * (y1 - y0 + 1))];
        int n = 0;
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                if (inside(poly, x + 0.5, y + 0.5))
                {
                    final int i = y * w + x;
                    final double l = luma(rgb, i);
                    ranked[n++] = Math.round(l * 65535) << 32 | i;
                }
            }
        }
        if (n < MIN_PIXELS)
        {
            return MouthPalette.fallback(String.format(Locale.ROOT, "the photo's mouth opening covers only %d px "
                + "(fewer than %d; inner-lip gap %.3f IOD)", n, MIN_PIXELS, gap));
        }
        ranked = Arrays.copyOf(ranked, n);
        Arrays.sort(ranked);
        final int from = (int)Math.floor(BRIGHT_FROM * n);
        final int to = Math.max(from + 1, (int)Math.ceil(BRIGHT_TO * n));
        final double[] sum = new double[3];
        for (int k = from; k < to; k++)
        {
            final int i = (int)ranked[k];
            for (int c = 0; c < 3; c++)
            {
                sum[c] += (rgb[3 * i + c] & 0xFF) / 255.0;
            }
        }
        final double r = sum[0] / (to - from);
        final double g = sum[1] / (to - from);
        final double b = sum[2] / (to - from);
        final double l = 0.299 * r + 0.587 * g + 0.114 * b;
        final String hex = String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(r * 255), Math.round(g * 255),
            Math.round(b * 255));
        if (l < MIN_LUMA)
        {
            return MouthPalette.fallback(String.format(Locale.ROOT, "no teeth showing in the photo: the bright "
                + "pixels inside the lips (%s) have luma %.2f < %.2f; inner-lip gap %.3f IOD", hex, l, MIN_LUMA, gap));
        }
        final double max = Math.max(r, Math.max(g, b));
        final double sat = (max - Math.min(r, Math.min(g, b))) / max;
        if (sat > MAX_SATURATION)
        {
            return MouthPalette.fallback(String.format(Locale.ROOT, "the bright pixels inside the photo's lips (%s) "
                + "are not tooth-coloured: saturation %.2f > %.2f; inner-lip gap %.3f IOD", hex, sat, MAX_SATURATION,
                gap));
        }
        return new MouthPalette((float)Math.max(r, 1.0 / 255), (float)Math.max(g, 1.0 / 255),
            (float)Math.max(b, 1.0 / 255), true, String.format(Locale.ROOT, "measured on the photo: %d of %d px "
                + "inside the inner lips (gap %.3f IOD)", to - from, n, gap));
    }

    /**
     * The inner-lip polygon (upper contour right to left, then the lower one back), shrunk toward its centroid.
     */
    static double[] polygon(final float[] landmarks)
    {
        final int[] upper = FaceLandmarkSets.LIPS_UPPER_INNER;
        final int[] lower = FaceLandmarkSets.LIPS_LOWER_INNER;
        final int count = upper.length + lower.length - 2;
        final double[] p = new double[2 * count];
        int k = 0;
        for (final int v : upper)
        {
            p[k++] = landmarks[2 * v];
            p[k++] = landmarks[2 * v + 1];
        }
        for (int j = lower.length - 2; j >= 1; j--)
        {
            p[k++] = landmarks[2 * lower[j]];
            p[k++] = landmarks[2 * lower[j] + 1];
        }
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < count; i++)
        {
            cx += p[2 * i];
            cy += p[2 * i + 1];
        }
        cx /= count;
        cy /= count;
        for (int i = 0; i < count; i++)
        {
            p[2 * i] = cx + SHRINK * (p[2 * i] - cx);
            p[2 * i + 1] = cy + SHRINK * (p[2 * i + 1] - cy);
        }
        return p;
    }

    /** Even-odd point-in-polygon test. */
    private static boolean inside(final double[] p, final double x, final double y)
    {
        boolean in = false;
        final int n = p.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            final double yi = p[2 * i + 1];
            final double yj = p[2 * j + 1];
            if ((yi > y) != (yj > y) && x < p[2 * j] + (y - yj) / (yi - yj) * (p[2 * i] - p[2 * j]))
            {
                in = !in;
            }
        }
        return in;
    }

    private static double luma(final byte[] rgb, final int i)
    {
        return (0.299 * (rgb[3 * i] & 0xFF) + 0.587 * (rgb[3 * i + 1] & 0xFF) + 0.114 * (rgb[3 * i + 2] & 0xFF))
            / 255.0;
    }
}
