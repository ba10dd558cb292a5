package io.avatar.models.baseline;

/**
 * MFCC of one 512-sample block at 16 kHz, ported line by line from {@code modules/mfcc.mjs} of
 * {@code @met4citizen/headaudio@0.1.0} (MIT, Copyright (c) 2025 Mika Suominen; licence text in
 * {@code HEADAUDIO-LICENSE.txt} next to this class): Hamming window, radix-2 FFT, power spectrum divided by N,
 * log10 energy, 40 triangular mel filters between 30 and 7800 Hz (HTK mel {@code 2595 log10(1 + f/700)}, optional
 * speaker warp, unnormalised triangles on integer FFT bins), {@code log10(E + 1e-10)}, orthonormal DCT-II rows 1..12
 * (c0 dropped) and the sine lifter {@code 1 + 11 sin(pi i / 22)}.
 * <p>
 * Numerics follow the JavaScript exactly: every table and intermediate the JS keeps in a {@code Float32Array} is a
 * {@code float} here, every other intermediate a {@code double}, and the transcendental functions are
 * {@link StrictMath}'s (fdlibm, as V8's), so results match the original to the last float32 bit in practice
 * (checked by {@code HeadAudioConformanceTest} against Node.js output).
 * <p>
 * Allocation-free after construction. Not thread-safe: one thread at a time.
 */
public final class HeadAudioMfcc
{
    /** Samples per block (MFCC_SAMPLES_N). */
    public static final int N = 512;
    /** Mel bands (MFCC_MEL_BANDS_N). */
    public static final int MEL_BANDS = 40;
    /** Coefficients returned, c0 excluded (MFCC_COEFF_N). */
    public static final int COEFFS = 12;
    /** Lifter parameter (MFCC_LIFTER). */
    public static final int LIFTER = 22;
    /** Sample rate (AUDIO_SAMPLE_RATE). */
    public static final int SAMPLE_RATE = 16_000;
    /** Default speaker mean pitch, for which the mel scale is not warped. */
    public static final double SPEAKER_MEAN_HZ_DEFAULT = 150;

    private static final int N2 = N / 2;
    private static final int LOG2_N = 9;

    private final float[] cossin = new float[2 * N];
    private final int[] bitrev = new int[N];
    private final float[] spectrum = new float[2 * N];
    private final float[] powerSpec = new float[N2];
    private final float[][] melFilters = new float[MEL_BANDS][N2];
    private final int[] melStart = new int[MEL_BANDS];
    private final int[] melEnd = new int[MEL_BANDS];
    private final float[] melEnergies = new float[MEL_BANDS];
    private final float[] hamming = new float[N];
    private final float[][] dctMatrix = new float[COEFFS + 1][MEL_BANDS];
    private final float[] lifter = new float[COEFFS];

    /**
     * Builds the tables for the default speaker (no mel warp). Any thread.
     */
    public HeadAudioMfcc()
    {
        this(SPEAKER_MEAN_HZ_DEFAULT);
    }

    /**
     * Builds the tables. Any thread.
     *
     * @param speakerMeanHz speaker mean pitch in Hz ({@code speakerMeanHz} option, experimental in HeadAudio): the
     *                      mel points are warped by {@code clamp(f0 / 150, 0.6, 1.8)}.
     */
    public HeadAudioMfcc(final double speakerMeanHz)
    {
        if (!(speakerMeanHz > 0) || !Double.isFinite(speakerMeanHz))
        {
            throw new IllegalArgumentException("speakerMeanHz must be a positive finite number, got "
                + speakerMeanHz);
        }
        final double theta = (-2 * Math.PI) / N;
        for (int i = 0; i < N; i++)
        {
            final double phase = theta * i;
            cossin[2 * i] = (float)StrictMath.cos(phase);
            cossin[2 * i + 1] = (float)StrictMath.sin(phase);
        }
        for (int i = 0; i < N; i++)
        {
            int j = 0;
            for (int k = 0; k < LOG2_N; k++)
            {
                j = (j << 1) | ((i >> k) & 1);
            }
            bitrev[i] = j;
        }
        buildMelFilterbank(speakerMeanHz);
        for (int i = 0; i < N; i++)
        {
            hamming[i] = (float)(0.54 - 0.46 * StrictMath.cos((2 * Math.PI * i) / (N - 1)));
        }
        final double scale = StrictMath.sqrt(2.0 / MEL_BANDS);
        for (int i = 0; i <= COEFFS; i++)
        {
            for (int j = 0; j < MEL_BANDS; j++)
            {
                dctMatrix[i][j] = (float)(scale * StrictMath.cos((Math.PI * i * (j + 0.5)) / MEL_BANDS));
            }
        }
        for (int i = 1; i <= COEFFS; i++)
        {
            lifter[i - 1] = (float)(1 + (LIFTER / 2.0) * StrictMath.sin((Math.PI * i) / LIFTER));
        }
    }

    private static double mel(final double f)
    {
        return 2595 * StrictMath.log10(1 + f / 700);
    }

    private static double melInv(final double m)
    {
        return 700 * (StrictMath.pow(10, m / 2595) - 1);
    }

