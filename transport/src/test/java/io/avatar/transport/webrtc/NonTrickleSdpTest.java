package io.avatar.transport.webrtc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The complete local description a non-trickle peer (WHIP) sends keeps only the candidates the ICE address filter
 * allows, exactly as trickled candidates are filtered; other lines and line endings are untouched.
 */
class NonTrickleSdpTest
{
    private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
        + "a=candidate:1 1 udp 2122260223 10.0.0.5 50000 typ host generation 0\r\n"
        + "a=candidate:2 1 udp 2122194687 192.168.1.7 50001 typ host generation 0\r\n"
        + "a=candidate:3 1 udp 1686052607 203.0.113.9 50002 typ srflx raddr 10.0.0.5 rport 50000\r\n"
        + "a=ice-ufrag:abcd\r\na=fingerprint:sha-256 00:11\r\n";

    @Test
    void shouldKeepOnlyAllowedCandidatesInACompleteOffer()
    {
        final IceConfig pinned = new IceConfig(List.of(), false, 0, 0, List.of("10.0.", "203.0.113."));
        final String out = SignalledPeer.allowedCandidatesOnly(pinned, SDP);
        assertEquals(SDP.replace("a=candidate:2 1 udp 2122194687 192.168.1.7 50001 typ host generation 0\r\n", ""),
            out);
        assertEquals(SDP, SignalledPeer.allowedCandidatesOnly(IceConfig.LOCAL, SDP));
        final String lf = SDP.replace("\r\n", "\n");
        assertEquals(lf, SignalledPeer.allowedCandidatesOnly(IceConfig.LOCAL, lf));
    }
}
