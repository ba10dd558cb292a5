package io.avatar.transport.stream;

import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.outputs.CloseCallbacks;
import io.avatar.transport.outputs.SessionOutputs;

import java.io.IOException;

/**
 * Streams one session of an {@link AvatarService} (the network API's engine) to RTMP, SRT or a file: a
 * {@link StreamOutput} at the session's frame size and rate, fed by a {@link ListenerFeed} registered as the
 * session's frame listener once the destination is connected. {@link #open} returns when it is (or throws with
 * FFmpeg's reason). The stream ends when the session closes (the queued frames are sent first), when it fails, or on
 * {@link #close()}; then the feed leaves the session and {@link #whenClosed} callbacks run.
 *
 * <p>Thread-safe. {@link #open} and {@link #close()} block (network); call them from neither an engine thread nor a
 * Netty event loop.
 */
public final class SessionStream implements SessionOutputs.Output
{
    private static final System.Logger LOG = System.getLogger("io.avatar.transport.stream");

    private final String id;
    private final String sessionId;
    private final AvatarService service;
    private final String shownTarget;
    private final StreamOutput output;
    private final ListenerFeed feed;
    private final CloseCallbacks onClosed = new CloseCallbacks();
    private boolean attached;              // guarded by this
    private boolean finished;              // guarded by this

    private SessionStream(final String id, final AvatarService service, final String sessionId,
        final StreamTarget target, final StreamSettings settings, final String shownTarget)
    {
        this.id = id;
        this.sessionId = sessionId;
        this.service = service;
        this.shownTarget = shownTarget;
        this.output = StreamOutput.forListener(target, settings, this::writerFinished);
        this.feed = new ListenerFeed(output);
    }

    /**
     * Connects to the destination and, once connected, starts taking the session's frames. Blocks up to the
     * settings' network timeout plus 2 s.
     *
     * @param id              this stream's id (for the REST API and logs).
     * @param service         the engine.
     * @param sessionId       the session to stream.
     * @param target          where to.
     * @param keyframeSeconds seconds between H.264 key frames.
     * @param shownTarget     the destination as reports and messages show it (secrets such as stream keys left out).
     * @return the streaming output.
     * @throws IOException                      when the destination cannot be reached or written (FFmpeg's reason,
     *                                          with the destination as {@code shownTarget}).
     * @throws java.util.NoSuchElementException when the session does not exist (or closed meanwhile).
     * @throws IllegalArgumentException         when the key frame interval is out of range.
     */
    public static SessionStream open(final String id, final AvatarService service, final String sessionId,
        final StreamTarget target, final double keyframeSeconds, final String shownTarget) throws IOException
    {
        final SessionInfo s = service.session(sessionId);
        final StreamSettings settings = StreamSettings.of(s.width(), s.height(), s.fps())
            .withKeyframeSeconds(keyframeSeconds);
        final SessionStream st = new SessionStream(id, service, sessionId, target, settings, shownTarget);
        final long t0 = System.nanoTime();
        final StreamOutput.State state = st.output.awaitConnected(settings.ioTimeoutMs() + 2_000L);
        if (state != StreamOutput.State.STREAMING)
        {
            st.close();
            throw new IOException(state == StreamOutput.State.CONNECTING ? "cannot connect to " + shownTarget
                + ": no answer within " + (settings.ioTimeoutMs() + 2_000L) + " ms" : st.failure());
        }
        try
        {
            st.attach();
        }
        catch (final RuntimeException ex)
        {
            st.close();
            throw ex;
        }
        LOG.log(System.Logger.Level.INFO, "stream {0}: session {1} -> {2} ({3}) connected in {4} ms", id, sessionId,
            shownTarget, target.format(), (System.nanoTime() - t0) / 1_000_000);
        return st;
    }

    /** Registers the feed with the session, unless the writer has already finished (failed meanwhile). */
    private void attach() throws IOException
    {
        synchronized (this)
        {
            if (finished)
            {
                throw new IOException(failure() != null ? failure() : "the stream to " + shownTarget
                    + " ended before it started");
            }
            attached = true;
            service.addFrameListener(sessionId, feed);
        }
    }

    /** Writer thread, once it has finished: takes the feed off the session and runs the close callbacks. */
    private void writerFinished()
    {
        final boolean wasAttached;
        synchronized (this)
        {
            finished = true;
            wasAttached = attached;
        }
        if (wasAttached)
        {
            service.removeFrameListener(sessionId, feed);
        }
        final String failure = failure();
        if (failure != null && wasAttached)
        {
            LOG.log(System.Logger.Level.WARNING, "stream {0} of session {1} failed: {2}", id, sessionId, failure);
        }
        onClosed.fire();
    }

    @Override
    public void whenClosed(final Runnable r)
    {
        onClosed.add(r);
    }

    /**
     * Ends the stream: the frames already queued are sent and the destination is finished (a file gets its index),
     * then the feed leaves the session. Waits up to the network timeout plus 2 s. Idempotent; see the class comment
     * for the threads that may call.
     */
    @Override
    public void close()
    {
        output.close();
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public String sessionId()
    {
        return sessionId;
    }

    /**
     * @return the destination as shown to users (secrets left out). Any thread.
     */
    public String target()
    {
        return shownTarget;
    }

    /**
     * @return the container (flv, mpegts, matroska, mp4). Any thread.
     */
    public String format()
    {
        return output.target().format();
    }

    /**
     * @return the encoding settings. Any thread.
     */
    public StreamSettings settings()
    {
        return output.settings();
    }

    /**
     * @return the counters. Any thread.
     */
    public StreamStats stats()
    {
        return output.stats();
    }

    /**
     * @return seconds of audio the feed dropped because no frame slot took it within a second. Any thread.
     */
    public double audioLostSeconds()
    {
        return feed.audioLost() / (double)io.avatar.transport.api.FrameListener.AUDIO_SAMPLE_RATE;
    }

    /**
     * @return why the stream failed, with the destination as {@link #target()} shows it, or null. Any thread.
     */
    public String failure()
    {
        final String f = output.failure();
        return f == null ? null : f.replace(output.target().url(), shownTarget);
    }
}
