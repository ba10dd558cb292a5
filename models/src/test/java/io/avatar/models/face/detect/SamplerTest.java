package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SamplerTest
{
    private static RgbImage ramp(final int w, final int h)
    {
        final RgbImage img = RgbImage.allocate(w, h, "ramp");
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                final int o = (y * w + x) * 3;
                img.rgb()[o] = (byte)(x * 255 / (w - 1));
                img.rgb()[o + 1] = (byte)100;
                img.rgb()[o + 2] = (byte)(y * 255 / (h - 1));
            }
        }
        return img;
    }

    @Test
    void shouldAreaAverageALetterboxedWindowAndPadOutside()
    {
        final RgbImage img = ramp(512, 256);
        final FloatBuffer out = FloatBuffer.allocate(128 * 128 * 3);
        // letterbox: the 512x256 picture centred in a 512x512 window
        new AreaSampler(128).sample(img, 0, -128, 512, 128, out, -1f, 1f, 0f);
        // rows 0..31 and 96..127 lie outside the picture: padding
        assertEquals(0f, out.get((10 * 128 + 64) * 3), 0f);
        assertEquals(0f, out.get((120 * 128 + 64) * 3 + 1), 0f);
        // inside: green constant 100 -> -1 + 2 * 100 / 255
        assertEquals(-1f + 200f / 255f, out.get((64 * 128 + 64) * 3 + 1), 1e-4);
        // red is the mean of x over the 4 source columns of output column 64 (x = 256..259)
        double mean = 0;
        for (int x = 256; x < 260; x++)
        {
            mean += x * 255 / 511;
        }
        mean /= 4;
        assertEquals(-1f + 2f * (float)mean / 255f, out.get((64 * 128 + 64) * 3), 1e-4);
    }

    @Test
    void shouldSampleRotatedCropsBilinearlyWithEdgeRepeat()
    {
        final RgbImage img = ramp(200, 100);
        final FloatBuffer out = FloatBuffer.allocate(64 * 64 * 3);
        final FaceRoi roi = new FaceRoi().set(100, 50, 48, Math.toRadians(30));
        final double[] m = new double[6];
        roi.toAffine(64, m);
        AffineSampler.sample(img, m, 64, out, 0f, 1f, false, 0f);
        for (final int[] uv : new int[][] {{0, 0}, {31, 17}, {63, 63}, {10, 50}})
        {
            // expected: bilinear interpolation of the ramp at the mapped point (red = x * 255 / 199 truncated)
            final double x = m[0] * (uv[0] + 0.5) + m[1] * (uv[1] + 0.5) + m[2] - 0.5;
            final int xi = (int)Math.floor(x);
            final double ax = x - xi;
            final double red = (1 - ax) * (xi * 255 / 199) + ax * ((xi + 1) * 255 / 199);
            assertEquals(red / 255.0, out.get((uv[1] * 64 + uv[0]) * 3), 2e-3, "pixel " + uv[0] + "," + uv[1]);
        }
        // a crop reaching past the left edge repeats the edge column
        final FaceRoi edge = new FaceRoi().set(0, 50, 40, 0);
        edge.toAffine(64, m);
        AffineSampler.sample(img, m, 64, out, 0f, 1f, false, 0f);
        assertEquals(0f, out.get((32 * 64 + 2) * 3), 1e-6);
        AffineSampler.sample(img, m, 64, out, 0f, 1f, true, -7f);
        assertEquals(-7f, out.get((32 * 64 + 2) * 3), 1e-6);
    }

    @Test
    void shouldAgreeWithTheBilinearSamplerOnSmoothImages()
    {
        final RgbImage img = ramp(384, 384);
        final FloatBuffer area = FloatBuffer.allocate(128 * 128 * 3);
        final FloatBuffer affine = FloatBuffer.allocate(128 * 128 * 3);
        new AreaSampler(128).sample(img, 0, 0, 384, 128, area, 0f, 1f, 0f);
        AffineSampler.sample(img, new double[] {3, 0, 0, 0, 3, 0}, 128, affine, 0f, 1f, true, 0f);
        for (int i = 0; i < area.capacity(); i++)
        {
            assertEquals(affine.get(i), area.get(i), 0.01, "element " + i);
        }
    }
}
