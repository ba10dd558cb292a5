package io.avatar.transport.whip;

import io.avatar.transport.webrtc.IceConfig;

import java.net.URI;
import java.util.List;

/**
 * What a WHIP endpoint's {@code 201 Created} gave: the session's resource URL (the {@code Location}, made absolute),
 * the SDP answer, and the STUN/TURN servers from its {@code Link: <...>; rel="ice-server"} headers. Immutable.
 *
 * @param location   absolute URL of the WHIP session; {@code DELETE} ends it.
 * @param answerSdp  the endpoint's SDP answer, structurally checked.
 * @param iceServers servers from {@code Link} headers, in header order; empty when there were none.
 * @param etag       the {@code ETag} header (for ICE restarts, which this client does not do), or null.
 */
public record WhipResource(URI location, String answerSdp, List<IceConfig.Server> iceServers, String etag)
{
    /**
     * Copies the list.
     */
    public WhipResource
    {
        iceServers = List.copyOf(iceServers);
    }
}
