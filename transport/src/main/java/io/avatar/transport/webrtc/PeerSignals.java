package io.avatar.transport.webrtc;

/**
 * Where a peer sends what the remote side must learn: local descriptions, local ICE candidates, state changes and
 * errors. Called on the {@link SignallingThread}; implementations hand the message to the network (a WebSocket
 * write is non-blocking).
 */
public interface PeerSignals
{
    /**
     * @param type "offer" or "answer".
     * @param sdp  the session description.
     */
    void onLocalDescription(String type, String sdp);

    /**
     * @param candidate     SDP candidate attribute value.
     * @param sdpMid        media id.
     * @param sdpMLineIndex m-line index.
     */
    void onLocalCandidate(String candidate, String sdpMid, int sdpMLineIndex);

    /**
     * @param state the new connection state, lower case ("connected", "failed", ...).
     */
    void onStateChange(String state);

    /**
     * @param code    short error code, e.g. "bad_sdp".
     * @param message what went wrong.
     */
    void onError(String code, String message);

    /**
     * ICE gathering finished. For peers that signal without trickle (a WHIP client sends one offer with every
     * candidate in it). Trickle peers already got each candidate through {@link #onLocalCandidate} and ignore this.
     *
     * @param type "offer" or "answer".
     * @param sdp  the local description with every gathered candidate that {@link IceConfig#allows}.
     */
    default void onGatheringComplete(final String type, final String sdp)
    {
    }
}
