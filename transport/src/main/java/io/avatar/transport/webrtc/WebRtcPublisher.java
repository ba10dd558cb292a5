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
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
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
 * peer answers. Frames arrive on the engine thread ({@link FrameListener}) and go straight into the custom sources;
 * signalling runs on the {@link SignallingThread}. Create with {@link #open}, then {@link #start()}.
 */
public final class WebRtcPublisher extends SignalledPeer
{
    private final AvatarService service;
    private final String sessionId;
    private final VideoCodec codec;
    private final Listener listener = new Listener();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong framesPushed = new AtomicLong();
    private final AtomicLong audioChunksPushed = new AtomicLong();
    private CustomVideoSource videoSource;
    private CustomAudioSource audioSource;
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

    /** Receives the engine's output on the engine thread; the only allocation per frame is webrtc-java's buffer. */
    private final class Listener implements FrameListener
    {
        private final byte[] pcm16 = new byte[AUDIO_CHUNK_SAMPLES * 2];
        private int filled;

        @Override
        public void onVideoFrame(final ByteBuffer i420, final int width, final int height, final long ptsNs)
        {
            if (!enter())
            {
                return;
            }
            try
            {
                final NativeI420Buffer buf = NativeI420Buffer.allocate(width, height);
                final int base = i420.position();
                copyPlane(i420, base, width, height, buf.getDataY(), buf.getStrideY());
                final int cw = (width + 1) / 2;
                final int ch = (height + 1) / 2;
                copyPlane(i420, base + width * height, cw, ch, buf.getDataU(), buf.getStrideU());
                copyPlane(i420, base + width * height + cw * ch, cw, ch, buf.getDataV(), buf.getStrideV());
                final VideoFrame frame = new VideoFrame(buf, System.nanoTime());
                try
                {
                    videoSource.pushFrame(frame);
                }
                finally
                {
                    frame.release();
                }
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
                for (int i = 0; i < len; i++)
                {
                    final float v = pcm[off + i];
                    final int s = (int)((v > 1f ? 1f : v < -1f ? -1f : v) * 32767f);
                    pcm16[2 * filled] = (byte)s;
                    pcm16[2 * filled + 1] = (byte)(s >> 8);
                    if (++filled == AUDIO_CHUNK_SAMPLES)
                    {
                        audioSource.pushAudio(pcm16, 16, AUDIO_SAMPLE_RATE, 1, AUDIO_CHUNK_SAMPLES);
                        audioChunksPushed.incrementAndGet();
                        filled = 0;
                    }
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

        private void copyPlane(final ByteBuffer src, final int srcOff, final int w, final int h, final ByteBuffer dst,
            final int dstStride)
        {
            for (int y = 0; y < h; y++)
            {
                dst.put(y * dstStride, src, srcOff + y * w, w);
            }
        }
    }
}
