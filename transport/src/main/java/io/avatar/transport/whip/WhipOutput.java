package io.avatar.transport.whip;

import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.FrameListener;
import io.avatar.transport.outputs.CloseCallbacks;
import io.avatar.transport.outputs.SessionOutputs;
import io.avatar.transport.webrtc.IceConfig;
import io.avatar.transport.webrtc.PeerSignals;
import io.avatar.transport.webrtc.SignallingThread;
import io.avatar.transport.webrtc.VideoCodec;
import io.avatar.transport.webrtc.WebRtcFactories;
import io.avatar.transport.webrtc.WebRtcPublisher;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes one session's video and audio to a WHIP endpoint: a {@link WebRtcPublisher} (send-only, the session's
 * I420 frames and 48 kHz audio, the chosen codec first) whose offer, once ICE gathering is complete, is POSTed by a
 * {@link WhipClient}; the answer completes the connection. {@link #open} returns when the peer connection is
 * connected, or throws a {@link WhipException} after freeing everything (peer, engine listener, and the endpoint's
 * resource when one was created).
 *
 * <p>The output closes itself (and DELETEs the resource) when the session ends or the connection fails; otherwise
 * {@link #close()} does. Close order: stop taking frames, remove senders, close the peer connection, dispose
 * tracks and sources (all in {@link WebRtcPublisher#close()}), then DELETE, so the server never sees a session that
 * is still sending after it was told to end it, and a slow DELETE cannot keep native resources alive.
 *
 * <p>Thread-safe. {@link #open} and {@link #close()} block (HTTP, signalling thread): call them from neither the
 * WebRTC signalling thread, an engine thread nor a Netty event loop.
 */
public final class WhipOutput implements SessionOutputs.Output
{
    /** Default limit for ICE gathering before the offer is sent. */
    public static final Duration DEFAULT_GATHER_TIMEOUT = Duration.ofSeconds(10);
    /** Default limit from receiving the answer to the connected state. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private static final System.Logger LOG = System.getLogger("io.avatar.transport.whip");

    private final String id;
    private final String sessionId;
    private final WhipClient client;
    private final AvatarService service;
    private final CompletableFuture<String> offer = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final SessionEnd sessionEnd = new SessionEnd();
    private final CloseCallbacks onClosed = new CloseCallbacks();
    private volatile WebRtcPublisher publisher;
    private volatile WhipResource resource;
    private volatile String state = "new";
    private volatile String lastError;
    private volatile String deleteError;
    private volatile long gatherMs = -1;
    private volatile long answerMs = -1;
    private volatile long connectMs = -1;
    private boolean closed;                // guarded by this

    private WhipOutput(final String id, final String sessionId, final WhipClient client, final AvatarService service)
    {
        this.id = id;
        this.sessionId = sessionId;
        this.client = client;
        this.service = service;
    }

    /**
     * Starts publishing and waits until the peer connection is connected. Blocks for up to the gather timeout,
     * two HTTP timeouts and the connect timeout.
     *
     * @param id             this output's id (for the REST API and logs).
     * @param signalling     the WebRTC signalling thread.
     * @param factories      the factories (the send one is used).
     * @param ice            ICE settings for the local side.
     * @param service        the engine.
     * @param sessionId      the session to publish.
     * @param codec          the preferred video codec.
     * @param client         the WHIP endpoint.
     * @param gatherTimeout  limit for ICE gathering.
     * @param connectTimeout limit from the answer to connected.
     * @return the connected output.
     * @throws WhipException                     when the endpoint or the connection failed (message says which).
     * @throws java.util.NoSuchElementException when the session does not exist.
     * @throws IllegalArgumentException         when this build cannot send {@code codec}.
     */
    public static WhipOutput open(final String id, final SignallingThread signalling, final WebRtcFactories factories,
        final IceConfig ice, final AvatarService service, final String sessionId, final VideoCodec codec,
        final WhipClient client, final Duration gatherTimeout, final Duration connectTimeout)
    {
        final WhipOutput out = new WhipOutput(id, sessionId, client, service);
        final long t0 = System.nanoTime();
        try
        {
            out.publisher = WebRtcPublisher.open(signalling, factories, out.signals(), ice, service, sessionId, codec);
            service.addFrameListener(sessionId, out.sessionEnd);
            out.publisher.start();
            final String sdp = await(out.offer, gatherTimeout, "ICE gathering for the WHIP offer to "
                + client.endpoint());
            final long t1 = System.nanoTime();
            out.gatherMs = (t1 - t0) / 1_000_000;
            final WhipResource created = client.publish(sdp);
            out.answerMs = (System.nanoTime() - t1) / 1_000_000;
            if (!out.adopt(created))
            {
                throw new WhipException("the WHIP output closed (session ended) while " + client.endpoint()
                    + " answered; resource " + created.location() + " deleted", 0);
            }
            out.publisher.applyAnswer(created.answerSdp());
            await(out.connected, connectTimeout, "the WebRTC connection to " + client.endpoint() + " (resource "
                + created.location() + ")");
            out.connectMs = (System.nanoTime() - t0) / 1_000_000;
            LOG.log(System.Logger.Level.INFO, "WHIP output {0}: session {1} -> {2} connected in {3} ms (ICE "
                + "gathering {4} ms, POST {5} ms)", id, sessionId, created.location(), out.connectMs, out.gatherMs,
                out.answerMs);
            return out;
        }
        catch (final RuntimeException | Error ex)
        {
            out.close();
            final WhipResource r = out.resource;
            if (ex instanceof WhipException w && r != null)
            {
                throw new WhipException(ex.getMessage() + (out.deleteError == null ? " (sent DELETE " + r.location()
                    + ")" : " (and DELETE failed: " + out.deleteError + ")"), w.status(), ex);
            }
            throw ex;
        }
    }

    private static <T> T await(final CompletableFuture<T> f, final Duration limit, final String what)
    {
        try
        {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new WhipException("timed out after " + limit.toMillis() + " ms waiting for " + what, 0, ex);
        }
        catch (final ExecutionException ex)
        {
            final int status = ex.getCause() instanceof WhipException w ? w.status() : 0;
            throw new WhipException(ex.getCause().getMessage() + " (while waiting for " + what + ")", status,
                ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new WhipException("interrupted while waiting for " + what, 0, ex);
        }
    }

    /**
     * Keeps the endpoint's resource unless the output closed meanwhile, in which case the resource is deleted here
     * (close() could not see it).
     */
    private boolean adopt(final WhipResource r)
    {
        synchronized (this)
        {
            if (!closed)
            {
                resource = r;
                return true;
            }
        }
        try
        {
            client.delete(r.location());
        }
        catch (final WhipException ex)
        {
            deleteError = ex.getMessage();
        }
        return false;
    }

    private PeerSignals signals()
    {
        return new PeerSignals()
        {
            @Override
            public void onLocalDescription(final String type, final String sdp)
            {
                // Not sent yet: WHIP gets one offer with every candidate (onGatheringComplete).
            }

            @Override
            public void onLocalCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
            {
                // No trickle: the candidates travel inside the offer.
            }

            @Override
            public void onGatheringComplete(final String type, final String sdp)
            {
                offer.complete(sdp);
            }

            @Override
            public void onStateChange(final String s)
            {
                state = s;
                if ("connected".equals(s))
                {
                    connected.complete(null);
                }
                else if ("failed".equals(s) || "closed".equals(s))
                {
                    final WhipException ex = new WhipException("the WebRTC connection to " + client.endpoint()
                        + " " + s + (lastError == null ? "" : " (last error: " + lastError + ")"), 0);
                    offer.completeExceptionally(ex);
                    if (!connected.completeExceptionally(ex) && "failed".equals(s))
                    {
                        LOG.log(System.Logger.Level.WARNING, "WHIP output {0}: connection failed; closing", id);
                        closeInBackground();
                    }
                }
            }

            @Override
            public void onError(final String code, final String message)
            {
                lastError = code + ": " + message;
                final WhipException ex = new WhipException("WebRTC rejected the WHIP exchange with "
                    + client.endpoint() + ": " + lastError, 0);
                offer.completeExceptionally(ex);
                connected.completeExceptionally(ex);
                LOG.log(System.Logger.Level.WARNING, "WHIP output {0}: {1}", id, lastError);
            }
        };
    }

    /** Closes on a fresh virtual thread: the callers (engine, signalling thread) must not block on HTTP. */
    private void closeInBackground()
    {
        Thread.ofVirtual().name("whip-close-" + id).start(this::close);
    }

    /**
     * Runs {@code r} once this output has closed (at once, on the caller's thread, if it already has). Any thread.
     *
     * @param r what to run; it must not throw.
     */
    @Override
    public void whenClosed(final Runnable r)
    {
        onClosed.add(r);
    }

    /**
     * Stops publishing: unregisters from the engine, closes the peer connection and its media, then DELETEs the
     * resource (a failed DELETE is logged and kept in {@link #deleteError()}, never thrown: the local side is
     * gone either way). Idempotent; blocks; see the class comment for the threads that may call.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        // Wakes an open() still waiting for the offer or the connection.
        final WhipException ended = new WhipException("the WHIP output to " + client.endpoint() + " was closed", 0);
        offer.completeExceptionally(ended);
        connected.completeExceptionally(ended);
        service.removeFrameListener(sessionId, sessionEnd);
        final WebRtcPublisher p = publisher;
        if (p != null)
        {
            p.close();
        }
        final WhipResource r = resource;
        if (r != null)
        {
            try
            {
                client.delete(r.location());
            }
            catch (final WhipException ex)
            {
                deleteError = ex.getMessage();
                LOG.log(System.Logger.Level.WARNING, "WHIP output {0}: {1}", id, ex.getMessage());
            }
        }
        // The peer connection's listener is gone with it: record the end ourselves (a failure stays "failed").
        if (!"failed".equals(state))
        {
            state = "closed";
        }
        onClosed.fire();
    }

    /**
     * @return this output's id. Any thread.
     */
    @Override
    public String id()
    {
        return id;
    }

    /**
     * @return the published session. Any thread.
     */
    @Override
    public String sessionId()
    {
        return sessionId;
    }

    /**
     * @return the endpoint URL. Any thread.
     */
    public URI endpoint()
    {
        return client.endpoint();
    }

    /**
     * @return the WHIP resource, or null before the endpoint answered. Any thread.
     */
    public WhipResource resource()
    {
        return resource;
    }

    /**
     * @return the peer connection state, lower case. Any thread.
     */
    public String state()
    {
        return state;
    }

    /**
     * @return milliseconds from {@link #open} to the complete offer (peer connection built, ICE gathered), or -1
     *     before. Any thread.
     */
    public long gatherMs()
    {
        return gatherMs;
    }

    /**
     * @return milliseconds from the POST to the endpoint's answer (redirects included), or -1 before. Any thread.
     */
    public long answerMs()
    {
        return answerMs;
    }

    /**
     * @return milliseconds from {@link #open} to connected, or -1 before. Any thread.
     */
    public long connectMs()
    {
        return connectMs;
    }

    /**
     * @return frames handed to the encoder. Any thread.
     */
    public long framesPushed()
    {
        final WebRtcPublisher p = publisher;
        return p == null ? 0 : p.framesPushed();
    }

    /**
     * @return 10 ms audio chunks handed to the encoder. Any thread.
     */
    public long audioChunksPushed()
    {
        final WebRtcPublisher p = publisher;
        return p == null ? 0 : p.audioChunksPushed();
    }

    /**
     * @return the last WebRTC error reported after the start, or null. Any thread.
     */
    public String lastError()
    {
        return lastError;
    }

    /**
     * @return why the DELETE on close failed, or null (not closed, no resource, or deleted). Any thread.
     */
    public String deleteError()
    {
        return deleteError;
    }

    /**
     * @return whether {@link #close()} has begun. Any thread.
     */
    public synchronized boolean isClosed()
    {
        return closed;
    }

    /** Closes the output when the session ends; ignores the media (the publisher has its own listener). */
    private final class SessionEnd implements FrameListener
    {
        @Override
        public void onVideoFrame(final ByteBuffer i420, final int width, final int height, final long ptsNs)
        {
        }

        @Override
        public void onAudio(final float[] pcm, final int off, final int len, final long ptsNs)
        {
        }

        @Override
        public void onClosed()
        {
            closeInBackground();
        }
    }
}
