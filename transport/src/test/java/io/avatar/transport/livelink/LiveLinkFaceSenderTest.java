package io.avatar.transport.livelink;

import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends real Live Link Face packets over loopback UDP and decodes them with a parser written here (DataInputStream
 * reads big-endian), independent of the sender's encoder.
 */
class LiveLinkFaceSenderTest
{
    @Test
    void shouldSendVersion6PacketWithBigEndianFieldsIn61Values() throws Exception
    {
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LiveLinkFaceSender sender = new LiveLinkFaceSender("127.0.0.1", rx.getLocalPort(),
                "DEADBEEF-0001", "Avatär", 25, 1))
        {
            rx.setSoTimeout(5000);
            final float[] w = new float[52];
            for (int i = 0; i < 52; i++)
            {
                w[i] = 1f - i / 52f;
            }
            final float[] pose = {0.25f, -0.5f, 0.125f, 1f, 2f, 3f};
            final float[] eyes = {0.01f, 0.02f, 0.03f, -0.01f, -0.02f, -0.03f};
            assertTrue(sender.send(w, pose, eyes, 10.5));

            final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            rx.receive(p);
            final DataInputStream in = new DataInputStream(new ByteArrayInputStream(p.getData(), 0, p.getLength()));
            assertEquals(6, in.readUnsignedByte(), "packet version");
            assertEquals("DEADBEEF-0001", readString(in));
            assertEquals("Avatär", readString(in));
            assertEquals(262, in.readInt(), "frame number = floor(10.5 s * 25 fps)");
            assertEquals(0.5f, in.readFloat(), 1e-6f, "subframe");
            assertEquals(25, in.readInt());
            assertEquals(1, in.readInt());
            assertEquals(61, in.readUnsignedByte(), "value count");
            for (int i = 0; i < ArkitBlendshape.COUNT; i++)
            {
                assertEquals(w[i], in.readFloat(), 0f, ArkitBlendshape.at(i).name());
            }
            assertEquals(-0.5f, in.readFloat(), 0f, "head yaw");
            assertEquals(0.25f, in.readFloat(), 0f, "head pitch");
            assertEquals(0.125f, in.readFloat(), 0f, "head roll");
            for (int i = 0; i < 6; i++)
            {
                assertEquals(eyes[i], in.readFloat(), 0f, "eye angle " + i);
            }
            assertEquals(0, in.available(), "no trailing bytes");
            assertEquals(270 + 13 + 7, p.getLength());
        }
    }

    @Test
    void shouldSendZeroEyesWhenNoneGiven() throws Exception
    {
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LiveLinkFaceSender sender = new LiveLinkFaceSender("localhost", rx.getLocalPort(), "id", "S", 30, 1))
        {
            rx.setSoTimeout(5000);
            final float[] pose = {0f, 0f, 0f, 0f, 0f, 0f};
            final float[] w = new float[52];
            w[ArkitBlendshape.jawOpen.ordinal()] = 0.75f;
            sender.send(w, pose, 1.0);
            final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            rx.receive(p);
            final byte[] d = p.getData();
            final int values = p.getLength() - 61 * 4;
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d, values, 61 * 4);
            for (int i = 0; i < 61; i++)
            {
                final float v = b.getFloat();
                assertEquals(i == ArkitBlendshape.jawOpen.ordinal() ? 0.75f : 0f, v, 0f, "value " + i);
            }
            assertEquals(30, frameNumberOf(d), "frame number at 1 s, 30 fps");
        }
    }

    @Test
    void shouldSendWithoutAllocatingPerFrame() throws Exception
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LiveLinkFaceSender sender = new LiveLinkFaceSender("127.0.0.1", rx.getLocalPort(), "id", "S", 30, 1))
        {
            final float[] w = new float[52];
            final float[] pose = new float[6];
            for (int i = 0; i < 20_000; i++)
            {
                sender.send(w, pose, i / 30.0);
            }
            final long tid = Thread.currentThread().threadId();
            final long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1000; i++)
            {
                pose[1] = i * 1e-4f;
                sender.send(w, pose, i / 30.0);
            }
            final long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 1024, "1000 Live Link sends allocated " + allocated + " bytes");
        }
    }

    @Test
    void shouldRejectBadConfigNamingTheValue()
    {
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LiveLinkFaceSender("127.0.0.1", 0, "id", "S", 30, 1)).getMessage().contains("port 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LiveLinkFaceSender("127.0.0.1", 70000, "id", "S", 30, 1)).getMessage().contains("70000"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LiveLinkFaceSender("no-such-host.invalid", 11111, "id", "S", 30, 1)).getMessage()
            .contains("no-such-host.invalid"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LiveLinkFaceSender("127.0.0.1", 11111, "id", "S", 0, 1)).getMessage().contains("0/1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LiveLinkFaceSender("127.0.0.1", 11111, "id", "x".repeat(600), 30, 1)).getMessage()
            .contains("774"));
    }

    private static int frameNumberOf(final byte[] d) throws Exception
    {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(d));
        in.readUnsignedByte();
        readString(in);
        readString(in);
        return in.readInt();
    }

    private static String readString(final DataInputStream in) throws Exception
    {
        final int n = in.readInt();
        final byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
