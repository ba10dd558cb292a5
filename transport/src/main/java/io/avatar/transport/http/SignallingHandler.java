package io.avatar.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.FrameListener;
import io.avatar.transport.webrtc.MicrophoneIngest;
import io.avatar.transport.webrtc.PeerSignals;
import io.avatar.transport.webrtc.SignalledPeer;
import io.avatar.transport.webrtc.VideoCodec;
import io.avatar.transport.webrtc.WebRtcPublisher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.ByteBuffer;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection: WebRTC signalling for at most one publisher ("view": the server offers) and one
 * microphone ingest ("mic": the browser offers), plus live events (speaking/idle, counters every second, ping/pong
 * for round-trip time) and the page's own WebRTC statistics. Messages are JSON text frames (see docs/API.md); a bad
 * one gets {@code {"type": "error", "error": code, "message": ...}} and the connection stays open. Peers are created,
 * used and closed on the signalling thread; the fields holding them are touched there only.
 */
public final class SignallingHandler extends SimpleChannelInboundHandler<WebSocketFrame>
{
    private final ServerContext context;
    private Channel channel;
    private boolean counted;
    private ScheduledFuture<?> ticker;
    private volatile String sessionId;
    private volatile WebRtcPublisher view;       // written on the signalling thread
    private volatile MicrophoneIngest mic;       // written on the signalling thread
    private EventForwarder events;               // guarded by this

