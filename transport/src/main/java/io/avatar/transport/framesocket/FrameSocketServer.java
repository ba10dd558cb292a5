package io.avatar.transport.framesocket;

import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Streams raw frames ({@link FrameHeader} + pixels) to local clients over a Unix domain socket or TCP loopback.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>One producer thread (the engine's publish stage) calls {@link #publish}: it copies the frame into a free
 *   preallocated buffer of every connected client and queues it. It never blocks and never does socket I/O.</li>
 *   <li>The server's own agent ({@link #doWork}, run by {@link #start()} on a dedicated thread, or by a caller's
 *   {@code AgentRunner}/{@code AgentInvoker}) accepts clients, writes queued frames with non-blocking writes and
 *   notices clients that went away.</li>
 * </ul>
 * A client that reads slower than frames arrive fills its socket buffer, then its queue of
 * {@link FrameSocketConfig#queueFrames()} frames (rounded up to a power of two, at least 2); the producer then
 * drops that client's <b>oldest</b> queued frame
 * and counts it ({@link #droppedFrames()}). Other clients are not affected, and a frame already being written is
 * always finished, so a client never sees a torn frame: it sees whole frames with gaps in the sequence.
 * Clients send nothing; bytes they send are discarded. A client that closes, or whose write fails, is removed and
 * its buffers dropped.
 *
 * <p>Hand-off per client: {@code queue + 2} buffers cycle through two lock-free queues (free and ready). The
 * writer holds at most one buffer and the producer at most one, so the free queue is never empty when the producer
 * needs a buffer; when the ready queue is full the producer polls its oldest entry (racing the writer safely, both
 * are {@link ManyToManyConcurrentArrayQueue} polls) and recycles it.
 */
public final class FrameSocketServer implements Agent, AutoCloseable
{
    /** Longest Unix domain socket path on Linux: {@code sun_path} is 108 bytes including the terminating NUL. */
    public static final int MAX_UNIX_PATH_BYTES = 107;

    private final String name;
    private final FrameSocketConfig config;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Path unixPath;
    private final boolean tcp;
    private final Consumer<SelectionKey> keyHandler = this::onKey;
    private final ByteBuffer discard = ByteBuffer.allocateDirect(4096);

    private volatile Client[] clients = new Client[0];
    private volatile long published;
    private volatile long accepted;
    private volatile long rejected;
    private volatile long disconnected;
    private volatile long droppedOfRemovedClients;
    private volatile long deliveredOfRemovedClients;
    private volatile Throwable lastError;
    private AgentRunner runner;
    private boolean closed;

    private FrameSocketServer(
        final String name, final FrameSocketConfig config, final SocketAddress bindAddress, final Path unixPath)
    {
        this.config = config;
        this.unixPath = unixPath;
        this.tcp = bindAddress instanceof InetSocketAddress;
        Selector sel = null;
        ServerSocketChannel ch = null;
        try
        {
            sel = Selector.open();
            ch = tcp ? ServerSocketChannel.open(StandardProtocolFamily.INET) :
                ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            if (tcp)
            {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(bindAddress, 16);
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietCloseAll(ch, sel);
            throw new IllegalStateException("frame socket cannot listen on " + name + ": " + ex.getMessage(), ex);
        }
        this.selector = sel;
        this.server = ch;
        this.name = tcp ? "tcp:" + ((InetSocketAddress)bindAddress).getAddress().getHostAddress() + ":" + localPort() :
            name;
    }

    /**
     * Listens on a Unix domain socket. A stale socket file left by a crashed server is replaced; any other existing
     * file is an error. Any thread.
     *
     * @param path   socket path, at most {@link #MAX_UNIX_PATH_BYTES} bytes, in an existing directory.
     * @param config sizing.
     * @return the listening server (call {@link #start()} or drive {@link #doWork()}).
     * @throws IllegalArgumentException naming a path that is too long, in a missing directory, or not a socket.
     */
    public static FrameSocketServer unixDomain(final Path path, final FrameSocketConfig config)
    {
        final Path abs = path.toAbsolutePath();
        final int bytes = abs.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UNIX_PATH_BYTES)
        {
            throw new IllegalArgumentException("frame socket path '" + abs + "' is " + bytes +
                " bytes; Unix domain socket paths are limited to " + MAX_UNIX_PATH_BYTES);
        }
        final Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("frame socket path '" + abs + "': directory " + dir +
                " does not exist");
        }
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            removeStaleSocket(abs);
        }
        return new FrameSocketServer("unix:" + abs, config, UnixDomainSocketAddress.of(abs), abs);
    }

    /**
     * Listens on TCP. Only loopback addresses are allowed: the frames are unauthenticated raw pixels. Any thread.
     *
     * @param host   a loopback host, e.g. {@code 127.0.0.1}, {@code ::1} or {@code localhost}.
     * @param port   0..65535; 0 picks a free port (see {@link #localPort()}).
     * @param config sizing.
     * @return the listening server.
     * @throws IllegalArgumentException naming a bad host or port.
     */
    public static FrameSocketServer tcpLoopback(final String host, final int port, final FrameSocketConfig config)
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("frame socket TCP port " + port + " is out of range 0..65535");
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("frame socket host '" + host + "' cannot be resolved: " +
                ex.getMessage(), ex);
        }
        if (!address.isLoopbackAddress())
        {
            throw new IllegalArgumentException("frame socket host '" + host + "' (" + address.getHostAddress() +
                ") is not a loopback address; raw frames are only served on loopback");
        }
        return new FrameSocketServer("tcp:" + address.getHostAddress() + ":" + port, config,
            new InetSocketAddress(address, port), null);
    }

    /**
     * Starts the agent on its own daemon thread with a backoff idle strategy (spins briefly, then parks up to
     * 1 ms). Call once, from any thread.
     *
     * @return this.
     */
    public FrameSocketServer start()
    {
        if (runner != null)
        {
            throw new IllegalStateException("frame socket " + name + " already started");
        }
        runner = new AgentRunner(
            new BackoffIdleStrategy(10, 20, 1_000, 1_000_000), this::onError, null, this);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, "avatar-" + roleName());
            t.setDaemon(true);
            return t;
        });
        return this;
    }

    /**
     * Queues one frame for every connected client. Producer thread only; never blocks; allocation-free.
     *
     * @param sessionId session id.
     * @param sequence  frame sequence.
     * @param ptsNanos  presentation time in nanoseconds.
     * @param width     width in pixels.
     * @param height    height in pixels.
     * @param format    {@link FrameHeader#FORMAT_RGBA} or {@link FrameHeader#FORMAT_I420}.
     * @param pixels    source of the payload.
     * @param offset    payload start in {@code pixels}; its length follows from format and size.
     * @return clients the frame was queued for.
     * @throws IllegalArgumentException naming a bad format, size, or a payload over the configured maximum.
     */
    public int publish(
        final long sessionId,
        final long sequence,
        final long ptsNanos,
        final int width,
        final int height,
        final int format,
        final DirectBuffer pixels,
        final int offset)
    {
        final int length = FrameHeader.payloadLength(format, width, height);
        if (length > config.maxPayloadBytes())
        {
            throw new IllegalArgumentException("frame " + width + "x" + height + " format " + format + " is " +
                length + " bytes, over the frame socket's maxPayloadBytes " + config.maxPayloadBytes());
        }
        if (offset < 0 || (long)offset + length > pixels.capacity())
        {
            throw new IllegalArgumentException("frame payload [" + offset + ", " + offset + " + " + length +
                ") is outside the pixel buffer of " + pixels.capacity() + " bytes");
        }
        final Client[] current = clients;
        int queued = 0;
        for (final Client c : current)
        {
            if (c.closed)
            {
                continue;
            }
            Slot slot = c.free.poll();
            if (slot == null)
            {
                // Cannot happen with queueFrames + 2 buffers (see class comment); recover by recycling the oldest.
                slot = c.ready.poll();
                if (slot == null)
                {
                    c.dropped++;
                    continue;
                }
                c.dropped++;
            }
            FrameHeader.write(slot.buffer, 0, sessionId, sequence, ptsNanos, width, height, format, length);
            slot.buffer.putBytes(FrameHeader.LENGTH, pixels, offset, length);
            slot.length = FrameHeader.LENGTH + length;
            if (enqueueDroppingOldest(c, slot))
            {
                queued++;
            }
        }
        published++;
        return queued;
    }

    /**
     * One duty cycle of the server agent: accept, notice closed clients, write queued frames. Agent thread only.
     *
     * @return work done (0 lets the idle strategy back off).
     * @throws IOException if the selector fails.
     */
    @Override
    public int doWork() throws IOException
    {
        int work = selector.selectNow(keyHandler);
        final Client[] current = clients;
        for (final Client c : current)
        {
            work += drain(c);
        }
        return work;
    }

    /**
     * Agent thread: closes every client, the listening socket and the selector, and removes the socket file.
     */
    @Override
    public void onClose()
    {
        for (final Client c : clients)
        {
            removeClient(c);
        }
        CloseHelper.quietCloseAll(server, selector);
        if (unixPath != null)
        {
            try
            {
                Files.deleteIfExists(unixPath);
            }
            catch (final IOException ex)
            {
                lastError = ex;
            }
        }
    }

    /**
     * @return agent name for thread names and logs.
     */
    @Override
    public String roleName()
    {
        return "framesocket-" + (tcp ? "tcp" : "unix");
    }

    /**
     * @return where it listens, e.g. {@code unix:/run/avatar.sock} or {@code tcp:127.0.0.1:7000}.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the bound TCP port (useful after binding port 0); -1 for a Unix domain socket. Any thread.
     */
    public int localPort()
    {
        if (!tcp)
        {
            return -1;
        }
        try
        {
            return ((InetSocketAddress)server.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("frame socket " + name + " has no local address: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the socket path for a Unix domain server, else null.
     */
    public Path unixPath()
    {
        return unixPath;
    }

    /**
     * @return connected clients. Any thread.
     */
    public int clientCount()
    {
        return clients.length;
    }

    /**
     * @return frames handed to {@link #publish}. Any thread.
     */
    public long publishedFrames()
    {
        return published;
    }

    /**
     * @return frames dropped for slow clients (oldest-first), over all clients past and present. Any thread.
     */
    public long droppedFrames()
    {
        long sum = droppedOfRemovedClients;
        for (final Client c : clients)
        {
            sum += c.dropped;
        }
        return sum;
    }

    /**
     * @return frames fully written to clients, past and present. Any thread.
     */
    public long deliveredFrames()
    {
        long sum = deliveredOfRemovedClients;
        for (final Client c : clients)
        {
            sum += c.delivered;
        }
        return sum;
    }

    /**
     * @return clients accepted since start. Any thread.
     */
    public long acceptedClients()
    {
        return accepted;
    }

    /**
     * @return clients refused because {@link FrameSocketConfig#maxClients()} were connected. Any thread.
     */
    public long rejectedClients()
    {
        return rejected;
    }

    /**
     * @return clients removed after they closed or failed. Any thread.
     */
    public long disconnectedClients()
    {
        return disconnected;
    }

    /**
     * @return the last error the agent saw (client I/O failures included), or null. Any thread.
     */
    public Throwable lastError()
    {
        return lastError;
    }

    /**
     * Stops the agent thread (if started) and closes everything; idempotent. Any thread except the agent's.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (runner != null)
        {
            runner.close();
        }
        else
        {
            onClose();
        }
    }

    private void onKey(final SelectionKey key)
    {
        if (!key.isValid())
        {
            return;
        }
        if (key.isAcceptable())
        {
            accept();
        }
        else if (key.isReadable())
        {
            final Client c = (Client)key.attachment();
            try
            {
                // Clients have nothing to say; bounded so a chatty client cannot hold the agent in this loop.
                int n;
                int reads = 0;
                do
                {
                    discard.clear();
                    n = c.channel.read(discard);
                }
                while (n > 0 && ++reads < 16);
                if (n < 0)
                {
                    removeClient(c);
                }
            }
            catch (final IOException ex)
            {
                lastError = ex;
                removeClient(c);
            }
        }
    }

    private void accept()
    {
        SocketChannel ch = null;
        try
        {
            ch = server.accept();
            if (ch == null)
            {
                return;
            }
            if (clients.length >= config.maxClients())
            {
                rejected++;
                ch.close();
                return;
            }
            ch.configureBlocking(false);
            if (tcp)
            {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            final Client c = new Client(ch, config);
            ch.register(selector, SelectionKey.OP_READ, c);
            final Client[] next = Arrays.copyOf(clients, clients.length + 1);
            next[next.length - 1] = c;
            clients = next;
            accepted++;
        }
        catch (final IOException ex)
        {
            lastError = ex;
            CloseHelper.quietClose(ch);
        }
    }

    private int drain(final Client c)
    {
        int written = 0;
        try
        {
            for (int i = 0; i <= config.queueFrames(); i++)
            {
                Slot s = c.sending;
                if (s == null)
                {
                    s = c.ready.poll();
                    if (s == null)
                    {
                        break;
                    }
                    s.view.clear().limit(s.length);
                    c.sending = s;
                }
                c.channel.write(s.view);
                if (s.view.hasRemaining())
                {
                    break; // socket buffer full: carry on next cycle
                }
                c.sending = null;
                c.free.offer(s);
                c.delivered++;
                written++;
            }
        }
        catch (final IOException ex)
        {
            lastError = ex;
            removeClient(c);
        }
        return written;
    }

    private static boolean enqueueDroppingOldest(final Client c, final Slot slot)
    {
        // Bounded: a full queue gives up its oldest frame; if the writer is in the middle of a poll the queue can
        // look full for an instant, and after three tries the new frame is dropped rather than waiting for it.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (c.ready.offer(slot))
            {
                return true;
            }
            final Slot oldest = c.ready.poll();
            if (oldest != null)
            {
                c.dropped++;
                c.free.offer(oldest);
            }
        }
        c.dropped++;
        c.free.offer(slot);
        return false;
    }

    private void removeClient(final Client c)
    {
        if (c.closed)
        {
            return;
        }
        c.closed = true;
        CloseHelper.quietClose(c.channel);
        final Client[] current = clients;
        int index = -1;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == c)
            {
                index = i;
                break;
            }
        }
        if (index >= 0)
        {
            final Client[] next = new Client[current.length - 1];
            System.arraycopy(current, 0, next, 0, index);
            System.arraycopy(current, index + 1, next, index, current.length - index - 1);
            clients = next;
        }
        // The producer may still add to c.dropped for a frame in flight; that late count is lost, by design.
        droppedOfRemovedClients += c.dropped;
        deliveredOfRemovedClients += c.delivered;
        disconnected++;
    }

    private void onError(final Throwable t)
    {
        lastError = t;
    }

    private static void removeStaleSocket(final Path path)
    {
        final int mode;
        try
        {
            mode = (Integer)Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IllegalArgumentException("frame socket path '" + path + "' exists and cannot be inspected: " +
                ex.getMessage(), ex);
        }
        final int socketType = 0140000;
        if ((mode & 0170000) != socketType)
        {
            throw new IllegalArgumentException("frame socket path '" + path + "' exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path)))
        {
            throw new IllegalArgumentException("frame socket path '" + path + "' is in use by a running server (" +
                probe.getRemoteAddress() + ")");
        }
        catch (final IOException refused)
        {
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("frame socket path '" + path + "' is a stale socket that cannot " +
                    "be removed: " + ex.getMessage(), ex);
            }
        }
    }

    /** One preallocated frame buffer: header + payload, and the writer's own view of it. */
    private static final class Slot
    {
        final ByteBuffer bytes;
        final UnsafeBuffer buffer;
        final ByteBuffer view;
        int length;

        Slot(final int capacity)
        {
            bytes = ByteBuffer.allocateDirect(capacity);
            buffer = new UnsafeBuffer(bytes);
            view = bytes.duplicate();
        }
    }

    /** One connected client: its socket, buffers and counters. */
    private static final class Client
    {
        final SocketChannel channel;
        final ManyToManyConcurrentArrayQueue<Slot> free;
        final ManyToManyConcurrentArrayQueue<Slot> ready;
        Slot sending;
        volatile boolean closed;
        volatile long dropped;
        volatile long delivered;

        Client(final SocketChannel channel, final FrameSocketConfig config)
        {
            this.channel = channel;
            final int queue = BitUtil.findNextPositivePowerOfTwo(Math.max(2, config.queueFrames()));
            // Enough buffers that the free queue cannot run dry: a full ready queue, one being written, one filling.
            final int pool = queue + 2;
            ready = new ManyToManyConcurrentArrayQueue<>(queue);
            free = new ManyToManyConcurrentArrayQueue<>(BitUtil.findNextPositivePowerOfTwo(pool));
            for (int i = 0; i < pool; i++)
            {
                free.offer(new Slot(FrameHeader.LENGTH + config.maxPayloadBytes()));
            }
        }
    }
}
