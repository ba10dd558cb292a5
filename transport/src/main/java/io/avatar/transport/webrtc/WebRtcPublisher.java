package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.FrameListener;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one session's frames and delayed audio to one remote peer over a send-only peer connection on the
 * send factory. The server makes the offer (so it controls codec order with {@code setCodecPreferences}); the
 * peer answers. Frames arrive on the engine thread ({@link FrameListener}) and go straight into the video source;
 * audio goes through the server's {@link AudioPacer} (10 ms per 10 ms) when there is one; signalling runs on the
 * {@link SignallingThread}. Create with {@link #open}, then {@link #start()}.
 */
public final class WebRtcPublisher extends SignalledPeer
{
    private static final System.Logger LOG = System.getLogger("io.avatar.transport.webrtc");
    private final AvatarService service;
    private final String sessionId;
    private final VideoCodec codec;
    private final Listener listener = new Listener();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong framesPushed = new AtomicLong();
    private final AtomicLong audioChunksPushed = new AtomicLong();
    private CustomVideoSource videoSource;
    private CustomAudioSource audioSource;
    /** Built with the sources, before the listener is registered (that registration publishes it). */
    private volatile SourcePusher pusher;
    private volatile long lastUnderruns;
    private volatile long lastDropped;
    private VideoTrack videoTrack;
    private AudioTrack audioTrack;
    private final List<RTCRtpSender> senders = new ArrayList<>();
    private boolean registered;

    private WebRtcPublisher(final SignallingThread signalling, final PeerSignals signals, final IceConfig ice,
        final AvatarService service, final String sessionId, final VideoCodec codec)
    {
        super(signalling, signals, ice);
        this.service = service;
        this.sessionId = sessionId;
        this.codec = codec;
    }

    /**
     * Builds the sources, tracks and peer connection on the signalling thread. Closes what was built on failure.
     * Any thread except webrtc-java callbacks.
     *
     * @param signalling the signalling thread.
     * @param factories  the factories (the send one is used).
     * @param signals    where the offer and candidates go.
     * @param ice        ICE settings.
     * @param service    the engine, for frames.
     * @param sessionId  the session to publish.
     * @param codec      preferred video codec.
     * @return the publisher, not yet offering.
     */
    public static WebRtcPublisher open(final SignallingThread signalling, final WebRtcFactories factories,
        final PeerSignals signals, final IceConfig ice, final AvatarService service, final String sessionId,
        final VideoCodec codec)
    {
        final WebRtcPublisher p = new WebRtcPublisher(signalling, signals, ice, service, sessionId, codec);
        try
        {
            signalling.call(() ->
            {
                p.build(factories);
                return null;
            });
            service.addFrameListener(sessionId, p.listener);
            p.registered = true;
            return p;
        }
        catch (final RuntimeException ex)
        {
            p.close();
            throw ex;
        }
    }

    private void build(final WebRtcFactories factories)
    {
        videoSource = new CustomVideoSource();
        audioSource = new CustomAudioSource();
        pusher = new SourcePusher(videoSource, audioSource, factories.pacer());
        videoTrack = factories.send().createVideoTrack("avatar-video", videoSource);
        audioTrack = factories.send().createAudioTrack("avatar-audio", audioSource);
        pc = factories.send().createPeerConnection(ice.toRtc(), observer());
        final RTCRtpTransceiverInit vi = new RTCRtpTransceiverInit();
        vi.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        vi.streamIds = List.of("avatar");
        final RTCRtpTransceiver vt = pc.addTransceiver(videoTrack, vi);
        senders.add(vt.getSender());
        vt.setCodecPreferences(preferred(factories.send().getRtpSenderCapabilities(MediaType.VIDEO).getCodecs(),
            codec));
        final RTCRtpTransceiverInit ai = new RTCRtpTransceiverInit();
        ai.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        ai.streamIds = List.of("avatar");
        senders.add(pc.addTransceiver(audioTrack, ai).getSender());
    }

    /**
     * @param all   the sender's codec capabilities.
     * @param codec the preferred codec.
     * @return the capabilities with {@code codec} first and the rest after it, so a peer without it still connects.
     * @throws IllegalArgumentException when this build of webrtc-java cannot send {@code codec}.
     */
    static List<RTCRtpCodecCapability> preferred(final List<RTCRtpCodecCapability> all, final VideoCodec codec)
    {
        final List<RTCRtpCodecCapability> first = new ArrayList<>();
        final List<RTCRtpCodecCapability> rest = new ArrayList<>();
        for (final RTCRtpCodecCapability c : all)
        {
            (c.getName().equalsIgnoreCase(codec.name()) ? first : rest).add(c);
        }
        if (first.isEmpty())
        {
            throw new IllegalArgumentException("this webrtc-java build cannot send " + codec + "; it offers "
                + all.stream().map(RTCRtpCodecCapability::getName).distinct().toList());
        }
        first.addAll(rest);
        return first;
    }

    /**
     * Creates the offer and sends it through {@link PeerSignals#onLocalDescription}. Any thread.
     */
    public void start()
    {
        signalling.execute(() ->
        {
            if (!closed)
            {
                nativeCall("webrtc", "creating the offer failed", () -> pc.createOffer(new RTCOfferOptions(),
                    sendLocal()));
            }
        });
    }

    /**
     * Applies the peer's answer. Any thread.
     *
     * @param sdp the answer.
     * @throws IllegalArgumentException when the SDP is malformed (the native parser's verdict comes later through
     *     {@link PeerSignals#onError}).
     */
    public void applyAnswer(final String sdp)
    {
        checkSdp(sdp);
        signalling.execute(() ->
        {
            if (!closed)
            {
                setRemote(RTCSdpType.ANSWER, sdp, () -> { });
            }
        });
    }

    /**
     * @return the session this publisher sends.
     */
    public String sessionId()
    {
        return sessionId;
    }

    /**
     * @return frames handed to the video source so far. Any thread.
     */
    public long framesPushed()
    {
        return framesPushed.get();
    }

    /**
     * @return 10 ms audio chunks handed to the audio source so far. Any thread.
     */
    public long audioChunksPushed()
    {
        return audioChunksPushed.get();
    }

    /**
     * @return 10 ms ticks the audio pacer found this peer's queue empty and sent silence (0 unpaced). Any thread.
     */
    public long audioUnderruns()
    {
        final SourcePusher p = pusher;
        final PacedAudio l = p == null ? null : p.lane();
        return l == null ? lastUnderruns : l.underruns();
    }

    /**
     * @return 10 ms audio chunks the pacer dropped (late after an underrun, or over its cap). Any thread.
     */
    public long audioDropped()
    {
        final SourcePusher p = pusher;
        final PacedAudio l = p == null ? null : p.lane();
        return l == null ? lastDropped : l.dropped();
    }

    @Override
    protected void beforeClose()
    {
        if (registered)
        {
            service.removeFrameListener(sessionId, listener);
        }
        // An engine thread may be inside a push right now: wait for it before the sources are disposed.
        while (inFlight.get() != 0)
        {
            Thread.onSpinWait();
        }
        final SourcePusher p = pusher;
        if (p != null)
        {
            final PacedAudio l = p.lane();
            if (l != null)
            {
                lastUnderruns = l.underruns();
                lastDropped = l.dropped();
                LOG.log(System.Logger.Level.INFO, "audio pacer for session {0}: {1} chunks paced, {2} underruns "
                    + "(silence sent), {3} chunks dropped, mean queue {4} ms", sessionId, l.pushed(), lastUnderruns, lastDropped,
                    Math.round(l.meanQueueMs()));
            }
            // the pacer thread pushes into the audio source too: stop it before the source is disposed
            p.stopAudio();
        }
    }

    @Override
    protected void detachMedia()
    {
        if (pc != null)
        {
            for (final RTCRtpSender s : senders)
            {
                pc.removeTrack(s);
            }
        }
        senders.clear();
    }

    @Override
    protected void disposeMedia()
    {
        if (pusher != null)
        {
            pusher.stopAudio();
            pusher.close();
            pusher = null;
        }
        if (videoTrack != null)
        {
            videoTrack.dispose();
            videoTrack = null;
        }
        if (audioTrack != null)
        {
            audioTrack.dispose();
            audioTrack = null;
        }
        if (videoSource != null)
        {
            videoSource.dispose();
            videoSource = null;
        }
        if (audioSource != null)
        {
            audioSource.dispose();
            audioSource = null;
        }
    }

    /** Receives the engine's output on the engine thread and hands it to the sources ({@link SourcePusher}). */
    private final class Listener implements FrameListener
    {
        @Override
        public void onVideoFrame(final ByteBuffer i420, final int width, final int height, final long ptsNs)
        {
            if (!enter())
            {
                return;
            }
            try
            {
                pusher.pushVideo(i420, width, height);
                framesPushed.incrementAndGet();
            }
            finally
            {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void onAudio(final float[] pcm, final int off, final int len, final long ptsNs)
        {
            if (!enter())
            {
                return;
            }
            try
            {
                final int chunks = pusher.pushAudio(pcm, off, len);
                if (chunks != 0)
                {
                    audioChunksPushed.addAndGet(chunks);
                }
            }
            finally
            {
                inFlight.decrementAndGet();
            }
        }

        private boolean enter()
        {
            if (closed)
            {
                return false;
            }
            inFlight.incrementAndGet();
            if (closed)
            {
                inFlight.decrementAndGet();
                return false;
            }
            return true;
        }
    }
}
