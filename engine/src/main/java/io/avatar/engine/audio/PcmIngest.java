package io.avatar.engine.audio;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

/**
 * Streaming PCM ingest: interleaved chunks of any size at {@value #MIN_INPUT_RATE}-{@value #MAX_INPUT_RATE} Hz,
 * 16-bit or float, 1-{@value #MAX_CHANNELS} channels, in; 16 kHz mono float out.
 * <p>
 * Channels are averaged in Java (the contract in {@code docs/FEATURES.md} says "stereo is averaged"; swr's own
 * downmix would weight each channel by 1/sqrt(2) instead). The mono signal is then resampled by FFmpeg's swr with
 * its default filter: a Kaiser-windowed sinc (32 taps per phase, cutoff 0.97 of the output Nyquist, about 60 dB
 * down at 9 kHz and more above, measured in {@code PcmIngestTest}). Using swr rather than a hand-written polyphase
 * filter keeps the runtime identical to what the training recipe gets from {@code ffmpeg -ar 16000}, and the file
 * decoder and live ingest share one resampling path.
 * <p>
 * Usage is a non-blocking channel: {@code write*} converts as much input as the output FIFO has room for and returns
 * the number of input frames it took; {@link #read} drains output. At end of stream {@link #flush} pushes out the
 * samples still inside the filter. All native and Java buffers are allocated in the constructor; writing and
 * reading allocate nothing.
 * <p>
 * Not thread-safe: one instance per stream, used by one thread. {@link #close} frees the native resampler.
 */
public final class PcmIngest implements AutoCloseable
{
    /** Output sample rate in Hz. */
    public static final int OUTPUT_RATE = 16_000;
    /** Lowest accepted input rate in Hz. */
    public static final int MIN_INPUT_RATE = 4_000;
    /** Highest accepted input rate in Hz. */
    public static final int MAX_INPUT_RATE = 192_000;
    /** Highest accepted channel count. */
    public static final int MAX_CHANNELS = 16;
    /** Default largest number of input frames converted per native call. */
    public static final int DEFAULT_BLOCK_FRAMES = 4096;

    private static final float S16_SCALE = 1f / 32768f;

    private final int inputRate;
    private final int channels;
    private final int blockFrames;
    private final float[] mono;
    private final float[] converted;
    private final float[] fifo;
    private final int fifoCapacity;
    private SwrContext swr;
    private FloatPointer inBuffer;
    private FloatPointer outBuffer;
    private PointerPointer<FloatPointer> inPlanes;
    private PointerPointer<FloatPointer> outPlanes;
    private final int outBlockCapacity;
    private long fifoHead;
    private long fifoTail;
    private long inputFrames;
    private long outputSamples;
    private boolean flushed;

    /**
     * Ingest with {@link #DEFAULT_BLOCK_FRAMES}-frame blocks. Any thread; then owned by one thread.
     *
     * @param inputRate input sample rate in Hz, {@value #MIN_INPUT_RATE}..{@value #MAX_INPUT_RATE}.
     * @param channels  interleaved input channels, 1..{@value #MAX_CHANNELS}.
     */
    public PcmIngest(final int inputRate, final int channels)
    {
        this(inputRate, channels, DEFAULT_BLOCK_FRAMES);
    }

