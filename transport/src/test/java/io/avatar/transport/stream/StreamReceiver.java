package io.avatar.transport.stream;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The far end of a stream for tests: an FFmpeg grabber listening on an RTMP or SRT URL (or reading a file) on its own
 * thread, counting decoded video frames and audio samples and noting when each video frame arrived.
 */
final class StreamReceiver implements AutoCloseable
{
    final String url;
    final Thread thread;
    volatile String videoCodec;
    volatile String audioCodec;
    volatile int width;
    volatile int height;
    volatile int sampleRate;
    volatile long videoFrames;
    volatile long audioSamples;
    /** Sum of squared decoded audio samples (first channel, float or 16-bit scaled to [-1, 1]). */
    volatile double audioEnergy;
    volatile long firstVideoTsUs = Long.MIN_VALUE;
    volatile long lastVideoTsUs;
    volatile long firstAudioTsUs = Long.MIN_VALUE;
    volatile long audioEndUs;
    volatile Exception error;
    /** Receive time (System.nanoTime) per video frame, by frame number counted from the first frame's time stamp. */
    final long[] receivedNs;
    private final int fps;
    private final long stopAfterFrames;

    private StreamReceiver(final String url, final String format, final boolean listen, final int fps,
        final long stopAfterFrames)
    {
        this.url = url;
        this.fps = fps;
        this.stopAfterFrames = stopAfterFrames;
        this.receivedNs = new long[100_000];
        this.thread = new Thread(() -> run(format, listen), "test-receiver");
        thread.setDaemon(true);
    }

    /**
     * @param url    rtmp://127.0.0.1:PORT/app/key or srt://127.0.0.1:PORT?mode=listener.
     * @param format flv or mpegts.
     * @param fps    the stream's frame rate.
     * @return a started listener (returns once the port is bound).
     */
    static StreamReceiver listen(final String url, final String format, final int fps, final int port,
        final boolean udp) throws IOException
    {
        return listen(url, format, fps, port, udp, Long.MAX_VALUE);
    }

    /**
     * As {@link #listen(String, String, int, int, boolean)}, but the receiver hangs up (closes the connection)
     * after receiving {@code stopAfterFrames} video frames: a server that goes away mid-stream.
     */
    static StreamReceiver listen(final String url, final String format, final int fps, final int port,
        final boolean udp, final long stopAfterFrames) throws IOException
    {
        final StreamReceiver r = new StreamReceiver(url, format, url.startsWith("rtmp"), fps, stopAfterFrames);
        r.thread.start();
        awaitBound(port, udp);
        return r;
    }

    /**
     * Reads a whole file on the calling thread.
     */
    static StreamReceiver readFile(final Path file, final int fps) throws Exception
    {
        final StreamReceiver r = new StreamReceiver(file.toString(), null, false, fps, Long.MAX_VALUE);
        r.run(null, false);
        if (r.error != null)
        {
            throw r.error;
        }
        return r;
    }

    private void run(final String format, final boolean listen)
    {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(url))
        {
            if (format != null)
            {
                g.setFormat(format);
            }
            if (listen)
            {
                g.setOption("listen", "1");
                g.setOption("timeout", "30"); // seconds to wait for the publisher
            }
            // One decoding thread: frame threading would hold frames back and inflate the measured delay.
            g.setVideoOption("threads", "1");
            g.startUnsafe();
            videoCodec = g.getVideoCodecName();
            audioCodec = g.getAudioCodecName();
            width = g.getImageWidth();
            height = g.getImageHeight();
            sampleRate = g.getSampleRate();
            Frame f;
            while (videoFrames < stopAfterFrames && (f = g.grab()) != null)
            {
                final long now = System.nanoTime();
                if (f.image != null)
                {
                    if (firstVideoTsUs == Long.MIN_VALUE)
                    {
                        firstVideoTsUs = f.timestamp;
                    }
                    final long n = Math.round((f.timestamp - firstVideoTsUs) * fps / 1e6);
                    if (n >= 0 && n < receivedNs.length)
                    {
                        receivedNs[(int)n] = now;
                    }
                    lastVideoTsUs = f.timestamp;
                    videoFrames++;
                }
                if (f.samples != null)
                {
                    final int channels = f.samples.length == 1 ? Math.max(1, f.audioChannels) : 1;
                    final int n = f.samples[0].limit() / channels;
                    if (firstAudioTsUs == Long.MIN_VALUE)
                    {
                        firstAudioTsUs = f.timestamp;
                    }
                    audioSamples += n;
                    audioEnergy += energy(f.samples[0], n, channels);
                    audioEndUs = f.timestamp + n * 1_000_000L / Math.max(1, f.sampleRate);
                }
            }
            g.stop();
        }
        catch (final Exception ex)
        {
            error = ex;
        }
    }

    private static double energy(final java.nio.Buffer samples, final int n, final int stride)
    {
        double e = 0;
        for (int i = 0; i < n; i++)
        {
            final double v = samples instanceof java.nio.FloatBuffer fb ? fb.get(i * stride)
                : samples instanceof java.nio.ShortBuffer sb ? sb.get(i * stride) / 32768.0 : 0;
            e += v * v;
        }
        return e;
    }

    /**
     * @return root mean square of the decoded audio.
     */
    double audioRms()
    {
        return audioSamples == 0 ? 0 : Math.sqrt(audioEnergy / audioSamples);
    }

    /**
     * @return seconds of decoded audio.
     */
    double audioSeconds()
    {
        return audioSamples / (double)sampleRate;
    }

    /**
     * @param timeoutMs longest wait for the stream to end.
     */
    void await(final long timeoutMs) throws Exception
    {
        thread.join(timeoutMs);
        if (thread.isAlive())
        {
            throw new AssertionError("receiver on " + url + " still running after " + timeoutMs + " ms ("
                + videoFrames + " frames so far)");
        }
        if (error != null)
        {
            throw error;
        }
    }

    /** Waits until something listens on the port (read from /proc: connecting would use up the one accept). */
    private static void awaitBound(final int port, final boolean udp) throws IOException
    {
        final String hexPort = String.format(Locale.ROOT, ":%04X ", port);
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            for (final String table : udp ? List.of("/proc/net/udp", "/proc/net/udp6")
                : List.of("/proc/net/tcp", "/proc/net/tcp6"))
            {
                final Path p = Path.of(table);
                if (Files.isReadable(p))
                {
                    for (final String line : Files.readAllLines(p))
                    {
                        final String[] cols = line.trim().split("\\s+");
                        if (cols.length > 3 && (cols[1] + " ").endsWith(hexPort) && (udp || "0A".equals(cols[3])))
                        {
                            return;
                        }
                    }
                }
            }
            LockSupport.parkNanos(10_000_000L);
        }
        throw new IOException("nothing listens on port " + port + " after 10 s");
    }

    @Override
    public void close()
    {
        thread.interrupt();
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
