package io.avatar.transport.osc;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.transport.udp.UdpSender;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends real VMC bundles over loopback UDP and decodes them with an OSC parser written here, independent of the
 * sender's encoder.
 */
class VmcSenderTest
{
    /** One decoded OSC message. */
    record Msg(String address, String tags, List<Object> args)
    {
    }

    @Test
    void shouldSendOneBundleWithAll52BlendshapesHeadBoneOkAndTime() throws Exception
    {
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            VmcSender sender = new VmcSender("127.0.0.1", rx.getLocalPort(), new float[] {0f, 0.1f, 0f}))
        {
            rx.setSoTimeout(5000);
            final float[] w = new float[52];
            for (int i = 0; i < 52; i++)
            {
                w[i] = (i + 1) / 64f;
            }
            final float[] pose = {0.2f, 0.3f, -0.1f, 1.5f, -2f, 3f};
            assertTrue(sender.send(w, pose, 12.375));

            final byte[] data = receive(rx);
            assertEquals(VmcBundleEncoder.BUNDLE_LENGTH, data.length);
            assertEquals(2644, data.length, "size documented in docs/PROTOCOLS.md");
            assertTrue(data.length <= UdpSender.MAX_SAFE_DATAGRAM);
            final ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            assertEquals("#bundle", readString(b));
            assertEquals(1L, b.getLong(), "timetag 'immediately'");
            final List<Msg> msgs = new ArrayList<>();
            while (b.hasRemaining())
            {
                final int size = b.getInt();
                assertEquals(0, size % 4, "element size is a multiple of 4");
                final ByteBuffer el = b.slice(b.position(), size).order(ByteOrder.BIG_ENDIAN);
                b.position(b.position() + size);
                msgs.add(parseMessage(el));
            }
            assertEquals(52 + 4, msgs.size());
            for (int i = 0; i < 52; i++)
            {
                final Msg m = msgs.get(i);
                assertEquals("/VMC/Ext/Blend/Val", m.address());
                assertEquals(",sf", m.tags());
                assertEquals(ArkitBlendshape.at(i).name(), m.args().get(0));
                assertEquals(w[i], (Float)m.args().get(1), 0f);
            }
            assertEquals("tongueOut", msgs.get(51).args().get(0));
            assertEquals(new Msg("/VMC/Ext/Blend/Apply", ",", List.of()), msgs.get(52));
            final Msg bone = msgs.get(53);
            assertEquals("/VMC/Ext/Bone/Pos", bone.address());
            assertEquals(",sfffffff", bone.tags());
            assertEquals("Head", bone.args().get(0));
            // Position: centimetres -> metres, x mirrored into Unity's frame, plus the rest offset.
            assertEquals(-0.015f, (Float)bone.args().get(1), 1e-6f);
            assertEquals(0.1f - 0.02f, (Float)bone.args().get(2), 1e-6f);
            assertEquals(0.03f, (Float)bone.args().get(3), 1e-6f);
            final float[] q = new float[4];
            for (int i = 0; i < 4; i++)
            {
                q[i] = (Float)bone.args().get(4 + i);
            }
            // Independent expectation: Unity Euler (x = pitch, y = -yaw, z = roll) composed as qy * qx * qz.
            final double[] expected = mul(mul(axisAngle(0, 1, 0, -0.3), axisAngle(1, 0, 0, 0.2)),
                axisAngle(0, 0, 1, -0.1));
            for (int i = 0; i < 4; i++)
            {
                assertEquals(expected[i], q[i], 1e-6, "quaternion component " + i);
            }
            assertEquals(new Msg("/VMC/Ext/OK", ",i", List.of(1)), msgs.get(54));
            assertEquals("/VMC/Ext/T", msgs.get(55).address());
            assertEquals(",f", msgs.get(55).tags());
            assertEquals(12.375f, (Float)msgs.get(55).args().get(0), 0f);
            assertEquals(1, sender.udp().sentCount());
        }
    }

    @Test
    void shouldMapHeadPoseSignsOntoUnityLeftHandedAxes()
    {
        // Pure yaw +0.4 = the head turns to its own left; in Unity the avatar's left is -x.
        final double[] fwd = rotate(encodeQuaternion(new float[] {0, 0.4f, 0, 0, 0, 0}), 0, 0, 1);
        assertTrue(fwd[0] < -0.3, "yaw + turns the nose to -x, got " + fwd[0]);
        // Pure pitch + = chin down: the nose goes to -y.
        final double[] down = rotate(encodeQuaternion(new float[] {0.4f, 0, 0, 0, 0, 0}), 0, 0, 1);
        assertTrue(down[1] < -0.3, "pitch + moves the nose down, got " + down[1]);
        // Pure roll + = tilts to its own left: the top of the head goes to -x.
        final double[] up = rotate(encodeQuaternion(new float[] {0, 0, 0.4f, 0, 0, 0}), 0, 1, 0);
        assertTrue(up[0] < -0.3, "roll + moves the top of the head to -x, got " + up[0]);
    }

    @Test
    void shouldSendWithoutAllocatingPerFrame() throws Exception
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            VmcSender sender = new VmcSender("127.0.0.1", rx.getLocalPort(), new float[3]))
        {
            rx.setReceiveBufferSize(1 << 20);
            final float[] w = new float[52];
            final float[] pose = new float[6];
            for (int i = 0; i < 20_000; i++)
            {
                pose[1] = i * 1e-4f;
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
            assertTrue(allocated < 1024, "1000 VMC sends allocated " + allocated + " bytes");
        }
    }

    @Test
    void shouldRejectBadEndpointsNamingTheValue()
    {
        final float[] rest = new float[3];
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VmcSender("127.0.0.1", 0, rest))
            .getMessage().contains("port 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VmcSender("127.0.0.1", 70000, rest))
            .getMessage().contains("port 70000"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new VmcSender("no-such-host.invalid", 39539, rest)).getMessage().contains("no-such-host.invalid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VmcSender("", 39539, rest))
            .getMessage().contains("host"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new VmcSender("127.0.0.1", 39539, new float[] {Float.NaN, 0, 0})).getMessage().contains("NaN"));
    }

    @Test
    void shouldEncodeNestedBundlesAndPaddedStrings()
    {
        final org.agrona.concurrent.UnsafeBuffer buf = new org.agrona.concurrent.UnsafeBuffer(new byte[256]);
        final OscEncoder o = new OscEncoder().wrap(buf, 0, 256);
        o.beginBundle(OscEncoder.timeTagFromEpochNanos(0L))
            .beginMessage(OscEncoder.encodePrefix("/a", "sit")).putString("abcd").putInt(-2).putTimeTag(5L)
            .endMessage()
            .beginBundle(OscEncoder.TIME_TAG_IMMEDIATE).endBundle()
            .endBundle();
        assertEquals(0, o.depth());
        final byte[] out = new byte[o.length()];
        buf.getBytes(0, out);
        final ByteBuffer b = ByteBuffer.wrap(out);
        assertEquals("#bundle", readString(b));
        assertEquals(2_208_988_800L << 32, b.getLong(), "Unix epoch as NTP time");
        final int size = b.getInt();
        final Msg m = parseMessage(b.slice(b.position(), size));
        assertEquals(new Msg("/a", ",sit", List.of("abcd", -2, 5L)), m);
        assertEquals(4 + 8 + 8 + 4 + 8, size, "/a 4, ,sit 8, abcd 8 (4 chars + NUL + 3 padding), int 4, timetag 8");
        b.position(b.position() + size);
        assertEquals(16, b.getInt(), "empty nested bundle");
        assertArrayEquals(new byte[] {'/', 'a', 0, 0}, OscEncoder.encodeString("/a"));
        assertThrows(IllegalStateException.class, () -> new OscEncoder().wrap(buf, 0, 8).beginBundle(1L)
            .beginMessage(OscEncoder.encodePrefix("/x", "f")));
    }

    private static float[] encodeQuaternion(final float[] pose)
    {
        final org.agrona.concurrent.UnsafeBuffer buf =
            new org.agrona.concurrent.UnsafeBuffer(new byte[VmcBundleEncoder.BUNDLE_LENGTH]);
        new VmcBundleEncoder(new float[3]).encode(new float[52], pose, 0.0, buf, 0);
        final ByteBuffer b = ByteBuffer.wrap(buf.byteArray());
        readString(b);
        b.getLong();
        for (int i = 0; i < 53; i++)
        {
            final int skip = b.getInt();
            b.position(b.position() + skip);
        }
        final int size = b.getInt();
        final Msg bone = parseMessage(b.slice(b.position(), size));
        final float[] q = new float[4];
        for (int i = 0; i < 4; i++)
        {
            q[i] = (Float)bone.args().get(4 + i);
        }
        return q;
    }

    static byte[] receive(final DatagramSocket rx) throws Exception
    {
        final DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        rx.receive(p);
        final byte[] data = new byte[p.getLength()];
        System.arraycopy(p.getData(), 0, data, 0, p.getLength());
        return data;
    }

    static Msg parseMessage(final ByteBuffer el)
    {
        el.order(ByteOrder.BIG_ENDIAN);
        final String address = readString(el);
        final String tags = readString(el);
        assertTrue(tags.startsWith(","), "type tag string starts with a comma");
        final List<Object> args = new ArrayList<>();
        for (int i = 1; i < tags.length(); i++)
        {
            switch (tags.charAt(i))
            {
                case 'i' -> args.add(el.getInt());
                case 'f' -> args.add(el.getFloat());
                case 's' -> args.add(readString(el));
                case 't' -> args.add(el.getLong());
                default -> throw new AssertionError("unexpected type tag " + tags.charAt(i));
            }
        }
        assertEquals(0, el.remaining(), "message " + address + " has trailing bytes");
        return new Msg(address, tags, args);
    }

    static String readString(final ByteBuffer b)
    {
        final int start = b.position();
        int end = start;
        while (b.get(end) != 0)
        {
            end++;
        }
        final String s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.US_ASCII);
        final int padded = ((end - start) + 4) & ~3;
        for (int i = end; i < start + padded; i++)
        {
            assertEquals(0, b.get(i), "OSC string padding is zero");
        }
        b.position(start + padded);
        return s;
    }

    private static double[] axisAngle(final double x, final double y, final double z, final double angle)
    {
        final double s = Math.sin(angle / 2);
        return new double[] {x * s, y * s, z * s, Math.cos(angle / 2)};
    }

    private static double[] mul(final double[] a, final double[] b)
    {
        return new double[] {
            a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
            a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
            a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
            a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2]};
    }

    private static double[] rotate(final float[] q, final double x, final double y, final double z)
    {
        final double[] qd = {q[0], q[1], q[2], q[3]};
        final double[] v = {x, y, z, 0};
        final double[] conj = {-q[0], -q[1], -q[2], q[3]};
        final double[] r = mul(mul(qd, v), conj);
        return new double[] {r[0], r[1], r[2]};
    }
}
