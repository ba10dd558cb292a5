package io.avatar.models.face.fit;

import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.ArkitBlendshape;

/**
 * Takes the shading of the photo's own smile out of the portrait's texture: the nasolabial folds and the creases
 * beside the mouth corners. The fit removes a smile from the geometry ({@link ExpressionSolver}), so the neutral
 * render brings the mouth corners in and down, but the photo's folds stay painted on the skin and are warped along
 * with it; the landmark detector reads them (measured on the astronaut: the neutral render re-detected 0.6 deg of
 * yaw from the rest pose, nearly all of it the nose and cheek landmarks following the folds, docs/PORTRAIT_FIT.md,
 * "Smile shading"). Here the fold band of each side loses its band-pass detail (the photo minus a fine blur of it
 * plus a coarse one: what lies between the two scales, the crease, goes; the skin grain and the light across the
 * cheek stay), in proportion to the side's solved {@code mouthSmileLeft/Right} weight: a photo without a smile keeps
 * its texture exactly, and the lips, teeth, nose and eyes are outside the band. This texture alone would draw a
 * driven smile without the photo's creases too (the render with the photo's own expression read 0.43 deg from the
 * fitted pose instead of 0.07), so the renderer blends the photo back in per frame: {@link #sides} splits the changed
 * pixels by side, and {@link FittedPortrait#toPortrait()} hands them with the photo to the renderer, which shows each
 * side's creases in proportion to the driven smile over the photo's ({@code io.avatar.models.face.DrivenDetail}). The background, which the skirt fades into, keeps the photo. Setup
 * time; any thread (no state).
 */
final class SmileShading
{
    /**
     * The fold band, subject's left (+x): landmark vertices beside the nose wing down to below the mouth corner,
     * outside the lips (the rig neutral's vertices with 1.4 cm < |x| < the mouth corner + 1.6 cm, between 0.2 cm
     * above the nose base and 0.8 cm below the mouth corners, outside an ellipse around the lips).
     */
    static final int[] LEFT = {273, 287, 322, 391, 410, 426, 432, 436};
    /** The same band on the subject's right (-x): the mirror vertices of {@link #LEFT}. */
    static final int[] RIGHT = {43, 57, 92, 165, 186, 206, 212, 216};
    /**
     * The canonical mesh's triangles with a corner in the band (60; {@code SmileShadingTest} checks this against
     * the mesh): the blend weight is 1 at a band vertex and falls linearly to 0 across these triangles.
     */
    static final int[] TRIANGLES = {
        322, 270, 410, 92, 186, 40, 409, 410, 270, 185, 40, 186,
        434, 432, 430, 214, 210, 212, 422, 430, 432, 202, 212, 210,
        391, 423, 327, 165, 98, 203, 425, 266, 426, 205, 206, 36,
        423, 426, 266, 203, 36, 206, 391, 269, 322, 165, 92, 39,
        270, 322, 269, 40, 39, 92, 335, 273, 321, 106, 91, 43,
        375, 321, 273, 146, 43, 91, 425, 426, 427, 205, 207, 206,
        436, 427, 426, 216, 206, 207, 391, 393, 269, 165, 39, 167,
        422, 432, 273, 202, 43, 212, 287, 273, 432, 57, 212, 43,
        273, 335, 422, 43, 202, 106, 427, 436, 434, 207, 214, 216,
        432, 434, 436, 212, 216, 214, 273, 287, 375, 43, 146, 57,
        291, 375, 287, 61, 57, 146, 426, 322, 436, 206, 216, 92,
        410, 436, 322, 186, 92, 216, 423, 391, 426, 203, 206, 165,
        322, 426, 391, 92, 165, 206, 391, 327, 393, 165, 167, 98,
        410, 409, 287, 186, 57, 185, 291, 287, 409, 61, 185, 57,
        436, 410, 432, 216, 212, 186, 287, 432, 410, 57, 186, 212};
    /**
     * Coarse scale of the band-pass that is taken out, inter-ocular distances: structure between {@link #FINE_IOD}
     * and this (a fold, a dimple) goes, the light across the cheek stays. Measured on the astronaut (mean of six
     * sub-pixel shifts of the render, docs/PORTRAIT_FIT.md): 0.06-0.14 all took most of the neutral yaw bias off.
     */
    static final double BLUR_IOD = 0.10;
    /**
     * Fine scale of the band-pass, inter-ocular distances: the skin grain below it stays. Smoothing everything below
     * the coarse scale instead (a plain blur) took the same yaw bias off but made the chin-up turn read 0.4 deg less
     * (the detector follows a featureless lower face less).
     */
    static final double FINE_IOD = 0.015;
    /** Softening of the blend weight's edges (Gaussian sigma), inter-ocular distances. */
    static final double SOFTEN_IOD = 0.06;

