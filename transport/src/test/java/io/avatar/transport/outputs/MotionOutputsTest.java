package io.avatar.transport.outputs;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.transport.livelink.LiveLinkFaceSender;
import io.avatar.transport.osc.VmcSender;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session outputs deliver each frame's motion to a real UDP receiver (parsed here by hand, not by the senders).
 */
class MotionOutputsTest
{
    @Test
    void shouldSendEachFrameAsOneVmcBundleAndOneLiveLinkPacket() throws Exception
    {
        try (DatagramSocket vmcRx = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            DatagramSocket llRx = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            vmcRx.setSoTimeout(5000);
            llRx.setSoTimeout(5000);
            final MotionOutput vmc = new MotionOutput(new VmcSender("127.0.0.1", vmcRx.getLocalPort(), new float[3]));
            final MotionOutput ll = new MotionOutput(new LiveLinkFaceSender("127.0.0.1", llRx.getLocalPort(),
                LiveLinkFaceSender.DEVICE_ID_DEFAULT, LiveLinkFaceSender.SUBJECT_DEFAULT, 25, 1));
            final float[] w = new float[ArkitBlendshape.COUNT];
            w[ArkitBlendshape.jawOpen.ordinal()] = 0.625f;
            final float[] pose = new float[6];
            vmc.onFrame(1, 10, 400_000_000L, null, 0, 0, 0, new float[0], 0, w, pose);
            ll.onFrame(1, 10, 400_000_000L, null, 0, 0, 0, new float[0], 0, w, pose);

            final DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            vmcRx.receive(p);
            final String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("#bundle\0"), "not an OSC bundle");
            final int at = text.indexOf("jawOpen\0");
            assertTrue(at > 0, "no jawOpen in the bundle");
            // after the name (padded to 4 bytes) comes the float argument, big-endian
            final int value = (at + "jawOpen".length() + 4) & ~3;
            assertEquals(0.625f, ByteBuffer.wrap(p.getData(), value, 4).getFloat(), 1e-6);

            final DatagramPacket q = new DatagramPacket(new byte[65536], 65536);
            llRx.receive(q);
            assertEquals(6, q.getData()[0], "Live Link packet version");
            final ByteBuffer b = ByteBuffer.wrap(q.getData(), 0, q.getLength());
            // the 61 floats are the last 244 bytes; jawOpen is index 17 in Apple's order
            final int floats = q.getLength() - 61 * 4;
            assertEquals(0.625f, b.getFloat(floats + ArkitBlendshape.jawOpen.ordinal() * 4), 1e-6);
            vmc.onClose();
            ll.onClose();
        }
    }
}
