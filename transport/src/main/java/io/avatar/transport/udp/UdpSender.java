package io.avatar.transport.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One non-blocking UDP socket sending datagrams to one fixed destination. The socket is not connected on purpose:
 * a connected UDP socket on Linux turns the ICMP "port unreachable" of a receiver that is not running yet into an
 * exception on the next send, while a motion stream should simply start working once the game engine listens.
 *
 * <p>{@link #send} never blocks: a datagram the kernel cannot take right now (full socket buffer) is dropped and
 * counted, and an I/O error is counted and kept in {@link #lastError()} for the health report; neither stops the
 * caller. Construction and {@link #close} may run on any thread; {@link #send} belongs to one producer thread;
 * the counters may be read from any thread.
 */
public final class UdpSender implements AutoCloseable
{
    /**
     * Largest datagram accepted: the smallest default maximum among the platforms game engines run on (macOS
     * {@code net.inet.udp.maxdgram} = 9216 bytes; Linux and Windows allow up to 65507). Packets over the local
     * loopback are never fragmented at this size.
     */
    public static final int MAX_SAFE_DATAGRAM = 9216;

    private final InetSocketAddress target;
    private final DatagramChannel channel;
    private volatile long sent;
    private volatile long dropped;
    private volatile long errors;
    private volatile IOException lastError;

    /**
     * Opens the socket.
     *
     * @param what     protocol name used in error messages, e.g. {@code "VMC"}.
     * @param endpoint the validated destination from {@link #resolve}.
     * @throws IllegalStateException naming the protocol when the socket cannot be opened.
     */
    public UdpSender(final String what, final InetSocketAddress endpoint)
    {
        this.target = endpoint;
        try
        {
            final StandardProtocolFamily family = endpoint.getAddress() instanceof java.net.Inet6Address ?
                StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            channel = DatagramChannel.open(family);
            channel.configureBlocking(false);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(what + ": cannot open a UDP socket for " + endpoint + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Validates and resolves a destination (once, at set-up).
     *
     * @param what protocol name for the error message, e.g. {@code "VMC"}.
     * @param host host name or address literal.
     * @param port UDP port, 1..65535.
     * @return the resolved address.
     * @throws IllegalArgumentException naming the bad host or port.
     */
    public static InetSocketAddress resolve(final String what, final String host, final int port)
    {
        if (host == null || host.isBlank())
        {
            throw new IllegalArgumentException(what + " host is empty");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException(what + " port " + port + " is out of range 1..65535");
        }
        try
        {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(what + " host '" + host + "' cannot be resolved: " + ex.getMessage(),
                ex);
        }
    }

    /**
     * Sends one datagram without blocking. Producer thread only.
     *
     * @param datagram bytes from its position to its limit (a direct buffer avoids a copy in the JDK).
     * @return true when the kernel took it; false when it was dropped (counted) or failed (counted).
     */
    public boolean send(final ByteBuffer datagram)
    {
        try
        {
            if (channel.send(datagram, target) > 0)
            {
                sent++;
                return true;
            }
            dropped++;
            return false;
        }
        catch (final IOException ex)
        {
            errors++;
            lastError = ex;
            return false;
        }
    }

    /**
     * @return the destination.
     */
    public InetSocketAddress target()
    {
        return target;
    }

    /**
     * @return datagrams the kernel accepted.
     */
    public long sentCount()
    {
        return sent;
    }

    /**
     * @return datagrams dropped because the socket buffer was full.
     */
    public long droppedCount()
    {
        return dropped;
    }

    /**
     * @return sends that failed with an I/O error.
     */
    public long errorCount()
    {
        return errors;
    }

    /**
     * @return the most recent send error, or null.
     */
    public IOException lastError()
    {
        return lastError;
    }

    /**
     * Closes the socket; idempotent.
     */
    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            lastError = ex;
        }
    }
}