    /**
     * Any thread; then owned by one thread.
     *
     * @param inputRate   input sample rate in Hz, {@value #MIN_INPUT_RATE}..{@value #MAX_INPUT_RATE}.
     * @param channels    interleaved input channels, 1..{@value #MAX_CHANNELS}.
     * @param blockFrames largest number of input frames per native conversion (bounds the buffers), 64..1048576.
     */
    public PcmIngest(final int inputRate, final int channels, final int blockFrames)
    {
        if (inputRate < MIN_INPUT_RATE || inputRate > MAX_INPUT_RATE)
        {
            throw new IllegalArgumentException("input sample rate must be in [" + MIN_INPUT_RATE + ", "
                + MAX_INPUT_RATE + "] Hz, got " + inputRate);
        }
        if (channels < 1 || channels > MAX_CHANNELS)
        {
            throw new IllegalArgumentException("channel count must be in [1, " + MAX_CHANNELS + "], got " + channels);
        }
        if (blockFrames < 64 || blockFrames > 1 << 20)
        {
            throw new IllegalArgumentException("block size must be in [64, 1048576] frames, got " + blockFrames);
        }
        this.inputRate = inputRate;
        this.channels = channels;
        this.blockFrames = blockFrames;
        // Output of one block: its share of the rate ratio plus whatever the filter still holds (at most one
        // filter length, well under 4096 samples at these ratios).
        this.outBlockCapacity = (int)((long)blockFrames * OUTPUT_RATE / inputRate) + 4096;
        this.mono = new float[blockFrames];
        this.converted = new float[outBlockCapacity];
        this.fifoCapacity = 2 * outBlockCapacity;
        this.fifo = new float[fifoCapacity];
        final AVChannelLayout layout = new AVChannelLayout();
        try
        {
            av_channel_layout_default(layout, 1);
            final SwrContext ctx = new SwrContext();
            check(swr_alloc_set_opts2(ctx, layout, AV_SAMPLE_FMT_FLT, OUTPUT_RATE, layout, AV_SAMPLE_FMT_FLT,
                inputRate, 0, null), "swr_alloc_set_opts2");
            swr = ctx;
            check(swr_init(swr), "swr_init");
            inBuffer = new FloatPointer(blockFrames);
            outBuffer = new FloatPointer(outBlockCapacity);
            inPlanes = new PointerPointer<>(1);
            inPlanes.put(0, inBuffer);
            outPlanes = new PointerPointer<>(1);
            outPlanes.put(0, outBuffer);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        finally
        {
            av_channel_layout_uninit(layout);
            layout.close();
        }
    }

    private static void check(final int status, final String call)
    {
        if (status < 0)
        {
            throw new IllegalStateException(call + "() failed with " + status + ": " + errorText(status));
        }
    }

    static String errorText(final int status)
    {
        try (BytePointer text = new BytePointer(256))
        {
            av_strerror(status, text, 256);
            return text.getString();
        }
    }

    /**
     * @return the input sample rate. Any thread.
     */
    public int inputRate()
    {
        return inputRate;
    }

    /**
     * @return the input channel count. Any thread.
     */
    public int channels()
    {
        return channels;
    }

    /**
     * Converts interleaved float samples (nominally in [-1, 1]). Owner thread only.
     *
     * @param samples interleaved input, {@code channels} values per frame.
     * @param offset  index of the first value (not frame) in {@code samples}.
     * @param frames  number of frames offered.
     * @return the number of frames taken; fewer than offered when the output FIFO is full ({@link #read} it).
     */
    public int writeFloat(final float[] samples, final int offset, final int frames)
    {
        checkOpen(frames);
        int done = 0;
        final int ch = channels;
        while (done < frames)
        {
            final int n = blockSize(frames - done);
            if (n == 0)
            {
                break;
            }
            int src = offset + done * ch;
            if (ch == 1)
            {
                System.arraycopy(samples, src, mono, 0, n);
            }
            else
            {
                final float scale = 1f / ch;
                for (int i = 0; i < n; i++)
                {
                    float sum = 0f;
                    for (int c = 0; c < ch; c++)
                    {
                        sum += samples[src++];
                    }
                    mono[i] = sum * scale;
                }
            }
            convert(n);
            done += n;
        }
        return done;
    }

    /**
     * Converts interleaved signed 16-bit samples (full scale 32768). Owner thread only.
     *
     * @param samples interleaved input, {@code channels} values per frame.
     * @param offset  index of the first value (not frame) in {@code samples}.
     * @param frames  number of frames offered.
     * @return the number of frames taken; fewer than offered when the output FIFO is full ({@link #read} it).
     */
    public int writeShort(final short[] samples, final int offset, final int frames)
    {
        checkOpen(frames);
        int done = 0;
        final int ch = channels;
        while (done < frames)
        {
            final int n = blockSize(frames - done);
            if (n == 0)
            {
                break;
            }
            int src = offset + done * ch;
            final float scale = S16_SCALE / ch;
            for (int i = 0; i < n; i++)
            {
                int sum = 0;
                for (int c = 0; c < ch; c++)
                {
                    sum += samples[src++];
                }
                mono[i] = sum * scale;
            }
            convert(n);
            done += n;
        }
        return done;
    }

    /**
     * Converts interleaved signed 16-bit little-endian PCM bytes, the wire format of WAV, RTP/L16 after byte-order
     * conversion, and WebRTC's audio callbacks. Owner thread only.
     *
     * @param bytes  interleaved input, {@code 2 * channels} bytes per frame, little-endian.
     * @param offset byte index of the first frame in {@code bytes}.
     * @param frames number of frames offered.
     * @return the number of frames taken; fewer than offered when the output FIFO is full ({@link #read} it).
     */
    public int writePcm16Le(final byte[] bytes, final int offset, final int frames)
    {
        checkOpen(frames);
        int done = 0;
        final int ch = channels;
        while (done < frames)
        {
            final int n = blockSize(frames - done);
            if (n == 0)
            {
                break;
            }
            int src = offset + done * ch * 2;
            final float scale = S16_SCALE / ch;
            for (int i = 0; i < n; i++)
            {
                int sum = 0;
                for (int c = 0; c < ch; c++)
                {
                    sum += (short)((bytes[src] & 0xff) | (bytes[src + 1] << 8));
                    src += 2;
                }
                mono[i] = sum * scale;
            }
            convert(n);
            done += n;
        }
        return done;
    }

    /**
     * End of stream: converts what the filter still holds. Call once, after the last write; further writes fail.
     * Owner thread only.
     *
     * @return the number of samples added to the output FIFO.
     */
    public int flush()
    {
        if (swr == null)
        {
            throw new IllegalStateException("ingest is closed");
        }
        if (flushed)
        {
            return 0;
        }
        flushed = true;
        final int produced = swr_convert(swr, outPlanes, outBlockCapacity, null, 0);
        check(produced, "swr_convert(flush)");
        append(produced);
        return produced;
    }

    /**
     * @return 16 kHz samples ready to {@link #read}. Owner thread only.
     */
    public int available()
    {
        return (int)(fifoTail - fifoHead);
    }

    /**
     * Drains up to {@code length} 16 kHz mono samples. Owner thread only.
     *
     * @param dst    destination.
     * @param offset first index written.
     * @param length most samples wanted.
     * @return the number of samples written (0 when none is ready).
     */
    public int read(final float[] dst, final int offset, final int length)
    {
        final int n = Math.min(length, available());
        int pos = (int)(fifoHead % fifoCapacity);
        int done = 0;
        while (done < n)
        {
            final int run = Math.min(n - done, fifoCapacity - pos);
            System.arraycopy(fifo, pos, dst, offset + done, run);
            done += run;
            pos = 0;
        }
        fifoHead += n;
        return n;
    }

    /**
     * @return input frames taken so far. Owner thread only.
     */
    public long inputFrames()
    {
        return inputFrames;
    }

    /**
     * @return 16 kHz samples produced so far (read or not). Owner thread only.
     */
    public long outputSamples()
    {
        return outputSamples;
    }

    private void checkOpen(final int frames)
    {
        if (swr == null)
        {
            throw new IllegalStateException("ingest is closed");
        }
        if (flushed)
        {
            throw new IllegalStateException("write after flush(): the stream has ended");
        }
        if (frames < 0)
        {
            throw new IllegalArgumentException("frame count must be >= 0, got " + frames);
        }
    }

    /** Largest block of at most {@code wanted} frames whose output surely fits in the FIFO (0 when it is full). */
    private int blockSize(final int wanted)
    {
        final int room = Math.min(fifoCapacity - available(), outBlockCapacity);
        int n = Math.min(wanted, blockFrames);
        // swr_get_out_samples is an upper bound that includes what the filter already holds; halving converges
        // in a few native calls and allocates nothing.
        while (n > 0 && swr_get_out_samples(swr, n) > room)
        {
            n >>= 1;
        }
        return n;
    }

    private void convert(final int n)
    {
        inBuffer.put(mono, 0, n);
        final int produced = swr_convert(swr, outPlanes, outBlockCapacity, inPlanes, n);
        check(produced, "swr_convert");
        inputFrames += n;
        append(produced);
    }

    private void append(final int produced)
    {
        if (produced == 0)
        {
            return;
        }
        outBuffer.get(converted, 0, produced);
        int pos = (int)(fifoTail % fifoCapacity);
        int done = 0;
        while (done < produced)
        {
            final int run = Math.min(produced - done, fifoCapacity - pos);
            System.arraycopy(converted, done, fifo, pos, run);
            done += run;
            pos = 0;
        }
        fifoTail += produced;
        outputSamples += produced;
    }

    /**
     * Frees the native resampler and buffers; idempotent. Owner thread only.
     */
    @Override
    public void close()
    {
        if (swr != null)
        {
            swr_free(swr);
            swr.close();
            swr = null;
        }
        if (outPlanes != null)
        {
            outPlanes.close();
            outPlanes = null;
        }
        if (inPlanes != null)
        {
            inPlanes.close();
            inPlanes = null;
        }
        if (outBuffer != null)
        {
            outBuffer.close();
            outBuffer = null;
        }
        if (inBuffer != null)
        {
            inBuffer.close();
            inBuffer = null;
        }
    }
}
