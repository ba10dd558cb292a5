package io.avatar.kernels.dsp;

/**
 * Streaming 80-band log-mel extractor, exactly as {@code docs/FEATURES.md} specifies ({@code LogMel80}): 16 kHz
 * mono input, 400-sample periodic Hann window, hop 160 (100 frames/s), frame {@code i} covering samples
 * {@code [160 i, 160 i + 400)} (not centred), 512-point FFT of the zero-padded window, power spectrum, 80 HTK mel
 * filters between 0 and 8000 Hz, {@code ln(max(energy, 1e-10))}. A frame is ready as soon as its last sample is in;
 * there is no look-ahead.
 * <p>
 * Usage is a non-blocking channel: {@link #push} copies as many samples as fit into the internal ring and says how
 * many it took; {@link #poll} computes the next ready frame into a caller-owned array. {@link #process} does both
 * for an input of any length. Nothing is allocated after construction.
 * <p>
 * Not thread-safe: one instance per audio stream, called from one thread (the feature stage's).
 */
public final class LogMel80
{
    /** Input sample rate in Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** Window length in samples (25 ms). */
    public static final int WINDOW = 400;
    /** Hop in samples (10 ms). */
    public static final int HOP = 160;
    /** FFT length. */
    public static final int FFT_SIZE = 512;
    /** Number of mel bands (values per frame). */
    public static final int BANDS = 80;
    /** Frames per second of audio. */
    public static final int FRAMES_PER_SECOND = SAMPLE_RATE / HOP;
    /** Energy floor before the logarithm. */
    public static final double ENERGY_FLOOR = 1e-10;
    /** Lowest filter edge in Hz. */
    public static final double F_MIN = 0.0;
    /** Highest filter edge in Hz. */
    public static final double F_MAX = 8000.0;
    /** Default ring capacity in samples: one second plus a window. */
    public static final int DEFAULT_CAPACITY = 16_384 + 512;

    /**
     * Receives frames from {@link #process}. Called on the thread that called {@code process}; the array is the
     * caller's own scratch array, valid only during the call.
     */
    @FunctionalInterface
    public interface FrameConsumer
    {
        /**
         * @param frameIndex index of the frame since the start of the stream (its window starts at sample
         *                   {@code 160 * frameIndex}).
         * @param frame      array holding the {@link #BANDS} values.
         * @param offset     offset of the first value.
         */
        void onFrame(long frameIndex, float[] frame, int offset);
    }

    private final float[] ring;
    private final int capacity;
    private final double[] window = new double[WINDOW];
    private final double[] fftInput = new double[FFT_SIZE];
    private final double[] power = new double[FFT_SIZE / 2 + 1];
    private final double[] energy = new double[BANDS];
    private final RealFft fft = new RealFft(FFT_SIZE);
    private final MelFilterBank filters = new MelFilterBank(BANDS, FFT_SIZE, SAMPLE_RATE, F_MIN, F_MAX);
    private long written;
    private long frameStart;
    private long frames;

    /**
     * Extractor with a ring of {@link #DEFAULT_CAPACITY} samples. Any thread; then owned by one thread.
     */
    public LogMel80()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity ring capacity in samples, at least {@link #WINDOW}; bounds how much one {@link #push} takes
     *                 before frames must be polled.
     */
    public LogMel80(final int capacity)
    {
        if (capacity < WINDOW)
        {
            throw new IllegalArgumentException("ring capacity must be >= " + WINDOW + " samples, got " + capacity);
        }
        this.capacity = capacity;
        this.ring = new float[capacity];
        for (int n = 0; n < WINDOW; n++)
        {
            window[n] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * n / WINDOW);
        }
    }

    /**
     * Number of frames a stream of {@code samples} samples yields.
     *
     * @param samples stream length in samples.
     * @return {@code 0} if shorter than a window, else {@code (samples - 400) / 160 + 1}.
     */
    public static long frameCount(final long samples)
    {
        return samples < WINDOW ? 0 : (samples - WINDOW) / HOP + 1;
    }

