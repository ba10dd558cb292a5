package io.avatar.engine.output;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an MP4 with H.264 video and AAC audio through FFmpeg (JavaCV). The H.264 encoder is libx264 when the FFmpeg
 * build has it, else openh264 (the LGPL build we ship by default, DEPENDENCIES.md). Video frames are I420 or RGB24;
 * audio is mono float PCM at any rate (FFmpeg resamples to the file's rate). Frames are written at a constant frame
 * rate from time 0, and audio from time 0, so both stay aligned by construction.
 * <p>
 * The same H.264 + AAC encoding also goes to other containers and URLs through {@link Container} (FLV over RTMP,
 * MPEG-TS over SRT, Matroska files; the transport module's stream output): one encoder set-up for every destination.
 * <p>
 * Owned by one thread; {@link #close()} finishes the file. Uses {@code startUnsafe()} because {@code start()} takes a
 * JVM-wide lock (DEPENDENCIES.md).
 */
public final class Mp4Writer implements AutoCloseable
{
    /** Sample rate of the AAC track. */
    public static final int AUDIO_RATE = 48_000;

    /**
     * Where and how the encoded streams are written.
     *
     * @param url           a file path or an FFmpeg URL ({@code rtmp://...}, {@code srt://...}).
     * @param format        the FFmpeg muxer name ({@code mp4}, {@code flv}, {@code mpegts}, {@code matroska}).
     * @param gopFrames     frames between key frames (a viewer joining mid-stream waits up to this long for a
     *                      picture).
     * @param formatOptions muxer and protocol options (e.g. {@code rw_timeout}, {@code flvflags}).
     * @param videoOptions  H.264 encoder options, added to the defaults for the encoder in use.
     */
    public record Container(String url, String format, int gopFrames,
        Map<String, String> formatOptions, Map<String, String> videoOptions)
    {
        /**
         * Validates and copies the maps.
         */
        public Container
        {
            if (url == null || url.isBlank() || format == null || format.isBlank())
            {
                throw new IllegalArgumentException("a container needs a URL and a format name");
            }
            if (gopFrames < 1)
            {
                throw new IllegalArgumentException("key frame interval must be at least 1 frame, got " + gopFrames);
            }
            formatOptions = Map.copyOf(formatOptions);
            videoOptions = Map.copyOf(videoOptions);
        }
    }

    private final String file;
    private final int width;
    private final int height;
    private final ByteBuffer video;
    private FFmpegFrameRecorder recorder;
    private long framesWritten;

    /**
     * Opens the file for writing.
     *
     * @param file   output path (.mp4).
     * @param width  frame width (even).
     * @param height frame height (even).
     * @param fps    frame rate.
     * @throws IOException when FFmpeg cannot open the file or the encoders.
     */
    public Mp4Writer(final Path file, final int width, final int height, final int fps) throws IOException
    {
        this(new Container(file.toString(), "mp4", fps * 2, Map.of(), Map.of()), width, height, fps);
    }

    /**
     * Opens any container: connects to a network URL or creates a file. Blocks while FFmpeg connects (call it on the
     * thread that will own the writer, never on an engine stage).
     *
     * @param container where and how to write.
     * @param width     frame width (even).
     * @param height    frame height (even).
     * @param fps       frame rate.
     * @throws IOException when FFmpeg cannot open the destination or the encoders (the message names the URL).
     */
    public Mp4Writer(final Container container, final int width, final int height, final int fps) throws IOException
    {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0)
        {
            throw new IllegalArgumentException("MP4 frame size must be positive and even, got " + width + "x" + height);
        }
        this.file = container.url();
        this.width = width;
        this.height = height;
        this.video = ByteBuffer.allocateDirect(width * height * 3);
        final FFmpegFrameRecorder r = new FFmpegFrameRecorder(file, width, height, 1);
        r.setFormat(container.format());
        r.setVideoCodecName(h264EncoderName());
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        r.setGopSize(container.gopFrames());
        // Interleaved writing (JavaCV's default) always: FLV rejects AAC's primed negative time stamp without it.
        r.setInterleaved(true);
        container.formatOptions().forEach(r::setOption);
        container.videoOptions().forEach(r::setVideoOption);
        r.setVideoBitrate(Math.max(500_000, width * height * 4));
        r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        r.setAudioChannels(1);
        r.setSampleRate(AUDIO_RATE);
        r.setAudioBitrate(96_000);
        try
        {
            r.startUnsafe();
        }
        catch (final FrameRecorder.Exception ex)
        {
            releaseQuietly(r);
            throw new IOException("cannot open " + file + " for " + container.format() + " writing (H.264 "
                + h264EncoderName() + " + AAC): " + ex.getMessage(), ex);
        }
        this.recorder = r;
    }

    /**
     * @return the H.264 encoder this FFmpeg build offers ("libx264" or "libopenh264").
     */
    public static String h264EncoderName()
    {
        return avcodec.avcodec_find_encoder_by_name("libx264") != null ? "libx264" : "libopenh264";
    }

    /**
     * Appends one I420 frame (Y plane, then U, then V, tightly packed).
     *
     * @param i420 width*height*3/2 bytes.
     * @throws IOException when encoding fails.
     */
    public void writeI420(final byte[] i420) throws IOException
    {
        write(i420, width * height * 3 / 2, avutil.AV_PIX_FMT_YUV420P, 1, width);
    }

    /**
     * Appends one packed RGB24 frame.
     *
     * @param rgb width*height*3 bytes.
     * @throws IOException when encoding fails.
     */
    public void writeRgb(final byte[] rgb) throws IOException
    {
        write(rgb, width * height * 3, avutil.AV_PIX_FMT_RGB24, 3, width * 3);
    }

    /**
     * Appends one I420 frame straight from a direct buffer (no copy) at a given frame number: a live stream that
     * lost frames keeps its timestamps, so its audio and video stay aligned.
     *
     * @param i420       a direct buffer holding width*height*3/2 bytes from position 0.
     * @param frameIndex the frame's number since the start (pts = frameIndex / fps); never smaller than the last.
     * @throws IOException when encoding or writing fails.
     */
    public void writeI420(final ByteBuffer i420, final long frameIndex) throws IOException
    {
        ensureOpen();
        if (frameIndex < recorder.getFrameNumber() || frameIndex > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("frame " + frameIndex + " is before the next frame to write ("
                + recorder.getFrameNumber() + ") of " + file);
        }
        try
        {
            recorder.setFrameNumber((int)frameIndex);
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, i420);
            framesWritten++;
        }
        catch (final FrameRecorder.Exception ex)
        {
            throw new IOException("encoding video frame " + frameIndex + " of " + file + " failed: "
                + ex.getMessage(), ex);
        }
    }

    private void write(final byte[] data, final int length, final int pixelFormat, final int channels,
        final int stride) throws IOException
    {
        ensureOpen();
        if (data.length < length)
        {
            throw new IllegalArgumentException("frame has " + data.length + " bytes, expected " + length);
        }
        video.clear();
        video.put(data, 0, length).flip();
        try
        {
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, channels, stride, pixelFormat, video);
            framesWritten++;
        }
        catch (final FrameRecorder.Exception ex)
        {
            throw new IOException("encoding video frame " + framesWritten + " of " + file + " failed: "
                + ex.getMessage(), ex);
        }
    }

    /**
     * Appends mono audio.
     *
     * @param samples    float PCM in [-1, 1].
     * @param off        first sample.
     * @param len        number of samples.
     * @param sampleRate their sample rate.
     * @throws IOException when encoding fails.
     */
    public void writeAudio(final float[] samples, final int off, final int len, final int sampleRate)
        throws IOException
    {
        ensureOpen();
        if (len == 0)
        {
            return;
        }
        try
        {
            recorder.recordSamples(sampleRate, 1, FloatBuffer.wrap(samples, off, len));
        }
        catch (final FrameRecorder.Exception ex)
        {
            throw new IOException("encoding audio of " + file + " failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * Appends mono audio from a buffer (its position to its limit), without wrapping.
     *
     * @param samples    float PCM in [-1, 1].
     * @param sampleRate its sample rate.
     * @throws IOException when encoding or writing fails.
     */
    public void writeAudio(final FloatBuffer samples, final int sampleRate) throws IOException
    {
        ensureOpen();
        if (!samples.hasRemaining())
        {
            return;
        }
        try
        {
            recorder.recordSamples(sampleRate, 1, samples);
        }
        catch (final FrameRecorder.Exception ex)
        {
            throw new IOException("encoding audio of " + file + " failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return video frames written so far.
     */
    public long framesWritten()
    {
        return framesWritten;
    }

    private void ensureOpen()
    {
        if (recorder == null)
        {
            throw new IllegalStateException("MP4 writer for " + file + " is closed");
        }
    }

    /**
     * Flushes the encoders and finishes the file. Idempotent.
     *
     * @throws IOException when the file cannot be finished.
     */
    @Override
    public void close() throws IOException
    {
        final FFmpegFrameRecorder r = recorder;
        recorder = null;
        if (r == null)
        {
            return;
        }
        try
        {
            r.stop();
        }
        catch (final FrameRecorder.Exception ex)
        {
            throw new IOException("finishing " + file + " failed: " + ex.getMessage(), ex);
        }
        finally
        {
            releaseQuietly(r);
        }
    }

    private static void releaseQuietly(final FFmpegFrameRecorder r)
    {
        try
        {
            r.releaseUnsafe();
        }
        catch (final FrameRecorder.Exception ignored)
        {
            // Releasing after a failure: the first error is the one worth reporting.
        }
    }
}
