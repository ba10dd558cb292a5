package io.avatar.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.outputs.SessionOutputs;
import io.avatar.transport.stream.SessionStream;
import io.avatar.transport.webrtc.SignallingThread;
import io.avatar.transport.webrtc.WebRtcFactories;
import io.avatar.transport.whip.WhipOutputs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every handler of one server shares: the engine, the configuration, the WebRTC signalling thread and
 * factories, the statistics browsers report, and the peer and WebSocket counts that the limits apply to.
 * Thread-safe.
 */
public final class ServerContext
{
    private final AvatarService service;
    private final ServerConfig config;
    private final SignallingThread signalling;
    private final WebRtcFactories factories;
    private final Map<String, JsonNode> clientStats = new ConcurrentHashMap<>();
    private final AtomicInteger peers = new AtomicInteger();
    private final AtomicInteger webSockets = new AtomicInteger();
    private final AtomicInteger streamSlots = new AtomicInteger();
    private final WhipOutputs whipOutputs = new WhipOutputs();
    private final SessionOutputs<SessionStream> streams = new SessionOutputs<>();

    /**
     * @param service    the engine.
     * @param config     the settings.
     * @param signalling the WebRTC signalling thread, or null when WebRTC is off (REST-only tests).
     * @param factories  the WebRTC factories, or null when WebRTC is off.
     */
    public ServerContext(final AvatarService service, final ServerConfig config, final SignallingThread signalling,
        final WebRtcFactories factories)
    {
        this.service = service;
        this.config = config;
        this.signalling = signalling;
        this.factories = factories;
    }

    /**
     * @return the engine.
     */
    public AvatarService service()
    {
        return service;
    }

    /**
     * @return the settings.
     */
    public ServerConfig config()
    {
        return config;
    }

    /**
     * @return the signalling thread, or null when WebRTC is off.
     */
    public SignallingThread signalling()
    {
        return signalling;
    }

    /**
     * @return the factories, or null when WebRTC is off.
     */
    public WebRtcFactories factories()
    {
        return factories;
    }

    /**
     * @return the WHIP outputs started through the REST API.
     */
    public WhipOutputs whipOutputs()
    {
        return whipOutputs;
    }

    /**
     * @return the RTMP/SRT/file streams started through the REST API.
     */
    public SessionOutputs<SessionStream> streams()
    {
        return streams;
    }

    /**
     * @return per session, the last statistics a page reported over the WebSocket.
     */
    public Map<String, JsonNode> clientStats()
    {
        return clientStats;
    }

    /**
     * Reserves a peer slot.
     *
     * @return whether one was free; release it with {@link #releasePeer()}.
     */
    public boolean tryAcquirePeer()
    {
        return tryAcquire(peers, config.maxPeers());
    }

    /**
     * Returns a peer slot.
     */
    public void releasePeer()
    {
        peers.decrementAndGet();
    }

    /**
     * @return peer connections open now.
     */
    public int peers()
    {
        return peers.get();
    }

    /**
     * Reserves a WebSocket slot.
     *
     * @return whether one was free; release it with {@link #releaseWebSocket()}.
     */
    public boolean tryAcquireWebSocket()
    {
        return tryAcquire(webSockets, config.maxWebSockets());
    }

    /**
     * Returns a WebSocket slot.
     */
    public void releaseWebSocket()
    {
        webSockets.decrementAndGet();
    }

    /**
     * Reserves a stream slot.
     *
     * @return whether one was free; release it with {@link #releaseStream()}.
     */
    public boolean tryAcquireStream()
    {
        return tryAcquire(streamSlots, config.maxStreams());
    }

    /**
     * Returns a stream slot.
     */
    public void releaseStream()
    {
        streamSlots.decrementAndGet();
    }

    private static boolean tryAcquire(final AtomicInteger counter, final int max)
    {
        while (true)
        {
            final int n = counter.get();
            if (n >= max)
            {
                return false;
            }
            if (counter.compareAndSet(n, n + 1))
            {
                return true;
            }
        }
    }
}