    private SmileShading()
    {
    }

    /**
     * @param crop       the portrait crop (not modified).
     * @param landmarks  468 x (x, y) landmarks in crop pixels.
     * @param expression the photo's solved expression (52 weights).
     * @return the crop with the smile's fold shading smoothed, or {@code crop} itself when the photo does not smile.
     */
    static RgbImage apply(final RgbImage crop, final float[] landmarks, final float[] expression)
    {
        final double left = clamp(expression[ArkitBlendshape.mouthSmileLeft.ordinal()]);
        final double right = clamp(expression[ArkitBlendshape.mouthSmileRight.ordinal()]);
        if (left == 0 && right == 0)
        {
            return crop;
        }
        final int w = crop.width();
        final int h = crop.height();
        final double iod = Math.hypot(0.5 * (landmarks[2 * 263] + landmarks[2 * 362] - landmarks[2 * 33]
            - landmarks[2 * 133]), 0.5 * (landmarks[2 * 263 + 1] + landmarks[2 * 362 + 1] - landmarks[2 * 33 + 1]
            - landmarks[2 * 133 + 1]));
        final double sigma = BLUR_IOD * iod;
        final float[] kernel = kernel(sigma);
        final float[] soften = kernel(SOFTEN_IOD * iod);
        // the blend weight: the side's smile weight at the band vertices, 0 at their neighbours, linear across the
        // band's triangles, then softened; computed in a box around the band with room for both blurs
        final int margin = kernel.length / 2 + soften.length / 2 + 1;
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (final int v : TRIANGLES)
        {
            x0 = Math.min(x0, (int)Math.floor(landmarks[2 * v]) - margin);
            y0 = Math.min(y0, (int)Math.floor(landmarks[2 * v + 1]) - margin);
            x1 = Math.max(x1, (int)Math.ceil(landmarks[2 * v]) + margin);
            y1 = Math.max(y1, (int)Math.ceil(landmarks[2 * v + 1]) + margin);
        }
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(w - 1, x1);
        y1 = Math.min(h - 1, y1);
        if (x0 > x1 || y0 > y1)
        {
            return crop;
        }
        final int bw = x1 - x0 + 1;
        final int bh = y1 - y0 + 1;
        final float[] corner = new float[3];
        float[] mask = new float[bw * bh];
        for (int t = 0; t < TRIANGLES.length; t += 3)
        {
            for (int c = 0; c < 3; c++)
            {
                corner[c] = (float)weight(TRIANGLES[t + c], left, right);
            }
            raster(landmarks, TRIANGLES[t], TRIANGLES[t + 1], TRIANGLES[t + 2], corner, x0, y0, bw, bh, mask);
        }
        mask = smoothPlane(mask, bw, bh, soften);
        final byte[] src = crop.rgb();
        final RgbImage out = RgbImage.allocate(w, h, crop.name());
        final byte[] dst = out.rgb();
        System.arraycopy(src, 0, dst, 0, src.length);
        final float[] coarse = smooth(src, w, h, x0, y0, bw, bh, kernel);
        final float[] fine = smooth(src, w, h, x0, y0, bw, bh, kernel(FINE_IOD * iod));
        for (int y = 0; y < bh; y++)
        {
            for (int x = 0; x < bw; x++)
            {
                final double k = Math.min(1, mask[y * bw + x]);
                if (k <= 0)
                {
                    continue;
                }
                final int p = 3 * ((y0 + y) * w + x0 + x);
                for (int c = 0; c < 3; c++)
                {
                    final int q = 3 * (y * bw + x) + c;
                    final double v = (src[p + c] & 0xFF) - k * (fine[q] - coarse[q]);
                    dst[p + c] = (byte)Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return out;
    }

    /**
     * The side of every pixel the shading changed, for the renderer's per-frame blend of the photo's creases back in
     * by the driven smile ({@code io.avatar.models.face.DrivenDetail}): 1 nearer the subject's left band
     * ({@link #LEFT}, {@code mouthSmileLeft}), 2 nearer the right band ({@link #RIGHT}), 0 where the pixel is
     * unchanged. Each pixel belongs to one side (the perpendicular bisector of the two bands' centroids splits the
     * face; the softened bands' tails meet only under the nose, where both are faint).
     *
     * @param photo     the portrait crop.
     * @param cleaned   {@link #apply}'s result for it.
     * @param landmarks 468 x (x, y) landmarks in crop pixels.
     * @return per pixel, row-major: 0, 1 (left) or 2 (right).
     */
    static byte[] sides(final RgbImage photo, final RgbImage cleaned, final float[] landmarks)
    {
        final int w = photo.width();
        final int h = photo.height();
        if (cleaned.width() != w || cleaned.height() != h)
        {
            throw new IllegalArgumentException("cleaned crop " + cleaned.width() + "x" + cleaned.height()
                + " differs from the photo " + w + "x" + h);
        }
        double lx = 0;
        double ly = 0;
        double rx = 0;
        double ry = 0;
        for (int k = 0; k < LEFT.length; k++)
        {
            lx += landmarks[2 * LEFT[k]] / LEFT.length;
            ly += landmarks[2 * LEFT[k] + 1] / LEFT.length;
            rx += landmarks[2 * RIGHT[k]] / RIGHT.length;
            ry += landmarks[2 * RIGHT[k] + 1] / RIGHT.length;
        }
        final byte[] a = photo.rgb();
        final byte[] b = cleaned.rgb();
        final byte[] side = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                final int i = y * w + x;
                if (a[3 * i] == b[3 * i] && a[3 * i + 1] == b[3 * i + 1] && a[3 * i + 2] == b[3 * i + 2])
                {
                    continue;
                }
                final double cx = x + 0.5;
                final double cy = y + 0.5;
                final double dl = (cx - lx) * (cx - lx) + (cy - ly) * (cy - ly);
                final double dr = (cx - rx) * (cx - rx) + (cy - ry) * (cy - ry);
                side[i] = (byte)(dl <= dr ? 1 : 2);
            }
        }
        return side;
    }

    private static double clamp(final float weight)
    {
        return Math.max(0, Math.min(1, weight));
    }

    /** The blend weight of a vertex: its side's smile weight on a band vertex, 0 elsewhere. */
    private static double weight(final int v, final double left, final double right)
    {
        for (int k = 0; k < LEFT.length; k++)
        {
            if (LEFT[k] == v)
            {
                return left;
            }
            if (RIGHT[k] == v)
            {
                return right;
            }
        }
        return 0;
    }

    /** Rasterises one photo-space triangle's linearly interpolated corner weights into the box (keeping the max). */
    private static void raster(final float[] lm, final int a, final int b, final int c, final float[] corner,
        final int x0, final int y0, final int bw, final int bh, final float[] mask)
    {
        final double ax = lm[2 * a];
        final double ay = lm[2 * a + 1];
        final double bx = lm[2 * b];
        final double by = lm[2 * b + 1];
        final double cx = lm[2 * c];
        final double cy = lm[2 * c + 1];
        final double den = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
        if (Math.abs(den) < 1e-9)
        {
            return;
        }
        final int minX = Math.max(x0, (int)Math.floor(Math.min(ax, Math.min(bx, cx))));
        final int maxX = Math.min(x0 + bw - 1, (int)Math.ceil(Math.max(ax, Math.max(bx, cx))));
        final int minY = Math.max(y0, (int)Math.floor(Math.min(ay, Math.min(by, cy))));
        final int maxY = Math.min(y0 + bh - 1, (int)Math.ceil(Math.max(ay, Math.max(by, cy))));
        for (int y = minY; y <= maxY; y++)
        {
            for (int x = minX; x <= maxX; x++)
            {
                final double l0 = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / den;
                final double l1 = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / den;
                final double l2 = 1 - l0 - l1;
                if (l0 >= -1e-6 && l1 >= -1e-6 && l2 >= -1e-6)
                {
                    final int p = (y - y0) * bw + x - x0;
                    mask[p] = (float)Math.max(mask[p], l0 * corner[0] + l1 * corner[1] + l2 * corner[2]);
                }
            }
        }
    }

    /** Separable smoothing of one plane (edges clamped). */
    private static float[] smoothPlane(final float[] in, final int w, final int h, final float[] k)
    {
        final int r = k.length / 2;
        final float[] tmp = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double acc = 0;
                for (int i = -r; i <= r; i++)
                {
                    acc += k[i + r] * in[y * w + Math.max(0, Math.min(w - 1, x + i))];
                }
                tmp[y * w + x] = (float)acc;
            }
        }
        final float[] out = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double acc = 0;
                for (int i = -r; i <= r; i++)
                {
                    acc += k[i + r] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
                }
                out[y * w + x] = (float)acc;
            }
        }
        return out;
    }

    private static float[] kernel(final double sigma)
    {
        final int r = Math.max(1, (int)Math.ceil(3 * sigma));
        final float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++)
        {
            final double g = Math.exp(-0.5 * i * i / (sigma * sigma));
            k[i + r] = (float)g;
            sum += g;
        }
        for (int i = 0; i < k.length; i++)
        {
            k[i] = (float)(k[i] / sum);
        }
        return k;
    }

    /**
     * Separable Gaussian smoothing of the box {@code x0, y0, bw, bh}, reading the whole image around it (edges
     * clamped): rgb triples of the box, row by row.
     */
    private static float[] smooth(final byte[] src, final int w, final int h, final int x0, final int y0,
        final int bw, final int bh, final float[] k)
    {
        final int r = k.length / 2;
        final int ty0 = Math.max(0, y0 - r);
        final int ty1 = Math.min(h - 1, y0 + bh - 1 + r);
        final int th = ty1 - ty0 + 1;
        final float[] rows = new float[3 * bw * th];
        for (int y = 0; y < th; y++)
        {
            for (int x = 0; x < bw; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double acc = 0;
                    for (int i = -r; i <= r; i++)
                    {
                        final int sx = Math.max(0, Math.min(w - 1, x0 + x + i));
                        acc += k[i + r] * (src[3 * ((ty0 + y) * w + sx) + c] & 0xFF);
                    }
                    rows[3 * (y * bw + x) + c] = (float)acc;
                }
            }
        }
        final float[] out = new float[3 * bw * bh];
        for (int y = 0; y < bh; y++)
        {
            for (int x = 0; x < bw; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double acc = 0;
                    for (int i = -r; i <= r; i++)
                    {
                        final int sy = Math.max(ty0, Math.min(ty1, y0 + y + i)) - ty0;
                        acc += k[i + r] * rows[3 * (sy * bw + x) + c];
                    }
                    out[3 * (y * bw + x) + c] = (float)acc;
                }
            }
        }
        return out;
    }
}