    /**
     * @param context the server's shared state.
     */
    public SignallingHandler(final ServerContext context)
    {
        this.context = context;
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            channel = ctx.channel();
            if (!context.tryAcquireWebSocket())
            {
                send(error("too_many_connections", "the server holds its limit of "
                    + context.config().maxWebSockets() + " WebSocket connections", null));
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER))
                    .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            counted = true;
            ticker = ctx.executor().scheduleAtFixedRate(this::sendCounters, 1, 1, TimeUnit.SECONDS);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (!(frame instanceof TextWebSocketFrame text))
        {
            send(error("bad_message", "only JSON text messages are accepted", null));
            return;
        }
        final JsonNode msg;
        try
        {
            msg = Responses.JSON.readTree(text.text());
        }
        catch (final JsonProcessingException ex)
        {
            send(error("bad_json", "malformed JSON: " + ex.getOriginalMessage(), null));
            return;
        }
        if (msg == null || !msg.isObject() || !msg.path("type").isTextual())
        {
            send(error("bad_message", "a message is a JSON object with a string 'type'", null));
            return;
        }
        final String type = msg.get("type").asText();
        try
        {
            handle(type, msg);
        }
        catch (final IllegalArgumentException ex)
        {
            send(error(ex.getMessage() != null && ex.getMessage().contains("SDP") ? "bad_sdp" : "bad_message",
                ex.getMessage(), type));
        }
        catch (final NoSuchElementException ex)
        {
            send(error("no_session", ex.getMessage(), type));
        }
        catch (final IllegalStateException ex)
        {
            send(error("unavailable", ex.getMessage(), type));
        }
    }

    private void handle(final String type, final JsonNode msg)
    {
        switch (type)
        {
            case "ping" ->
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.put("type", "pong");
                n.set("t", msg.get("t"));
                n.put("serverTimeMs", System.currentTimeMillis());
                send(n);
            }
            case "watch" ->
            {
                final String id = sessionField(msg);
                context.service().session(id);
                final VideoCodec codec = msg.hasNonNull("codec") ? VideoCodec.parse(msg.get("codec").asText())
                    : context.config().codec();
                requireWebRtc();
                onSignalling(() -> startView(id, codec));
            }
            case "subscribe" ->
            {
                final String id = sessionField(msg);
                context.service().session(id);
                watchEvents(id);
            }
            case "answer" ->
            {
                final String sdp = SignalledPeer.checkSdp(text(msg, "sdp"));
                onSignalling(() ->
                {
                    if (view == null)
                    {
                        send(error("no_peer", "answer without a 'watch' offer", type));
                    }
                    else
                    {
                        view.applyAnswer(sdp);
                    }
                });
            }
            case "mic" ->
            {
                final String id = sessionField(msg);
                context.service().session(id);
                final String sdp = SignalledPeer.checkSdp(text(msg, "sdp"));
                requireWebRtc();
                onSignalling(() -> startMic(id, sdp));
            }
            case "candidate" ->
            {
                final String pcName = text(msg, "pc");
                final String cand = msg.path("candidate").asText("");
                final String mid = msg.hasNonNull("sdpMid") ? msg.get("sdpMid").asText() : null;
                final int index = msg.path("sdpMLineIndex").asInt(0);
                if (!"view".equals(pcName) && !"mic".equals(pcName))
                {
                    throw new IllegalArgumentException("'pc' must be 'view' or 'mic', got '" + pcName + "'");
                }
                onSignalling(() ->
                {
                    final SignalledPeer p = "view".equals(pcName) ? view : mic;
                    if (p == null)
                    {
                        send(error("no_peer", "candidate for '" + pcName + "' before it was started", type));
                        return;
                    }
                    try
                    {
                        p.addRemoteCandidate(cand, mid, index);
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        send(error("bad_candidate", ex.getMessage(), type));
                    }
                });
            }
            case "stop" ->
            {
                final String pcName = text(msg, "pc");
                onSignalling(() ->
                {
                    if ("view".equals(pcName))
                    {
                        closeView();
                    }
                    else if ("mic".equals(pcName))
                    {
                        closeMic();
                    }
                });
            }
            case "stats" ->
            {
                final String id = sessionField(msg);
                context.service().session(id);
                final JsonNode stats = msg.get("stats");
                if (stats == null || !stats.isObject())
                {
                    throw new IllegalArgumentException("'stats' must be a JSON object");
                }
                final ObjectNode copy = stats.deepCopy();
                copy.put("receivedAtMs", System.currentTimeMillis());
                context.clientStats().put(id, copy);
            }
            default -> throw new IllegalArgumentException("unknown message type '" + type
                + "' (ping, subscribe, watch, answer, mic, candidate, stop, stats)");
        }
    }

    private void startView(final String id, final VideoCodec codec)
    {
        closeView();
        if (!context.tryAcquirePeer())
        {
            send(error("too_many_peers", "the server holds its limit of " + context.config().maxPeers()
                + " peer connections", "watch"));
            return;
        }
        try
        {
            view = WebRtcPublisher.open(context.signalling(), context.factories(), signals("view"),
                context.config().ice(), context.service(), id, codec);
        }
        catch (final RuntimeException ex)
        {
            context.releasePeer();
            send(error(ex instanceof NoSuchElementException ? "no_session" : "webrtc", ex.getMessage(), "watch"));
            return;
        }
        watchEvents(id);
        view.start();
    }

    private void startMic(final String id, final String sdp)
    {
        closeMic();
        if (!context.tryAcquirePeer())
        {
            send(error("too_many_peers", "the server holds its limit of " + context.config().maxPeers()
                + " peer connections", "mic"));
            return;
        }
        try
        {
            mic = MicrophoneIngest.open(context.signalling(), context.factories(), signals("mic"),
                context.config().ice(), context.service(), id);
        }
        catch (final RuntimeException ex)
        {
            context.releasePeer();
            send(error("webrtc", ex.getMessage(), "mic"));
            return;
        }
        watchEvents(id);
        mic.applyOffer(sdp);
    }

    // Called from the event loop (subscribe) and the signalling thread (watch, mic): synchronized, and rare.
    private synchronized void watchEvents(final String id)
    {
        if (events != null && events.id.equals(id))
        {
            return;
        }
        unwatchEvents();
        sessionId = id;
        events = new EventForwarder(id);
        context.service().addFrameListener(id, events);
    }

    private synchronized void unwatchEvents()
    {
        if (events != null)
        {
            context.service().removeFrameListener(events.id, events);
            events = null;
        }
    }

    private void closeView()
    {
        final WebRtcPublisher p = view;
        if (p != null)
        {
            view = null;
            p.close();
            context.releasePeer();
        }
    }

    private void closeMic()
    {
        final MicrophoneIngest m = mic;
        if (m != null)
        {
            mic = null;
            m.close();
            context.releasePeer();
        }
    }

    private PeerSignals signals(final String pcName)
    {
        return new PeerSignals()
        {
            @Override
            public void onLocalDescription(final String type, final String sdp)
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.put("type", type);
                n.put("pc", pcName);
                n.put("sdp", sdp);
                send(n);
            }

            @Override
            public void onLocalCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.put("type", "candidate");
                n.put("pc", pcName);
                n.put("candidate", candidate);
                n.put("sdpMid", sdpMid);
                n.put("sdpMLineIndex", sdpMLineIndex);
                send(n);
            }

            @Override
            public void onStateChange(final String state)
            {
                final ObjectNode n = Responses.JSON.createObjectNode();
                n.put("type", "state");
                n.put("pc", pcName);
                n.put("state", state);
                send(n);
            }

            @Override
            public void onError(final String code, final String message)
            {
                send(error(code, message, pcName));
            }
        };
    }

    private void sendCounters()
    {
        final String id = sessionId;
        if (id == null)
        {
            return;
        }
        final ObjectNode n = Responses.JSON.createObjectNode();
        n.put("type", "counters");
        n.put("session", id);
        try
        {
            n.set("engine", Responses.JSON.valueToTree(context.service().counters(id)));
        }
        catch (final NoSuchElementException ex)
        {
            return;
        }
        final WebRtcPublisher p = view;
        if (p != null)
        {
            final ObjectNode v = n.putObject("view");
            v.put("state", p.state());
            v.put("framesPushed", p.framesPushed());
            v.put("audioChunksPushed", p.audioChunksPushed());
            v.put("audioUnderruns", p.audioUnderruns());
            v.put("audioDropped", p.audioDropped());
        }
        final MicrophoneIngest m = mic;
        if (m != null)
        {
            final ObjectNode v = n.putObject("mic");
            v.put("state", m.state());
            v.put("samplesIn", m.samplesIn());
            v.put("level", Math.round(m.level() * 10000) / 10000.0);
            v.put("pushErrors", m.pushErrors());
        }
        send(n);
    }

    private void onSignalling(final Runnable r)
    {
        context.signalling().execute(r);
    }

    private void requireWebRtc()
    {
        if (context.signalling() == null || context.factories() == null)
        {
            throw new IllegalStateException("WebRTC is not enabled on this server");
        }
    }

    private static String sessionField(final JsonNode msg)
    {
        final String id = text(msg, "session");
        if (!id.matches("[A-Za-z0-9_-]{1,64}"))
        {
            throw new IllegalArgumentException("'session' must be 1..64 characters of [A-Za-z0-9_-]");
        }
        return id;
    }

    private static String text(final JsonNode msg, final String field)
    {
        final JsonNode v = msg.get(field);
        if (v == null || !v.isTextual())
        {
            throw new IllegalArgumentException("message '" + msg.path("type").asText() + "' needs a string '"
                + field + "'" + ("sdp".equals(field) ? " (SDP)" : ""));
        }
        return v.asText();
    }

    private static ObjectNode error(final String code, final String message, final String ref)
    {
        final ObjectNode n = Responses.error(code, message);
        n.put("type", "error");
        if (ref != null)
        {
            n.put("ref", ref);
        }
        return n;
    }

    private void send(final ObjectNode n)
    {
        final Channel c = channel;
        if (c != null && c.isActive())
        {
            c.writeAndFlush(new TextWebSocketFrame(n.toString()));
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (ticker != null)
        {
            ticker.cancel(false);
        }
        if (counted)
        {
            counted = false;
            context.releaseWebSocket();
        }
        if (context.signalling() != null)
        {
            onSignalling(() ->
            {
                closeView();
                closeMic();
                unwatchEvents();
            });
        }
        else
        {
            unwatchEvents();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    /** Forwards speaking/idle changes and the session's end to the WebSocket; called on the engine thread. */
    private final class EventForwarder implements FrameListener
    {
        final String id;

        EventForwarder(final String id)
        {
            this.id = id;
        }

        @Override
        public void onVideoFrame(final ByteBuffer i420, final int width, final int height, final long ptsNs)
        {
        }

        @Override
        public void onAudio(final float[] pcm, final int off, final int len, final long ptsNs)
        {
        }

        @Override
        public void onSpeaking(final boolean speaking)
        {
            final ObjectNode n = Responses.JSON.createObjectNode();
            n.put("type", "speaking");
            n.put("session", id);
            n.put("speaking", speaking);
            n.put("serverTimeMs", System.currentTimeMillis());
            send(n);
        }

        @Override
        public void onClosed()
        {
            final ObjectNode n = Responses.JSON.createObjectNode();
            n.put("type", "closed");
            n.put("session", id);
            send(n);
            if (context.signalling() != null)
            {
                onSignalling(() ->
                {
                    closeView();
                    closeMic();
                });
            }
        }
    }
}
