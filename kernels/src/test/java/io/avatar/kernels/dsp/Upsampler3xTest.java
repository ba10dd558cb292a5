package io.avatar.kernels.dsp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class Upsampler3xTest
{
    private static double toneLevelAt48k(final double inputHz, final double probeHz)
    {
        final Upsampler3x up = new Upsampler3x();
        final int n = 16_000;
        final float[] in = new float[n];
        for (int i = 0; i < n; i++)
        {
            in[i] = (float)(0.5 * Math.sin(2 * Math.PI * inputHz * i / 16_000));
        }
        final float[] out = new float[3 * n];
        up.process(in, 0, n, out, 0);
        // Goertzel-style correlation over the second half (after the filter settled).
        double re = 0;
        double im = 0;
        for (int i = out.length / 2; i < out.length; i++)
        {
            re += out[i] * Math.cos(2 * Math.PI * probeHz * i / 48_000);
            im += out[i] * Math.sin(2 * Math.PI * probeHz * i / 48_000);
        }
        return 2 * Math.hypot(re, im) / (out.length / 2.0);
    }

    @Test
    void shouldPassSpeechBandAtUnityGainAndRejectImages()
    {
        final double pass = toneLevelAt48k(1000, 1000);
        assertTrue(Math.abs(pass - 0.5) < 0.01, "1 kHz level " + pass);
        // A 1 kHz input images at 16 - 1 = 15 kHz and 17 kHz after zero stuffing: both must be far down.
        final double image = Math.max(toneLevelAt48k(1000, 15_000), toneLevelAt48k(1000, 17_000));
        assertTrue(20 * Math.log10(image / pass) < -40, "image at " + 20 * Math.log10(image / pass) + " dB");
    }

    @Test
    void shouldStreamIdenticallyInAnyChunking()
    {
        final float[] in = new float[1000];
        for (int i = 0; i < in.length; i++)
        {
            in[i] = (float)Math.sin(i * 0.37) * (i % 7 == 0 ? 1 : 0.3f);
        }
        final float[] whole = new float[3000];
        new Upsampler3x().process(in, 0, 1000, whole, 0);
        final Upsampler3x chunked = new Upsampler3x();
        final float[] parts = new float[3000];
        int done = 0;
        for (final int step : new int[] {1, 7, 160, 332, 500})
        {
            final int n = Math.min(step, 1000 - done);
            chunked.process(in, done, n, parts, 3 * done);
            done += n;
        }
        for (int i = 0; i < 3 * done; i++)
        {
            assertTrue(whole[i] == parts[i], "sample " + i);
        }
    }
}
