package io.avatar.kernels.dsp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mfcc13Test
{
    @Test
    void shouldMatchNaiveOrthonormalDct()
    {
        final float[] x = LogMel80Test.speechLikeSignal(8000, 17);
        final List<float[]> frames = LogMel80Test.extract(x, 160);
        final Mfcc13 mfcc = new Mfcc13();
        final float[] c = new float[13];
        for (final float[] frame : frames)
        {
            final double[] asDouble = new double[80];
            for (int i = 0; i < 80; i++)
            {
                asDouble[i] = frame[i];
            }
            final double[] expected = ReferenceFeatures.mfcc(asDouble);
            mfcc.compute(frame, 0, c, 0);
            for (int k = 0; k < 13; k++)
            {
                assertEquals(expected[k], c[k], 1e-4, "coefficient " + k);
            }
        }
    }

    @Test
    void shouldPreserveEnergyOfAConstantVectorInC0()
    {
        final float[] constant = new float[80];
        java.util.Arrays.fill(constant, 2f);
        final float[] c = new float[13];
        new Mfcc13().compute(constant, 0, c, 0);
        // Orthonormal DCT: c0 = sqrt(80) * 2, every other coefficient 0.
        assertEquals(Math.sqrt(80) * 2, c[0], 1e-5);
        for (int k = 1; k < 13; k++)
        {
            assertEquals(0.0, c[k], 1e-5);
        }
    }

    @Test
    void shouldMatchTheSharedTestVector() throws IOException
    {
        final NpyTestFiles.Array logMel = NpyTestFiles.read(LogMel80Test.featuresDir().resolve("logmel.npy"));
        final NpyTestFiles.Array expected = NpyTestFiles.read(LogMel80Test.featuresDir().resolve("mfcc.npy"));
        assertArrayEquals(new int[] {98, 13}, expected.shape());
        final NpyTestFiles.Array signal = NpyTestFiles.read(LogMel80Test.featuresDir().resolve("signal.npy"));
        final List<float[]> frames = LogMel80Test.extract(signal.data(), 7);
        final Mfcc13 mfcc = new Mfcc13();
        final float[] c = new float[13];
        double maxDiff = 0;
        double maxDiffFromStoredMel = 0;
        for (int i = 0; i < 98; i++)
        {
            mfcc.compute(frames.get(i), 0, c, 0);
            for (int k = 0; k < 13; k++)
            {
                maxDiff = Math.max(maxDiff, Math.abs(expected.data()[i * 13 + k] - c[k]));
            }
            mfcc.compute(logMel.data(), i * 80, c, 0);
            for (int k = 0; k < 13; k++)
            {
                maxDiffFromStoredMel = Math.max(maxDiffFromStoredMel, Math.abs(expected.data()[i * 13 + k] - c[k]));
            }
        }
        assertTrue(maxDiff <= 1e-3, "max abs diff vs models/testdata/features/mfcc.npy " + maxDiff);
        assertTrue(maxDiffFromStoredMel <= 1e-4, "DCT of the stored log-mel vs stored MFCC " + maxDiffFromStoredMel);
    }
}
