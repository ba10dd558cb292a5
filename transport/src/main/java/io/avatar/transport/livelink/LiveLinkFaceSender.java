package io.avatar.transport.livelink;

import io.avatar.transport.udp.UdpSender;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends motion frames to Unreal Engine's Live Link (Apple ARKit Face Support, "LiveLinkFace" source) over UDP,
 * default {@code 127.0.0.1:11111}, one packet of version 6 per frame ({@link LiveLinkFaceEncoder}).
 *
 * <p>{@link #send} belongs to one producer thread, never blocks and allocates nothing; what the kernel cannot take
 * is dropped and counted in {@link #udp()}. Construction and {@link #close} may run on any thread.
 */
public final class LiveLinkFaceSender implements io.avatar.transport.udp.MotionSender
{
    /** System property for the receiver host. */
    public static final String HOST_PROP_NAME = "avatar.livelink.host";
    /** Default receiver host. */
    public static final String HOST_DEFAULT = "127.0.0.1";
    /** System property for the receiver port. */
    public static final String PORT_PROP_NAME = "avatar.livelink.port";
    /** Default receiver port (the Live Link Face app's default target port). */
    public static final int PORT_DEFAULT = 11111;
    /** Default device id. */
    public static final String DEVICE_ID_DEFAULT = "io.avatar.engine";
    /** Default subject name. */
    public static final String SUBJECT_DEFAULT = "Avatar";

    private final LiveLinkFaceEncoder encoder;
    private final UdpSender udp;
    private final ByteBuffer datagram;
    private final UnsafeBuffer buffer;

    /**
     * Sends to the default (or system-property) endpoint as subject {@link #SUBJECT_DEFAULT} at 30 fps.
     */
    public LiveLinkFaceSender()
    {
        this(System.getProperty(HOST_PROP_NAME, HOST_DEFAULT), Integer.getInteger(PORT_PROP_NAME, PORT_DEFAULT),
            DEVICE_ID_DEFAULT, SUBJECT_DEFAULT, 30, 1);
    }

    /**
     * @param host           receiver host.
     * @param port           receiver UDP port, 1..65535.
     * @param deviceId       device id string.
     * @param subjectName    Live Link subject name.
     * @param fpsNumerator   frame rate numerator.
     * @param fpsDenominator frame rate denominator.
     * @throws IllegalArgumentException naming a bad value.
     */
    public LiveLinkFaceSender(
        final String host,
        final int port,
        final String deviceId,
        final String subjectName,
        final int fpsNumerator,
        final int fpsDenominator)
    {
        final InetSocketAddress target = UdpSender.resolve("Live Link", host, port);
        encoder = new LiveLinkFaceEncoder(deviceId, subjectName, fpsNumerator, fpsDenominator);
        datagram = ByteBuffer.allocateDirect(encoder.packetLength());
        buffer = new UnsafeBuffer(datagram);
        udp = new UdpSender("Live Link", target);
    }

    /**
     * Encodes and sends one frame with zero eye angles. Producer thread only; allocation-free and non-blocking.
     *
     * @param weights52   52 ARKit weights in Apple's order.
     * @param pose6       head pose as {@link io.avatar.models.rig.HeadPose}.
     * @param timeSeconds sender time, e.g. the frame's pts in seconds.
     * @return true when the datagram was handed to the kernel.
     */
    public boolean send(final float[] weights52, final float[] pose6, final double timeSeconds)
    {
        return send(weights52, pose6, null, timeSeconds);
    }

    /**
     * Encodes and sends one frame. Producer thread only; allocation-free and non-blocking.
     *
     * @param weights52   52 ARKit weights in Apple's order.
     * @param pose6       head pose as {@link io.avatar.models.rig.HeadPose}.
     * @param eyes6       left eye yaw, pitch, roll, right eye yaw, pitch, roll (radians), or null for zeros.
     * @param timeSeconds sender time.
     * @return true when the datagram was handed to the kernel.
     */
    public boolean send(final float[] weights52, final float[] pose6, final float[] eyes6, final double timeSeconds)
    {
        final int length = encoder.encode(weights52, pose6, eyes6, timeSeconds, buffer, 0);
        datagram.clear().limit(length);
        return udp.send(datagram);
    }

    /**
     * @return the encoder (packet length).
     */
    public LiveLinkFaceEncoder encoder()
    {
        return encoder;
    }

    /**
     * @return the socket and its counters, readable from any thread.
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
