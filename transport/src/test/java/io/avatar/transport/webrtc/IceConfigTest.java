package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICE settings: parsing and validation of servers, port range, relay-only, and the local-address filter; codec
 * names. Plain Java (no native peer is created).
 */
class IceConfigTest
{
    @Test
    void shouldParseServersAndBuildTheRtcConfiguration()
    {
        final List<IceConfig.Server> servers = IceConfig.parseServers(List.of("stun:stun.example.com:3478",
            "turn:turn.example.com:3478?transport=udp,alice,secret"));
        final IceConfig ice = new IceConfig(servers, true, 50_000, 50_100, List.of("10.0."));
        final RTCConfiguration c = ice.toRtc();
        assertEquals(2, c.iceServers.size());
        assertEquals("alice", c.iceServers.get(1).username);
        assertEquals(RTCIceTransportPolicy.RELAY, c.iceTransportPolicy);
        assertEquals(50_000, c.portAllocatorConfig.minPort);
        assertEquals(50_100, c.portAllocatorConfig.maxPort);
    }

    @Test
    void shouldFilterLocalCandidatesByAddressPrefix()
    {
        final IceConfig ice = new IceConfig(List.of(), false, 0, 0, List.of("10.0.", "192.168.1.7"));
        assertTrue(ice.allows("candidate:1 1 udp 2122260223 10.0.3.4 50000 typ host generation 0"));
        assertTrue(ice.allows("candidate:2 1 udp 2122260223 192.168.1.7 50001 typ host"));
        assertFalse(ice.allows("candidate:3 1 udp 2122260223 172.17.0.1 50002 typ host"));
        assertFalse(ice.allows("garbage"));
        assertTrue(IceConfig.LOCAL.allows("candidate:3 1 udp 2122260223 172.17.0.1 50002 typ host"));
    }

    @Test
    void shouldRejectBadSettingsNamingThem()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IceConfig.parseServers(List.of("http://x")))
            .getMessage().contains("stun:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IceConfig.parseServers(List.of("turn:x:3478")))
            .getMessage().contains("username"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IceConfig.parseServers(List.of("stun:a,b")))
            .getMessage().contains("URL,user,password"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new IceConfig(List.of(), false, 6000, 5000, List.of())).getMessage().contains("port range"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new IceConfig(List.of(), true, 0, 0, List.of())).getMessage().contains("TURN"));
        assertEquals(VideoCodec.H264, VideoCodec.parse(" h264 "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VideoCodec.parse("MPEG2")).getMessage()
            .contains("VP8, H264, VP9 or AV1"));
    }

    @Test
    void shouldCheckSdpStructureBeforeNativeCode()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignalledPeer.checkSdp(null)).getMessage()
            .contains("missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignalledPeer.checkSdp("v=0\r\n" + "a".repeat(70_000)))
            .getMessage().contains("limit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignalledPeer.checkSdp("v=0\r\ns=-\r\nm=audio 9 x"
            + "\r\n")).getMessage().contains("fingerprint"));
    }
}
