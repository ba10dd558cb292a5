package io.avatar.transport.osc;

import io.avatar.transport.udp.UdpSender;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends motion frames to a VMC protocol receiver over UDP (default {@code 127.0.0.1:39539}, the port VMC receivers
 * listen on), one OSC bundle per frame as described in {@link VmcBundleEncoder}. The bundle is
 * {@link VmcBundleEncoder#BUNDLE_LENGTH} bytes, checked at construction against {@link UdpSender#MAX_SAFE_DATAGRAM},
 * so an oversized datagram cannot happen at run time.
 *
 * <p>{@link #send} belongs to one producer thread (the engine's publish stage), never blocks and allocates nothing:
 * a datagram the kernel cannot take is dropped and counted in {@link #udp()}. Construction and {@link #close} may run
 * on any thread.
 */
public final class VmcSender implements io.avatar.transport.udp.MotionSender
{
    /** System property for the receiver host. */
    public static final String HOST_PROP_NAME = "avatar.vmc.host";
    /** Default receiver host. */
    public static final String HOST_DEFAULT = "127.0.0.1";
    /** System property for the receiver port. */
    public static final String PORT_PROP_NAME = "avatar.vmc.port";
    /** Default receiver port (VMC performer/marionette convention). */
    public static final int PORT_DEFAULT = 39539;

    static
    {
        if (VmcBundleEncoder.BUNDLE_LENGTH > UdpSender.MAX_SAFE_DATAGRAM)
        {
            throw new ExceptionInInitializerError("VMC bundle of " + VmcBundleEncoder.BUNDLE_LENGTH +
                " bytes exceeds the safe UDP payload of " + UdpSender.MAX_SAFE_DATAGRAM);
        }
    }

    private final VmcBundleEncoder encoder;
    private final UdpSender udp;
    private final ByteBuffer datagram;
    private final UnsafeBuffer buffer;

    /**
     * Sends to {@link #HOST_DEFAULT}:{@link #PORT_DEFAULT}, or the system properties when set.
     */
    public VmcSender()
    {
        this(System.getProperty(HOST_PROP_NAME, HOST_DEFAULT), Integer.getInteger(PORT_PROP_NAME, PORT_DEFAULT),
            new float[3]);
    }

    /**
     * @param host             receiver host name or address.
     * @param port             receiver UDP port, 1..65535.
     * @param restOffsetMetres head bone rest position in Unity metres (see {@link VmcBundleEncoder}).
     * @throws IllegalArgumentException naming a bad host or port.
     */
    public VmcSender(final String host, final int port, final float[] restOffsetMetres)
    {
        final InetSocketAddress target = UdpSender.resolve("VMC", host, port);
        encoder = new VmcBundleEncoder(restOffsetMetres);
        datagram = ByteBuffer.allocateDirect(VmcBundleEncoder.BUNDLE_LENGTH);
        buffer = new UnsafeBuffer(datagram);
        udp = new UdpSender("VMC", target);
    }

    /**
     * Encodes and sends one frame. Producer thread only; allocation-free and non-blocking.
     *
     * @param weights52   52 ARKit weights in Apple's order.
     * @param pose6       head pose as {@link io.avatar.models.rig.HeadPose}.
     * @param timeSeconds sender time ({@code /VMC/Ext/T}), e.g. the frame's pts in seconds.
     * @return true when the datagram was handed to the kernel.
     */
    public boolean send(final float[] weights52, final float[] pose6, final double timeSeconds)
    {
        final int length = encoder.encode(weights52, pose6, timeSeconds, buffer, 0);
        datagram.clear().limit(length);
        return udp.send(datagram);
    }

    /**
     * @return the socket and its counters (sent, dropped, errors), readable from any thread.
     */
    public UdpSender udp()
    {
        return udp;
    }

    /**
     * Closes the socket; idempotent.
     */
    @Override
    public void close()
    {
        udp.close();
    }
}