    private void buildMelFilterbank(final double f0)
    {
        final double warp = Math.min(Math.max(f0 / 150, 0.6), 1.8);
        final double melLow = mel(30);
        final double melHigh = mel(7800);
        final double melRange = melHigh - melLow;
        // The JS keeps the mel points and the bins in Float32Arrays (melPoints.map returns one).
        final float[] bin = new float[MEL_BANDS + 2];
        for (int i = 0; i < MEL_BANDS + 2; i++)
        {
            final double m = melLow + (melRange / (MEL_BANDS + 1)) * i;
            final double mWarped = melLow + (m - melLow) * warp;
            final float point = (float)melInv(mWarped);
            bin[i] = (float)Math.floor((point / (double)SAMPLE_RATE) * N);
        }
        for (int i = 0; i < MEL_BANDS; i++)
        {
            final float[] fbank = melFilters[i];
            java.util.Arrays.fill(fbank, 0f);
            // A Float32Array ignores writes past its end: with a strong warp the top bins pass Nyquist, skip them.
            for (int k = (int)bin[i]; k < bin[i + 1] && k < N2; k++)
            {
                fbank[k] = (float)((k - (double)bin[i]) / ((double)bin[i + 1] - bin[i]));
            }
            for (int k = (int)bin[i + 1]; k < bin[i + 2] && k < N2; k++)
            {
                fbank[k] = (float)(((double)bin[i + 2] - k) / ((double)bin[i + 2] - bin[i + 1]));
            }
            // Only [bin[i], bin[i+2]) can be non-zero; summing just that range gives the same double (the JS adds
            // exact zeros elsewhere), at a twentieth of the cost.
            melStart[i] = (int)Math.min(bin[i], N2);
            melEnd[i] = (int)Math.min(bin[i + 2], N2);
        }
    }

    private void hammingAndFft(final float[] realInput, final int off)
    {
        final float[] cs = cossin;
        final int[] br = bitrev;
        final float[] w = hamming;
        final float[] s = spectrum;
        for (int i = 0; i < N; i++)
        {
            final int idx = br[i];
            s[2 * idx] = realInput[off + i] * w[i];
            s[2 * idx + 1] = 0f;
        }
        for (int i = 1; i < N; i <<= 1)
        {
            final int step = i << 1;
            final int delta = N / step;
            for (int k = 0; k < i; k++)
            {
                final int twBase = 2 * (k * delta);
                final double twR = cs[twBase];
                final double twI = cs[twBase + 1];
                for (int j = k; j < N; j += step)
                {
                    final int i0 = j << 1;
                    final int i1 = (j + i) << 1;
                    final double s0r = s[i0];
                    final double s0i = s[i0 + 1];
                    final double s1r = s[i1];
                    final double s1i = s[i1 + 1];
                    final double v1r = s1r * twR - s1i * twI;
                    final double v1i = s1r * twI + s1i * twR;
                    s[i0] = (float)(s0r + v1r);
                    s[i0 + 1] = (float)(s0i + v1i);
                    s[i1] = (float)(s0r - v1r);
                    s[i1 + 1] = (float)(s0i - v1i);
                }
            }
        }
    }

    /**
     * Computes the 12 MFCCs of one block ({@code MFCC.compute} in mfcc.mjs). One thread at a time.
     *
     * @param block 16 kHz samples; {@value #N} are read from {@code off}.
     * @param off   offset of the first sample.
     * @param out   receives {@value #COEFFS} coefficients (c1..c12, liftered, no tanh) from {@code outOff}.
     * @param outOff where to write.
     * @return the log10 energy of the block ({@code le} in the JS): log10 of the summed power spectrum + 1e-10.
     */
    public double compute(final float[] block, final int off, final float[] out, final int outOff)
    {
        hammingAndFft(block, off);
        final float[] s = spectrum;
        final float[] power = powerSpec;
        double totalEnergy = 0;
        for (int k = 0; k < N2; k++)
        {
            final double re = s[2 * k];
            final double im = s[2 * k + 1];
            power[k] = (float)((re * re + im * im) / N);
            totalEnergy += power[k];
        }
        final double le = StrictMath.log10(totalEnergy + 1e-10);
        final float[] energies = melEnergies;
        for (int m = 0; m < MEL_BANDS; m++)
        {
            final float[] f = melFilters[m];
            double sum = 0;
            for (int k = melStart[m], end = melEnd[m]; k < end; k++)
            {
                sum += (double)power[k] * f[k];
            }
            energies[m] = (float)StrictMath.log10(sum + 1e-10);
        }
        for (int i = 0; i < COEFFS; i++)
        {
            final float[] row = dctMatrix[i + 1];
            double sum = 0;
            for (int j = 0; j < MEL_BANDS; j++)
            {
                sum += (double)row[j] * energies[j];
            }
            out[outOff + i] = (float)(sum * lifter[i]);
        }
        return le;
    }

    /**
     * @param band mel band, 0..39.
     * @param bin  FFT bin, 0..255.
     * @return the filter weight (for reference tests and documentation).
     */
    public float melFilter(final int band, final int bin)
    {
        return melFilters[band][bin];
    }

    /**
     * @param i sample index, 0..511.
     * @return the Hamming window value.
     */
    public float window(final int i)
    {
        return hamming[i];
    }
}
