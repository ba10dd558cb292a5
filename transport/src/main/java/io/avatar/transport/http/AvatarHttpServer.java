package io.avatar.transport.http;

import io.avatar.transport.api.AvatarService;
import io.avatar.transport.webrtc.SignallingThread;
import io.avatar.transport.webrtc.WebRtcFactories;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/WebSocket server: binds, builds one pipeline per connection, and owns the WebRTC signalling thread and
 * factories. Start with {@link #start}; {@link #close()} stops accepting, closes every connection (and so every
 * peer), then frees the factories and the thread, in that order. Any thread.
 */
public final class AvatarHttpServer implements AutoCloseable
{
    /** Connections silent for this long are closed (the page pings every second). */
    public static final int IDLE_SECONDS = 120;

    private final ServerContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService apiExecutors;
    private final Channel serverChannel;
    private boolean closed;

    private AvatarHttpServer(final ServerContext context, final EventLoopGroup boss, final EventLoopGroup workers,
        final ExecutorService apiExecutors, final Channel serverChannel)
    {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
        this.apiExecutors = apiExecutors;
        this.serverChannel = serverChannel;
    }

    /**
     * Starts the server.
     *
     * @param service the engine.
     * @param config  settings.
     * @param webRtc  whether to create the WebRTC factories (false for REST-only use and tests).
     * @return the running server.
     * @throws InterruptedException when interrupted while binding.
     */
    public static AvatarHttpServer start(final AvatarService service, final ServerConfig config, final boolean webRtc)
        throws InterruptedException
    {
        SignallingThread signalling = null;
        WebRtcFactories factories = null;
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        ExecutorService api = null;
        try
        {
            if (webRtc)
            {
                signalling = new SignallingThread();
                factories = signalling.call(WebRtcFactories::new);
            }
            final ServerContext context = new ServerContext(service, config, signalling, factories);
            boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
            // REST calls into the engine may block (portrait fitting): they run off the I/O threads, so a slow
            // session creation does not stall WebSocket signalling.
            api = Executors.newFixedThreadPool(4, new DefaultThreadFactory("avatar-api", true));
            final ExecutorService apiGroup = api;
            final Channel ch = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel c)
                    {
                        pipeline(c.pipeline(), context, apiGroup);
                    }
                })
                .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
            return new AvatarHttpServer(context, boss, workers, api, ch);
        }
        catch (final RuntimeException | InterruptedException | Error ex)
        {
            if (boss != null)
            {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            if (workers != null)
            {
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            if (api != null)
            {
                api.shutdownNow();
            }
            closeWebRtc(signalling, factories);
            throw ex;
        }
    }

    /**
     * Builds one connection's pipeline; public so tests can build it on an {@code EmbeddedChannel}.
     *
     * @param p       the pipeline.
     * @param context the server's shared state.
     * @param api     threads for the REST handler, or null to run it on the channel's event loop (tests).
     */
    public static void pipeline(final ChannelPipeline p, final ServerContext context, final Executor api)
    {
        final ServerConfig config = context.config();
        p.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS));
        p.addLast(new IdleCloser());
        p.addLast(new HttpServerCodec(4096, 8192, 8192));
        p.addLast(new RequestGate(config));
        p.addLast(new JsonAggregator(config.maxUploadBytes()));
        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .checkStartsWith(true)
            .handshakeTimeoutMillis(10_000)
            // No automatic close frame on channel close: plain HTTP connections share this pipeline.
            .sendCloseFrame(null)
            .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(config.maxJsonBytes())
                .allowExtensions(false).build())
            .build()));
        p.addLast(new ApiHandler(context, api));
        p.addLast(new SignallingHandler(context));
    }

    /**
     * @return the bound port.
     */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /**
     * @return the shared state (for tests and the CLI).
     */
    public ServerContext context()
    {
        return context;
    }

    /**
     * Blocks until the server channel closes. Any thread.
     *
     * @throws InterruptedException when interrupted.
     */
    public void awaitClose() throws InterruptedException
    {
        serverChannel.closeFuture().sync();
    }

    /**
     * Stops the server. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        apiExecutors.shutdownNow();
        // Streams and WHIP outputs are not tied to a connection: close them (streams finish their files, WHIP
        // outputs DELETE their resources) before the factories.
        context.streams().closeAll();
        context.whipOutputs().closeAll();
        closeWebRtc(context.signalling(), context.factories());
    }

    private static void closeWebRtc(final SignallingThread signalling, final WebRtcFactories factories)
    {
        if (signalling == null)
        {
            return;
        }
        if (factories != null)
        {
            // Queued behind the peers' close tasks that the closed connections posted.
            signalling.call(() ->
            {
                factories.close();
                return null;
            });
        }
        signalling.close();
    }

    /** Closes a connection after {@link #IDLE_SECONDS} without traffic. */
    private static final class IdleCloser extends ChannelDuplexHandler
    {
        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
        {
            if (evt instanceof IdleStateEvent)
            {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }
}
