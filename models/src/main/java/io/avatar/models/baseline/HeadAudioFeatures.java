package io.avatar.models.baseline;

/**
 * HeadAudio's streaming feature front end, ported from {@code Processor.process} in {@code modules/processor.mjs}
 * of {@code @met4citizen/headaudio@0.1.0} (MIT; see {@code HEADAUDIO-LICENSE.txt}): pre-emphasis
 * {@code x[n] - 0.97 x[n-1]}, the 32-tap Hamming-windowed-sinc polyphase low-pass (cut-off 0.45 of the output
 * rate), a 512-sample block every 256 samples, {@link HeadAudioMfcc}, and {@code tanh} compression of the 12
 * coefficients (MFCC_COMPRESSION_TANH_R = 1). Deltas are off in HeadAudio 0.1.0 and so are not ported.
 * <p>
 * Input is mono 16 kHz float PCM in [-1, 1] (the engine's ingest resamples to 16 kHz). At a 16 kHz input the JS
 * polyphase resampler advances its phase accumulator by exactly 1 per sample and always uses phase 0, i.e. it is a
 * plain 32-tap FIR with a half-sample delay: that is what runs here, with the JS's precision (pre-emphasis and FIR in
 * double, block samples rounded to float32 as its {@code Float32Array} block does).
 * <p>
 * Use: call {@link #push(float)} per sample; when it returns true, {@link #vector(int)} and {@link #logEnergy()}
 * describe the new block (first after 512 samples, then every 256). Allocation-free after construction. Not
 * thread-safe: one thread at a time (the audio/feature stage's thread).
 */
public final class HeadAudioFeatures
{
    /** Samples between feature vectors (MFCC_SAMPLES_HOP). */
    public static final int HOP = 256;
    /** Pre-emphasis coefficient (AUDIO_PREEMPHASIS_ALPHA). */
    public static final double PREEMPHASIS = 0.97;
    /** Taps of the low-pass (AUDIO_DOWNSAMPLE_FILTER_N). */
    public static final int FIR_TAPS = 32;

    private static final int FIR_MASK = FIR_TAPS - 1;
    private static final int RING = HeadAudioMfcc.N;
    private static final int RING_MASK = RING - 1;

    private final HeadAudioMfcc mfcc;
    private final float[] fir = new float[FIR_TAPS];
    private final double[] firRing = new double[FIR_TAPS];
    private final float[] samples = new float[RING];
    private final float[] block = new float[HeadAudioMfcc.N];
    private final float[] vector = new float[HeadAudioMfcc.COEFFS];

    private float preemphasisPrev;
    private int firPos;
    private int ringPos;
    private int ringCount;
    private long sampleCount;
    private double logEnergy;

    /**
     * Builds the front end for the default speaker. Any thread.
     */
    public HeadAudioFeatures()
    {
        this(HeadAudioMfcc.SPEAKER_MEAN_HZ_DEFAULT);
    }

    /**
     * Builds the front end. Any thread.
     *
     * @param speakerMeanHz speaker mean pitch for the mel warp (150 = none), see {@link HeadAudioMfcc}.
     */
    public HeadAudioFeatures(final double speakerMeanHz)
    {
        mfcc = new HeadAudioMfcc(speakerMeanHz);
        // designPolyphaseFilter(), phase 0 only; the JS stores each coefficient in a Float32Array before windowing.
        final double mid = (FIR_TAPS - 1) / 2.0;
        final double cutoff = 0.45;
        for (int i = 0; i < FIR_TAPS; i++)
        {
            final double x = i - mid;
            final float c = (float)(x == 0 ? 2 * cutoff : StrictMath.sin(2 * Math.PI * cutoff * x) / (Math.PI * x));
            fir[i] = (float)(c * (0.54 - 0.46 * StrictMath.cos((2 * Math.PI * i) / (FIR_TAPS - 1))));
        }
    }

    /**
     * Forgets all history (the JS 'reset' message plus a fresh filter state). One thread at a time.
     */
    public void reset()
    {
        preemphasisPrev = 0f;
        java.util.Arrays.fill(firRing, 0);
        firPos = 0;
        ringPos = 0;
        ringCount = 0;
        sampleCount = 0;
        logEnergy = 0;
        java.util.Arrays.fill(vector, 0f);
    }

    /**
     * Consumes one sample. One thread at a time.
     *
     * @param x a 16 kHz sample in [-1, 1].
     * @return true when a new feature vector is ready.
     */
    public boolean push(final float x)
    {
        final double d0 = x - PREEMPHASIS * preemphasisPrev;
        preemphasisPrev = x;

        // RingBuffer(32) starts full of zeros; getHead(j) is the j-th oldest of the last 32 inputs.
        final double[] ring = firRing;
        ring[firPos] = d0;
        firPos = (firPos + 1) & FIR_MASK;
        final float[] c = fir;
        double d1 = 0;
        for (int j = 0; j < FIR_TAPS; j++)
        {
            d1 += ring[(firPos + j) & FIR_MASK] * c[j];
        }

        samples[ringPos] = (float)d1;
        ringPos = (ringPos + 1) & RING_MASK;
        sampleCount++;
        if (++ringCount < RING)
        {
            return false;
        }
        // getLatest(block, hop): the last 512 samples oldest first, then keep the newest 256 for the next block.
        final float[] s = samples;
        final float[] b = block;
        for (int i = 0; i < RING; i++)
        {
            b[i] = s[(ringPos + i) & RING_MASK];
        }
        ringCount = RING - HOP;
        logEnergy = mfcc.compute(b, 0, vector, 0);
        final float[] v = vector;
        for (int j = 0; j < HeadAudioMfcc.COEFFS; j++)
        {
            v[j] = (float)StrictMath.tanh(v[j]);
        }
        return true;
    }

    /**
     * @param i coefficient 0..11.
     * @return the tanh-compressed MFCC of the latest block.
     */
    public float vector(final int i)
    {
        return vector[i];
    }

    /**
     * Copies the latest feature vector. One thread at a time.
     *
     * @param out receives 12 numbers from {@code off}.
     * @param off where to write.
     */
    public void copyVector(final float[] out, final int off)
    {
        System.arraycopy(vector, 0, out, off, HeadAudioMfcc.COEFFS);
    }

    /**
     * @return the live feature vector (read-only by contract; overwritten by the next block). Same thread only.
     */
    float[] vectorArray()
    {
        return vector;
    }

    /**
     * @return log10 energy of the latest block (10x this is the dB the VAD gate compares).
     */
    public double logEnergy()
    {
        return logEnergy;
    }

    /**
     * @return samples consumed since construction or {@link #reset()}.
     */
    public long sampleCount()
    {
        return sampleCount;
    }
}
