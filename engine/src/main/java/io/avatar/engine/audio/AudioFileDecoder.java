package io.avatar.engine.audio;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes an audio file of any container and codec FFmpeg reads (WAV, MP3, OGG/Opus, FLAC, M4A/AAC, ...) into
 * 16 kHz mono float, streaming: FFmpeg reads packet by packet and only one decoded frame plus the resampler's FIFO
 * is held, so memory stays bounded whatever the file length.
 * <p>
 * The grabber converts the decoded samples to packed float at the source rate and channel count; the
 * {@link PcmIngest} then averages the channels and resamples with swr, the same path live audio takes.
 * {@code startUnsafe()} is used because {@code start()} takes a JVM-wide lock (DEPENDENCIES.md).
 * <p>
 * Before FFmpeg opens the file, cheap checks give clear messages for the common defects: missing, empty, claims to
 * be WAV without a RIFF header, broken WAV header chunks ({@link WavHeaderCheck}). Everything wrong is reported as an
 * {@link AudioDecodeException} naming the file.
 * <p>
 * Not thread-safe: one thread opens, reads and closes it.
 */
public final class AudioFileDecoder implements AutoCloseable
{
    static
    {
        // FFmpeg would otherwise print a warning per odd packet to stderr; errors still surface as exceptions.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private static final Pattern FFMPEG_ERROR = Pattern.compile("(\\w+\\(\\)) error (-?\\d+)");

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final PcmIngest ingest;
    private final int sourceRate;
    private final int sourceChannels;
    private final String formatName;
    private final String codecName;
    private float[] interleaved = new float[0];
    private int pendingOffset;
    private int pendingFrames;
    private boolean endOfInput;
    private long samplesRead;
    private long inputFrames;

    private AudioFileDecoder(final Path file, final FFmpegFrameGrabber grabber, final int sourceRate,
        final int sourceChannels)
    {
        this.file = file;
        this.grabber = grabber;
        this.sourceRate = sourceRate;
        this.sourceChannels = sourceChannels;
        this.formatName = grabber.getFormat();
        this.codecName = grabber.getAudioCodecName();
        this.ingest = new PcmIngest(sourceRate, sourceChannels);
    }

    /**
     * Opens and checks a file. Any thread; the decoder then belongs to that thread.
     *
     * @param file the audio file.
     * @return a decoder positioned at the first sample.
     * @throws AudioDecodeException when the file is missing, empty, not audio, or has a broken header.
     */
    public static AudioFileDecoder open(final Path file) throws AudioDecodeException
    {
        precheck(file);
        final FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
        try
        {
            grabber.startUnsafe();
        }
        catch (final FrameGrabber.Exception | RuntimeException ex)
        {
            releaseQuietly(grabber);
            throw new AudioDecodeException(file, "FFmpeg cannot open it as audio (unsupported or corrupt "
                + "container): " + ffmpegReason(ex), ex);
        }
        try
        {
            final int channels = grabber.getAudioChannels();
            final int rate = grabber.getSampleRate();
            if (channels <= 0)
            {
                throw new AudioDecodeException(file, "no audio stream in this " + grabber.getFormat() + " file");
            }
            if (rate < PcmIngest.MIN_INPUT_RATE || rate > PcmIngest.MAX_INPUT_RATE)
            {
                throw new AudioDecodeException(file, "the audio stream declares a sample rate of " + rate
                    + " Hz; supported range is " + PcmIngest.MIN_INPUT_RATE + ".." + PcmIngest.MAX_INPUT_RATE + " Hz");
            }
            if (channels > PcmIngest.MAX_CHANNELS)
            {
                throw new AudioDecodeException(file, "the audio stream has " + channels
                    + " channels; at most " + PcmIngest.MAX_CHANNELS + " are supported");
            }
            return new AudioFileDecoder(file, grabber, rate, channels);
        }
        catch (final AudioDecodeException | RuntimeException ex)
        {
            releaseQuietly(grabber);
            throw ex;
        }
    }

    private static void precheck(final Path file) throws AudioDecodeException
    {
        try
        {
            if (!Files.exists(file))
            {
                throw new AudioDecodeException(file, "no such file");
            }
            if (!Files.isRegularFile(file))
            {
                throw new AudioDecodeException(file, "not a regular file");
            }
            if (Files.size(file) == 0)
            {
                throw new AudioDecodeException(file, "the file is empty (0 bytes)");
            }
            final byte[] head = new byte[16];
            final int n;
            try (InputStream in = Files.newInputStream(file))
            {
                n = in.readNBytes(head, 0, head.length);
            }
            final boolean riff = WavHeaderCheck.looksLikeWav(head, n);
            final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (riff)
            {
                WavHeaderCheck.check(file);
            }
            else if (name.endsWith(".wav") || name.endsWith(".wave"))
            {
                throw new AudioDecodeException(file, "named like a WAV file but has no RIFF/WAVE header (first "
                    + "bytes: " + hex(head, n) + ")");
            }
        }
        catch (final AudioDecodeException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new AudioDecodeException(file, "cannot read it: " + ex, ex);
        }
    }

    /**
     * JavaCV's messages carry FFmpeg's numeric code plus hints meant for JavaCV developers; users need the call and
     * FFmpeg's own words for the code.
     */
    static String ffmpegReason(final Throwable ex)
    {
        final String message = String.valueOf(ex.getMessage());
        final Matcher m = FFMPEG_ERROR.matcher(message);
        if (m.find())
        {
            final int code = Integer.parseInt(m.group(2));
            return m.group(1) + " failed: " + PcmIngest.errorText(code) + " (" + code + ")";
        }
        return message;
    }

    private static String hex(final byte[] b, final int n)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++)
        {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    private static void releaseQuietly(final FFmpegFrameGrabber grabber)
    {
        try
        {
            grabber.releaseUnsafe();
        }
        catch (final FrameGrabber.Exception | RuntimeException ignored)
        {
            // Already failing: the original error is the one worth reporting.
        }
    }

    /**
     * @return the file. Owner thread.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the source sample rate in Hz. Owner thread.
     */
    public int sourceSampleRate()
    {
        return sourceRate;
    }

    /**
     * @return the source channel count. Owner thread.
     */
    public int sourceChannels()
    {
        return sourceChannels;
    }

    /**
     * @return FFmpeg's name of the container, e.g. {@code "wav"} or {@code "mov,mp4,m4a,3gp,3g2,mj2"}. Owner thread.
     */
    public String formatName()
    {
        return formatName;
    }

    /**
     * @return FFmpeg's name of the audio codec, e.g. {@code "pcm_s16le"}. Owner thread.
     */
    public String codecName()
    {
        return codecName;
    }

    /**
     * @return 16 kHz samples returned by {@link #read} so far. Owner thread.
     */
    public long samplesRead()
    {
        return samplesRead;
    }

    /**
     * Reads the next 16 kHz mono samples. Owner thread only.
     *
     * @param dst    destination.
     * @param offset first index written.
     * @param length most samples wanted (at least 1).
     * @return the number of samples written, at least 1, or -1 at the end of the audio.
     * @throws AudioDecodeException when decoding fails, or the file ends without a single sample.
     */
    public int read(final float[] dst, final int offset, final int length) throws AudioDecodeException
    {
        if (length < 1)
        {
            throw new IllegalArgumentException("length must be >= 1, got " + length);
        }
        while (ingest.available() == 0)
        {
            if (pendingFrames > 0)
            {
                final int taken = ingest.writeFloat(interleaved, pendingOffset * sourceChannels, pendingFrames);
                pendingOffset += taken;
                pendingFrames -= taken;
                inputFrames += taken;
                continue;
            }
            if (endOfInput)
            {
                if (samplesRead == 0)
                {
                    throw new AudioDecodeException(file, "zero-length audio: the " + formatName
                        + " stream decodes to no samples");
                }
                return -1;
            }
            grabNext();
        }
        final int n = ingest.read(dst, offset, length);
        samplesRead += n;
        return n;
    }

    private void grabNext() throws AudioDecodeException
    {
        final Frame frame;
        try
        {
            frame = grabber.grabSamples();
        }
        catch (final FrameGrabber.Exception | RuntimeException ex)
        {
            throw new AudioDecodeException(file, String.format(Locale.ROOT, "decoding failed at %.3f s: %s",
                inputFrames / (double)sourceRate, ffmpegReason(ex)), ex);
        }
        if (frame == null)
        {
            endOfInput = true;
            ingest.flush();
            return;
        }
        if (frame.samples == null || frame.samples.length == 0 || frame.sampleRate != sourceRate
            || frame.audioChannels != sourceChannels)
        {
            if (frame.samples != null && (frame.sampleRate != sourceRate || frame.audioChannels != sourceChannels))
            {
                throw new AudioDecodeException(file, "the audio format changes mid-stream (" + frame.sampleRate
                    + " Hz x " + frame.audioChannels + " after " + sourceRate + " Hz x " + sourceChannels + ")");
            }
            return;
        }
        final FloatBuffer samples = (FloatBuffer)frame.samples[0];
        final int values = samples.remaining();
        if (interleaved.length < values)
        {
            // Grows to the largest decoded frame once (a few thousand samples), then stays.
            interleaved = new float[values];
        }
        samples.get(interleaved, 0, values);
        pendingOffset = 0;
        pendingFrames = values / sourceChannels;
    }

    /**
     * Releases FFmpeg and the resampler; idempotent. Owner thread only.
     */
    @Override
    public void close()
    {
        ingest.close();
        releaseQuietly(grabber);
    }
}
