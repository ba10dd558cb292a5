package io.avatar.models.style.extract;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZeroPhaseLowPassTest
{
    private static final double FS = 25;

    private static float[] sine(final int frames, final double hz, final double phase)
    {
        final float[] x = new float[frames];
        for (int t = 0; t < frames; t++)
        {
            x[t] = (float)Math.sin(2 * Math.PI * hz * t / FS + phase);
        }
        return x;
    }

    private static double diffStd(final float[] x, final int from, final int to)
    {
        double s = 0;
        double ss = 0;
        for (int t = from; t + 1 < to; t++)
        {
            final double d = x[t + 1] - x[t];
            s += d;
            ss += d * d;
        }
        final int n = to - from - 1;
        s /= n;
        return Math.sqrt(ss / n - s * s);
    }

    @Test
    void shouldKeepSlowMotionInPhaseAndRemoveFastJitter()
    {
        final int frames = 100;
        final float[] slow = sine(frames, 0.45, 2.5);
        final float[] x = slow.clone();
        ZeroPhaseLowPass.apply(x, 0, 1, frames, 3.0, FS);
        double worst = 0;
        for (int t = 0; t < frames; t++)
        {
            worst = Math.max(worst, Math.abs(x[t] - slow[t]));
        }
        // a 0.45 Hz sine passes unchanged and without lag, up to the ends
        assertTrue(worst < 0.01, "slow sine changed by " + worst);
        final float[] fast = sine(frames, 6.0, 0.3);
        ZeroPhaseLowPass.apply(fast, 0, 1, frames, 3.0, FS);
        // 6 Hz is under 0.4% after the filter; away from the ends (reflection) it is gone
        assertTrue(diffStd(fast, 20, 80) < 0.01 * diffStd(sine(frames, 6.0, 0.3), 20, 80));
        final float[] at2 = sine(400, 2.0, 0);
        final float[] filtered = at2.clone();
        ZeroPhaseLowPass.apply(filtered, 0, 1, 400, 3.0, FS);
        assertEquals(1 / (1 + Math.pow(2 / 3.0, 8)), diffStd(filtered, 50, 350) / diffStd(at2, 50, 350), 0.01);
    }

    @Test
    void shouldCutTheVelocityStdOfWhiteJitterAndKeepAConstantAndARamp()
    {
        final int frames = 200;
        final SplittableRandom random = new SplittableRandom(7);
        final float[] noise = new float[frames];
        for (int t = 0; t < frames; t++)
        {
            noise[t] = (float)random.nextGaussian();
        }
        final float[] x = noise.clone();
        ZeroPhaseLowPass.apply(x, 0, 1, frames, 3.0, FS);
        // white noise's difference power is spread to 12.5 Hz, mostly above 3 Hz
        assertTrue(diffStd(x, 0, frames) < 0.15 * diffStd(noise, 0, frames));
        final float[] ramp = new float[3 * 60];
        for (int t = 0; t < 60; t++)
        {
            ramp[3 * t + 1] = 5f + 0.1f * t;
            ramp[3 * t] = 99f;
        }
        ZeroPhaseLowPass.apply(ramp, 1, 3, 60, 3.0, FS);
        for (int t = 0; t < 60; t++)
        {
            assertEquals(5f + 0.1f * t, ramp[3 * t + 1], 1e-4, "ramp at " + t);
            assertEquals(99f, ramp[3 * t], 0f, "other channel untouched");
        }
    }

    @Test
    void shouldRejectACutoffAtOrAboveNyquist()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ZeroPhaseLowPass.apply(new float[10], 0, 1, 10, 12.5, FS));
        assertTrue(ex.getMessage().contains("cutoff"), ex.getMessage());
    }
}
