package io.avatar.transport.stream;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.output.Mp4Writer;
import io.avatar.engine.session.FrameOutput;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams a session's frames and audio (H.264 + AAC) to an RTMP server, an SRT peer or a file ({@link StreamTarget}).
 * <p>
 * Threading: {@link #onFrame} runs on the engine's output stage and only copies the frame and its audio into a
 * preallocated slot of a bounded queue ({@link FrameSlots}) and wakes the writer; it never allocates, locks or waits.
 * When the queue is full (the network or encoder stalls) the frame is dropped and counted. One writer thread per
 * stream connects (at construction, so a dead server is known before the session starts), encodes and sends; a
 * failure (connection refused, timeout, server gone) is recorded in {@link #stats()} and later frames are refused and
 * counted: the stream fails alone, the engine and its other sessions go on.
 * <p>
 * Time stamps: each frame is written at its own frame number (pts = index / fps) and the audio stream is kept
 * continuous on the session's sample clock: the engine hands the audio of frames it skipped to the next frame, and
 * the audio of frames dropped here is replaced by silence of the same length, so audio and video stay aligned however
 * many frames are lost.
 * <p>
 * Two feeds: as a {@link FrameOutput} of an engine session (16 kHz audio, this class), or, for sessions of the network
 * API, as a {@link io.avatar.transport.api.FrameListener} (48 kHz audio in 10 ms chunks; {@link ListenerFeed},
 * made by {@link #forListener}). Each slot carries the session sample number of its first audio sample, so both feeds
 * share the writer.
 */
public final class StreamOutput implements FrameOutput, AutoCloseable
{
    /** Where a stream is. */
    public enum State
    {
        /** The writer is connecting (frames queue meanwhile). */
        CONNECTING,
        /** Connected and writing. */
        STREAMING,
        /** Failed; {@link StreamStats#failure()} says why. */
        FAILED,
        /** Finished normally (file complete, stream ended). */
        CLOSED
    }

    /** Sample rate of the session audio handed to {@link FrameOutput}s. */
    private static final int SESSION_RATE = MediaTime.SAMPLE_RATE;
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private final StreamTarget target;
    private final StreamSettings settings;
    private final FrameSlots slots;
    private final int frameBytes;
    private final int audioRate;
    private final Runnable onFinished;
    private final Thread writerThread;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicLong framesOffered = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesRejected = new AtomicLong();
    private final AtomicLong framesWritten = new AtomicLong();
    private final AtomicLong gapFrames = new AtomicLong();
    private final AtomicLong audioSamples = new AtomicLong();
    private final AtomicLong sendNsTotal = new AtomicLong();
    private final AtomicLong sendNsMax = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closeRequested;
    private volatile boolean finished;

    /**
     * Starts the writer thread, which connects at once. Any thread.
     *
     * @param target   where to stream.
     * @param settings encoding and queue settings (the frame size must match the session's).
     */
    public StreamOutput(final StreamTarget target, final StreamSettings settings)
    {
        this(target, settings, SESSION_RATE, () ->
        {
        });
    }

    /**
     * @param audioRate  sample rate of the audio the feed hands over (one second of it fits a slot).
     * @param onFinished runs on the writer thread once it has finished (closed or failed); must not block.
     */
    private StreamOutput(final StreamTarget target, final StreamSettings settings, final int audioRate,
        final Runnable onFinished)
    {
        this.target = target;
        this.settings = settings;
        this.frameBytes = settings.width() * settings.height() * 3 / 2;
        this.audioRate = audioRate;
        this.onFinished = onFinished;
        this.slots = new FrameSlots(settings.queueFrames(), frameBytes, audioRate);
        this.writerThread = new Thread(this::writeLoop, "stream-" + target.kind().name().toLowerCase(
            java.util.Locale.ROOT));
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * A stream fed by a {@link io.avatar.transport.api.FrameListener} (48 kHz audio): attach {@link ListenerFeed}
     * to the session once {@link #awaitConnected} says it streams. Any thread.
     *
     * @param target     where to stream.
     * @param settings   encoding and queue settings (the frame size must match the session's).
     * @param onFinished runs on the writer thread once it has finished (closed or failed); must not block.
     * @return the output, connecting.
     */
    static StreamOutput forListener(final StreamTarget target, final StreamSettings settings,
        final Runnable onFinished)
    {
        return new StreamOutput(target, settings, io.avatar.transport.api.FrameListener.AUDIO_SAMPLE_RATE,
            onFinished);
    }

    /**
     * Queues one frame and its audio. Output stage thread; never blocks or allocates.
     */
    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        if (failure.get() == null && (audioRate != SESSION_RATE || audioLen > SESSION_RATE))
        {
            fail(audioRate != SESSION_RATE ? "this stream takes a " + audioRate + " Hz listener feed, not the "
                + "engine's output stage" : "a frame carries " + audioLen + " audio samples, more than 1 s");
        }
        final FrameSlots.Slot slot = claim(i420 != null, width, height, frameIndex, ptsNs);
        if (slot == null)
        {
            return;
        }
        i420.getBytes(offset, slot.video, 0, frameBytes);
        System.arraycopy(audio, 0, slot.audio, 0, audioLen);
        slot.audioLen = audioLen;
        // The frame's audio ends where the frame ends (the engine hands the audio of frames it skipped to the next).
        slot.audioStart = MediaTime.firstSampleOfFrame(frameIndex + 1, settings.fps()) - audioLen;
        publish();
    }

    /**
     * Counts an offered frame and claims a slot for it, with its number and time stamps set; or refuses it (failed,
     * closing, no pixels, wrong size) or drops it (queue full), counted. The producer thread (one per stream); never
     * blocks or allocates.
     *
     * @return the slot to fill and {@link #publish()}, or null.
     */
    FrameSlots.Slot claim(final boolean hasPixels, final int width, final int height, final long frameIndex,
        final long ptsNs)
    {
        framesOffered.lazySet(framesOffered.get() + 1);
        if (failure.get() == null && (!hasPixels || width != settings.width() || height != settings.height()))
        {
            fail(!hasPixels ? "the session is motion-only: it has no pixels to stream" : "frame size " + width + "x"
                + height + " does not match the stream's " + settings.width() + "x" + settings.height());
        }
        if (failure.get() != null || closeRequested)
        {
            framesRejected.lazySet(framesRejected.get() + 1);
            return null;
        }
        final FrameSlots.Slot slot = slots.claim();
        if (slot == null)
        {
            framesDropped.lazySet(framesDropped.get() + 1);
            return null;
        }
        slot.frameIndex = frameIndex;
        slot.ptsNs = ptsNs;
        slot.offeredNs = System.nanoTime();
        return slot;
    }

    /**
     * Hands the slot from {@link #claim} (filled: pixels, audio, audioStart) to the writer. Producer thread.
     */
    void publish()
    {
        slots.publish();
        LockSupport.unpark(writerThread);
    }

    /**
     * @return bytes of one I420 frame.
     */
    int frameBytes()
    {
        return frameBytes;
    }

    /**
     * @return the encoding settings.
     */
    StreamSettings settings()
    {
        return settings;
    }

    /**
     * The session ended: the writer sends what is queued, then finishes the stream. Output stage thread; returns at
     * once.
     */
    @Override
    public void onClose()
    {
        closeRequested = true;
        LockSupport.unpark(writerThread);
    }

    /**
     * Waits until the writer has connected or failed. Any thread (the owner, before creating the session).
     *
     * @param timeoutMs longest wait.
     * @return the state then (CONNECTING if the wait timed out).
     */
    public State awaitConnected(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (state() == State.CONNECTING && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(2_000_000L);
        }
        return state();
    }

    /**
     * Waits until the writer thread has finished (after {@link #onClose()} or a failure). Any thread.
     *
     * @param timeoutMs longest wait.
     * @return whether it finished.
     */
    public boolean awaitClosed(final long timeoutMs)
    {
        try
        {
            writerThread.join(Math.max(1, timeoutMs));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return finished;
    }

    /**
     * @return the stream's state. Any thread.
     */
    public State state()
    {
        if (failure.get() != null)
        {
            return State.FAILED;
        }
        if (finished)
        {
            return State.CLOSED;
        }
        return connected ? State.STREAMING : State.CONNECTING;
    }

    /**
     * @return the failure message, or null. Any thread.
     */
    public String failure()
    {
        return failure.get();
    }

    /**
     * @return where this output streams to.
     */
    public StreamTarget target()
    {
        return target;
    }

    /**
     * @return a snapshot of the counters. Any thread.
     */
    public StreamStats stats()
    {
        final long written = framesWritten.get();
        return new StreamStats(state(), failure.get(), framesOffered.get(), written, framesDropped.get(),
            framesRejected.get(), gapFrames.get(), audioSamples.get(), audioRate,
            written == 0 ? 0 : sendNsTotal.get() / 1e6 / written, sendNsMax.get() / 1e6);
    }

    /**
     * For an owner that never attached the output to a session (or wants it finished now): asks the writer to
     * finish and waits up to the network timeout plus 2 s. Any thread but the output stage.
     */
    @Override
    public void close()
    {
        onClose();
        awaitClosed(settings.ioTimeoutMs() + 2_000L);
    }

    private void fail(final String message)
    {
        if (failure.compareAndSet(null, message))
        {
            LockSupport.unpark(writerThread);
        }
    }

    /** Writer thread: connect, then write queued frames until closed or failed. */
    private void writeLoop()
    {
        Mp4Writer writer = null;
        try
        {
            writer = new Mp4Writer(target.container(settings), settings.width(), settings.height(), settings.fps());
            connected = true;
            final float[] silence = new float[audioRate / 10];
            final FloatBuffer silenceView = FloatBuffer.wrap(silence);
            long nextFrame = 0;
            long audioWritten = 0;
            while (failure.get() == null)
            {
                final FrameSlots.Slot slot = slots.peek();
                if (slot == null)
                {
                    if (closeRequested)
                    {
                        break;
                    }
                    LockSupport.parkNanos(this, IDLE_PARK_NS);
                    continue;
                }
                if (slot.frameIndex < nextFrame)
                {
                    throw new IllegalStateException("frame " + slot.frameIndex + " arrived after frame "
                        + (nextFrame - 1));
                }
                gapFrames.lazySet(gapFrames.get() + slot.frameIndex - nextFrame);
                // Only frames dropped here (and audio a feed lost) leave audio missing: fill exactly that with
                // silence, so the audio track stays on the session's sample clock.
                final long audioStart = slot.audioStart;
                long gap = audioStart - audioWritten;
                while (gap > 0)
                {
                    final int n = (int)Math.min(gap, silence.length);
                    silenceView.clear().limit(n);
                    writer.writeAudio(silenceView, audioRate);
                    gap -= n;
                    audioWritten += n;
                }
                // Audio already covered (not expected from the engine) is skipped rather than written twice.
                final int skip = (int)Math.min(slot.audioLen, Math.max(0, audioWritten - audioStart));
                slot.video.clear();
                writer.writeI420(slot.video, slot.frameIndex);
                slot.audioView.limit(slot.audioLen).position(skip);
                writer.writeAudio(slot.audioView, audioRate);
                audioWritten += slot.audioLen - skip;
                audioSamples.lazySet(audioWritten);
                nextFrame = slot.frameIndex + 1;
                final long sendNs = System.nanoTime() - slot.offeredNs;
                slots.release();
                framesWritten.lazySet(framesWritten.get() + 1);
                sendNsTotal.lazySet(sendNsTotal.get() + sendNs);
                if (sendNs > sendNsMax.get())
                {
                    sendNsMax.lazySet(sendNs);
                }
            }
            final Mp4Writer w = writer;
            writer = null;
            w.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            fail(describe(ex));
        }
        finally
        {
            if (writer != null)
            {
                try
                {
                    writer.close();
                }
                catch (final IOException ignored)
                {
                    // Already failed: the first failure is the one reported.
                }
            }
            finished = true;
            onFinished.run();
        }
    }

    private String describe(final Exception ex)
    {
        final String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return (connected ? "streaming to " : "cannot connect to ") + target.url() + ": " + explain(m) + " ("
            + m + ")";
    }

    /**
     * @param message a JavaCV message such as {@code "avio_open2() error -111: Could not open ..."}.
     * @return FFmpeg's text for the error code in it (e.g. "Connection refused"), or "FFmpeg error".
     */
    static String explain(final String message)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("error (-\\d+)").matcher(message);
        if (!m.find())
        {
            return "FFmpeg error";
        }
        try (org.bytedeco.javacpp.BytePointer text = new org.bytedeco.javacpp.BytePointer(256))
        {
            final int code = Integer.parseInt(m.group(1));
            if (org.bytedeco.ffmpeg.global.avutil.av_strerror(code, text, 256) != 0)
            {
                return "FFmpeg error " + code;
            }
            // getString() would read the whole 256-byte buffer: stop at the terminating NUL.
            final byte[] bytes = new byte[256];
            text.get(bytes);
            int n = 0;
            while (n < bytes.length && bytes[n] != 0)
            {
                n++;
            }
            return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
