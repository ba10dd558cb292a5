package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What publishers and ingests share: a peer connection whose native callbacks are handed to the
 * {@link SignallingThread}, remote candidates queued until the remote description is set, local candidates filtered
 * by {@link IceConfig#allows}, and SDP checked before it reaches native code. All state is touched on the
 * signalling thread only; public methods may be called from any thread and hop there.
 */
public abstract class SignalledPeer implements AutoCloseable
{
    /** Largest SDP accepted from a peer. */
    public static final int MAX_SDP_BYTES = 64 * 1024;
    /** Most remote candidates queued before the remote description. */
    public static final int MAX_PENDING_CANDIDATES = 256;

    protected final SignallingThread signalling;
    protected final PeerSignals signals;
    protected final IceConfig ice;
    protected RTCPeerConnection pc;
    private final List<RTCIceCandidate> pendingCandidates = new ArrayList<>();
    private boolean remoteSet;
    protected volatile boolean closed;
    private volatile String state = "new";

    /**
     * @param signalling the signalling thread.
     * @param signals    where local descriptions and candidates go.
     * @param ice        ICE settings.
     */
    protected SignalledPeer(final SignallingThread signalling, final PeerSignals signals, final IceConfig ice)
    {
        this.signalling = signalling;
        this.signals = signals;
        this.ice = ice;
    }

    /**
     * @return an observer that hands every callback to the signalling thread. Subclasses override
     *     {@link #onTrack(RTCRtpTransceiver)} for received tracks.
     */
    protected final PeerConnectionObserver observer()
    {
        return new PeerConnectionObserver()
        {
            @Override
            public void onIceCandidate(final RTCIceCandidate c)
            {
                signalling.execute(() ->
                {
                    if (!closed && ice.allows(c.sdp))
                    {
                        signals.onLocalCandidate(c.sdp, c.sdpMid, c.sdpMLineIndex);
                    }
                });
            }

            @Override
            public void onIceGatheringChange(final RTCIceGatheringState s)
            {
                if (s != RTCIceGatheringState.COMPLETE)
                {
                    return;
                }
                signalling.execute(() ->
                {
                    final RTCSessionDescription d = closed || pc == null ? null : pc.getLocalDescription();
                    if (d != null)
                    {
                        signals.onGatheringComplete(d.sdpType.name().toLowerCase(Locale.ROOT),
                            allowedCandidatesOnly(ice, d.sdp));
                    }
                });
            }

            @Override
            public void onConnectionChange(final RTCPeerConnectionState s)
            {
                signalling.execute(() ->
                {
                    state = s.name().toLowerCase(Locale.ROOT);
                    if (!closed)
                    {
                        signals.onStateChange(state);
                    }
                });
            }

            @Override
            public void onTrack(final RTCRtpTransceiver transceiver)
            {
                signalling.execute(() ->
                {
                    if (!closed)
                    {
                        SignalledPeer.this.onTrack(transceiver);
                    }
                });
            }
        };
    }

    /**
     * @param ice the ICE settings.
     * @param sdp a local description.
     * @return it without the candidate lines that {@link IceConfig#allows} refuses, so a non-trickle offer honours
     *     the same address filter as trickled candidates.
     */
    static String allowedCandidatesOnly(final IceConfig ice, final String sdp)
    {
        final StringBuilder out = new StringBuilder(sdp.length());
        for (final String line : sdp.split("(?<=\n)"))
        {
            if (!line.startsWith("a=candidate:") || ice.allows(line.substring(2).strip()))
            {
                out.append(line);
            }
        }
        return out.toString();
    }

    /**
     * A remote track arrived. Signalling thread.
     *
     * @param transceiver its transceiver.
     */
    protected void onTrack(final RTCRtpTransceiver transceiver)
    {
    }

    /**
     * @return the last connection state, lower case. Any thread.
     */
    public String state()
    {
        return state;
    }

    /**
     * Adds a remote ICE candidate, or queues it until the remote description is set. Any thread.
     *
     * @param candidate     the candidate attribute value ("candidate:..."); an empty one ends gathering.
     * @param sdpMid        media id, or null.
     * @param sdpMLineIndex m-line index.
     * @throws IllegalArgumentException when the candidate is malformed.
     */
    public void addRemoteCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
    {
        if (candidate == null || candidate.isBlank())
        {
            return;
        }
        final String c = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
        if (!c.startsWith("candidate:") || c.length() > 1024 || c.trim().split("\\s+").length < 8)
        {
            throw new IllegalArgumentException("malformed ICE candidate (want 'candidate:<foundation> <component> "
                + "<transport> <priority> <address> <port> typ <type>'): '" + abbreviate(c) + "'");
        }
        if (sdpMLineIndex < 0 || sdpMLineIndex > 16)
        {
            throw new IllegalArgumentException("sdpMLineIndex must be 0..16, got " + sdpMLineIndex);
        }
        final RTCIceCandidate ic = new RTCIceCandidate(sdpMid, sdpMLineIndex, c);
        signalling.execute(() ->
        {
            if (closed)
            {
                return;
            }
            if (remoteSet)
            {
                nativeCall("bad_candidate", "the ICE candidate was rejected", () -> pc.addIceCandidate(ic));
            }
            else if (pendingCandidates.size() < MAX_PENDING_CANDIDATES)
            {
                pendingCandidates.add(ic);
            }
            else
            {
                signals.onError("too_many_candidates", "more than " + MAX_PENDING_CANDIDATES
                    + " ICE candidates before the remote description");
            }
        });
    }

    /**
     * Sets the remote description, then adds the queued candidates. Signalling thread.
     *
     * @param type  offer or answer.
     * @param sdp   the SDP, already checked by {@link #checkSdp}.
     * @param after runs on the signalling thread once the description is set.
     */
    protected final void setRemote(final RTCSdpType type, final String sdp, final Runnable after)
    {
        // webrtc-java 0.14.0 throws java.lang.Error synchronously when it cannot parse the SDP.
        final String kind = type.name().toLowerCase(Locale.ROOT);
        nativeCall("bad_sdp", "the remote " + kind + " was rejected", () ->
            pc.setRemoteDescription(new RTCSessionDescription(type, sdp), new SetSessionDescriptionObserver()
        {
            @Override
            public void onSuccess()
            {
                signalling.execute(() ->
                {
                    if (closed)
                    {
                        return;
                    }
                    remoteSet = true;
                    for (final RTCIceCandidate c : pendingCandidates)
                    {
                        nativeCall("bad_candidate", "the ICE candidate was rejected", () -> pc.addIceCandidate(c));
                    }
                    pendingCandidates.clear();
                    after.run();
                });
            }

            @Override
            public void onFailure(final String error)
            {
                signalling.execute(() -> signals.onError("bad_sdp", "the remote " + kind + " was rejected: " + error));
            }
        }));
    }

    /**
     * Runs a webrtc-java call that reports failures by throwing (0.14.0 throws {@link Error} for bad SDP or
     * candidates) and turns a failure into {@link PeerSignals#onError}. Signalling thread.
     *
     * @param code    error code for the peer.
     * @param context what was being done.
     * @param call    the call.
     * @return whether the call succeeded.
     */
    protected final boolean nativeCall(final String code, final String context, final Runnable call)
    {
        try
        {
            call.run();
            return true;
        }
        catch (final RuntimeException | Error ex)
        {
            if (ex instanceof VirtualMachineError)
            {
                throw ex;
            }
            signals.onError(code, context + ": " + ex.getMessage());
            return false;
        }
    }

    /**
     * Sets a created local description and sends it to the peer. Signalling thread.
     *
     * @return an observer for createOffer/createAnswer.
     */
    protected final CreateSessionDescriptionObserver sendLocal()
    {
        return new CreateSessionDescriptionObserver()
        {
            @Override
            public void onSuccess(final RTCSessionDescription desc)
            {
                signalling.execute(() ->
                {
                    if (closed)
                    {
                        return;
                    }
                    nativeCall("webrtc", "setting the local description failed", () ->
                        pc.setLocalDescription(desc, new SetSessionDescriptionObserver()
                    {
                        @Override
                        public void onSuccess()
                        {
                            signalling.execute(() ->
                            {
                                if (!closed)
                                {
                                    signals.onLocalDescription(desc.sdpType.name().toLowerCase(Locale.ROOT), desc.sdp);
                                }
                            });
                        }

                        @Override
                        public void onFailure(final String error)
                        {
                            signalling.execute(() -> signals.onError("webrtc", "setting the local description failed: "
                                + error));
                        }
                    }));
                });
            }

            @Override
            public void onFailure(final String error)
            {
                signalling.execute(() -> signals.onError("webrtc", "creating the local description failed: " + error));
            }
        };
    }

    /**
     * Cheap structural check before SDP reaches native code, so the error names the problem.
     *
     * @param sdp the SDP text.
     * @return the SDP.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public static String checkSdp(final String sdp)
    {
        if (sdp == null || sdp.isEmpty())
        {
            throw new IllegalArgumentException("SDP is missing");
        }
        if (sdp.length() > MAX_SDP_BYTES)
        {
            throw new IllegalArgumentException("SDP is " + sdp.length() + " bytes, limit " + MAX_SDP_BYTES);
        }
        if (!sdp.startsWith("v=0"))
        {
            throw new IllegalArgumentException("SDP must start with 'v=0', got '" + abbreviate(sdp) + "'");
        }
        if (!sdp.contains("\nm="))
        {
            throw new IllegalArgumentException("SDP has no media section (no 'm=' line)");
        }
        if (!sdp.contains("a=ice-ufrag:") || !sdp.contains("a=fingerprint:"))
        {
            throw new IllegalArgumentException("SDP lacks ICE credentials or a DTLS fingerprint (a=ice-ufrag, "
                + "a=fingerprint)");
        }
        return sdp;
    }

    private static String abbreviate(final String s)
    {
        final String one = s.replaceAll("[\\r\\n]+", " ");
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }

    /**
     * Closes the peer: subclass parts first ({@link #closeMedia()} before and after the peer connection). Waits for
     * the signalling thread. Idempotent; any thread except webrtc-java callbacks.
     */
    @Override
    public final void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        beforeClose();
        signalling.call(() ->
        {
            detachMedia();
            if (pc != null)
            {
                pc.close();
                pc = null;
            }
            disposeMedia();
            pendingCandidates.clear();
            return null;
        });
    }

    /**
     * Stops media input (e.g. unregisters from the engine) on the caller's thread, before anything native is freed.
     */
    protected void beforeClose()
    {
    }

    /**
     * Removes senders or sinks; the peer connection is still open. Signalling thread.
     */
    protected abstract void detachMedia();

    /**
     * Disposes tracks and sources after the peer connection closed. Signalling thread.
     */
    protected abstract void disposeMedia();
}