    /**
     * Copies samples into the ring. Owner thread only.
     *
     * @param samples 16 kHz mono samples in [-1, 1].
     * @param offset  first sample.
     * @param length  number of samples offered.
     * @return how many were taken (less than {@code length} when the ring is full: poll frames and push the rest).
     */
    public int push(final float[] samples, final int offset, final int length)
    {
        final int free = capacity - (int)(written - frameStart);
        final int n = Math.min(free, length);
        int pos = (int)(written % capacity);
        int done = 0;
        while (done < n)
        {
            final int run = Math.min(n - done, capacity - pos);
            System.arraycopy(samples, offset + done, ring, pos, run);
            done += run;
            pos = 0;
        }
        written += n;
        return n;
    }

    /**
     * @return how many more samples complete the next frame's window (0 when a frame is ready), so a caller can stop
     *     at each frame's last sample and see exactly the audio that frame covers. Owner thread only.
     */
    public int samplesToNextFrame()
    {
        return (int)Math.max(0, WINDOW - (written - frameStart));
    }

    /**
     * @return true when a full window is buffered, so {@link #poll} would produce a frame. Owner thread only.
     */
    public boolean frameReady()
    {
        return written - frameStart >= WINDOW;
    }

    /**
     * Computes the next frame if its window is complete. Owner thread only.
     *
     * @param out    receives {@link #BANDS} log-mel values.
     * @param offset offset in {@code out}.
     * @return true if a frame was written, false if more samples are needed.
     */
    public boolean poll(final float[] out, final int offset)
    {
        if (!frameReady())
        {
            return false;
        }
        final float[] r = ring;
        final double[] x = fftInput;
        final double[] w = window;
        int pos = (int)(frameStart % capacity);
        for (int n = 0; n < WINDOW; n++)
        {
            x[n] = w[n] * r[pos];
            if (++pos == capacity)
            {
                pos = 0;
            }
        }
        // x[WINDOW..FFT_SIZE) stays zero from construction: the window is zero-padded at the end.
        fft.power(x, 0, power, 0);
        filters.apply(power, 0, energy, 0);
        final double[] e = energy;
        for (int m = 0; m < BANDS; m++)
        {
            out[offset + m] = (float)Math.log(Math.max(e[m], ENERGY_FLOOR));
        }
        frameStart += HOP;
        frames++;
        return true;
    }

    /**
     * Pushes all of {@code samples[offset, offset + length)} and hands every frame that becomes ready to
     * {@code consumer}, using {@code scratch} (at least {@code scratchOffset + 80} long) as the frame buffer.
     * Owner thread only; allocates nothing if the consumer does not.
     *
     * @param samples       16 kHz mono samples.
     * @param offset        first sample.
     * @param length        number of samples.
     * @param scratch       caller-owned frame buffer.
     * @param scratchOffset offset in {@code scratch}.
     * @param consumer      receives each frame.
     * @return the number of frames produced.
     */
    public int process(final float[] samples, final int offset, final int length, final float[] scratch,
        final int scratchOffset, final FrameConsumer consumer)
    {
        int done = 0;
        int produced = 0;
        while (true)
        {
            done += push(samples, offset + done, length - done);
            while (frameReady())
            {
                final long index = frames;
                poll(scratch, scratchOffset);
                consumer.onFrame(index, scratch, scratchOffset);
                produced++;
            }
            if (done == length)
            {
                return produced;
            }
        }
    }

    /**
     * @return frames produced since construction or {@link #reset()}. Owner thread only.
     */
    public long framesProduced()
    {
        return frames;
    }

    /**
     * @return samples pushed since construction or {@link #reset()}. Owner thread only.
     */
    public long samplesPushed()
    {
        return written;
    }

    /**
     * Forgets all buffered samples and restarts frame numbering (a new stream). Owner thread only.
     */
    public void reset()
    {
        written = 0;
        frameStart = 0;
        frames = 0;
    }
}
