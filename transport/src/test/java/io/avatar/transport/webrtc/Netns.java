package io.avatar.transport.webrtc;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks that the test JVM runs in the network namespace that src/test/netns/bin/java sets up, and fails (never
 * skips) with the reason when it does not.
 */
final class Netns
{
    private Netns()
    {
    }

    static void require()
    {
        final String error = System.getProperty("avatar.netns.error");
        if (error != null)
        {
            fail("WebRTC tests need a private network namespace and could not get one: " + error
                + ". Run as root with util-linux and iproute2 (./avatar test installs them).");
        }
        try
        {
            for (final NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces()))
            {
                for (final InetAddress a : Collections.list(ni.getInetAddresses()))
                {
                    if ("127.1.0.1".equals(a.getHostAddress()) && !ni.isLoopback())
                    {
                        return;
                    }
                }
            }
        }
        catch (final SocketException ex)
        {
            fail("cannot list network interfaces: " + ex.getMessage());
        }
        fail("no non-loopback interface with 127.1.0.1: this test must run in the 'webrtc-netns' Surefire execution "
            + "(src/test/netns/bin/java), not in the default one");
    }
}
