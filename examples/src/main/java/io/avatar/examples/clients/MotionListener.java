package io.avatar.examples.clients;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Listens where a game engine would and prints what the avatar engine sends: {@code vmc [port]} (OSC bundles,
 * default 39539) or {@code livelink [port]} (Live Link Face packets, default 11111). One summary line per packet.
 * Decodes the bytes itself, following {@code docs/PROTOCOLS.md}. Runs on the caller's thread.
 */
public final class MotionListener
{
    private MotionListener()
    {
    }

    /**
     * @param args {@code vmc|livelink [port] [maxPackets]}.
     * @throws IOException if the port cannot be bound.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 1 || !("vmc".equals(args[0]) || "livelink".equals(args[0])))
        {
            System.err.println("usage: MotionListener vmc|livelink [port] [maxPackets]");
            System.exit(1);
        }
        final boolean vmc = "vmc".equals(args[0]);
        final int port = args.length > 1 ? Integer.parseInt(args[1]) : vmc ? 39539 : 11111;
        final long max = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
        {
            System.out.println("listening " + args[0] + " on 127.0.0.1:" + socket.getLocalPort());
            listen(socket, vmc, max, System.out);
        }
    }

    /**
     * Receives and prints packets. Caller's thread.
     *
     * @param socket bound socket.
     * @param vmc    true for VMC/OSC, false for Live Link Face.
     * @param max    packets to print.
     * @param out    where the lines go.
     * @throws IOException on a receive failure.
     */
    public static void listen(final DatagramSocket socket, final boolean vmc, final long max, final PrintStream out)
        throws IOException
    {
        final DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        for (long n = 0; n < max; n++)
        {
            socket.receive(p);
            final ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength()).order(ByteOrder.BIG_ENDIAN);
            out.println(vmc ? describeVmc(b) : describeLiveLink(b));
        }
    }

    /**
     * @param b one VMC datagram.
     * @return e.g. {@code vmc messages=56 jawOpen=0.420 head=(0.000,0.000,0.000|0.000,0.000,0.000,1.000) t=1.250}.
     */
    static String describeVmc(final ByteBuffer b)
    {
        final StringBuilder sb = new StringBuilder("vmc");
        if (!"#bundle".equals(string(b)))
        {
            return "vmc not a bundle";
        }
        b.getLong(); // timetag
        int messages = 0;
        float jawOpen = Float.NaN;
        float time = Float.NaN;
        final float[] head = new float[7];
        while (b.remaining() >= 4)
        {
            final int size = b.getInt();
            final int end = b.position() + size;
            final String address = string(b);
            final String tags = string(b);
            if ("/VMC/Ext/Blend/Val".equals(address) && ",sf".equals(tags))
            {
                final String name = string(b);
                final float v = b.getFloat();
                if ("jawOpen".equals(name))
                {
                    jawOpen = v;
                }
            }
            else if ("/VMC/Ext/Bone/Pos".equals(address) && "Head".equals(string(b)))
            {
                for (int i = 0; i < 7; i++)
                {
                    head[i] = b.getFloat();
                }
            }
            else if ("/VMC/Ext/T".equals(address))
            {
                time = b.getFloat();
            }
            b.position(end);
            messages++;
        }
        sb.append(String.format(" messages=%d jawOpen=%.3f head=(%.3f,%.3f,%.3f|%.3f,%.3f,%.3f,%.3f) t=%.3f",
            messages, jawOpen, head[0], head[1], head[2], head[3], head[4], head[5], head[6], time));
        return sb.toString();
    }

    /**
     * @param b one Live Link Face datagram.
     * @return e.g. {@code livelink v6 subject=Avatar frame=30+0.000@30/1 jawOpen=0.420 head=(yaw,pitch,roll)}.
     */
    static String describeLiveLink(final ByteBuffer b)
    {
        final int version = b.get() & 0xff;
        final String device = lengthPrefixed(b);
        final String subject = lengthPrefixed(b);
        final int frame = b.getInt();
        final float sub = b.getFloat();
        final int num = b.getInt();
        final int den = b.getInt();
        final int count = b.get() & 0xff;
        final float[] v = new float[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = b.getFloat();
        }
        return String.format("livelink v%d device=%s subject=%s frame=%d+%.3f@%d/%d values=%d jawOpen=%.3f " +
            "head=(%.3f,%.3f,%.3f)", version, device, subject, frame, sub, num, den, count,
            count > 17 ? v[17] : Float.NaN, count > 54 ? v[52] : Float.NaN, count > 54 ? v[53] : Float.NaN,
            count > 54 ? v[54] : Float.NaN);
    }

    private static String string(final ByteBuffer b)
    {
        final int start = b.position();
        int end = start;
        while (end < b.limit() && b.get(end) != 0)
        {
            end++;
        }
        final String s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.US_ASCII);
        b.position(Math.min(b.limit(), start + ((end - start + 4) & ~3)));
        return s;
    }

    private static String lengthPrefixed(final ByteBuffer b)
    {
        final int n = b.getInt();
        final String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
