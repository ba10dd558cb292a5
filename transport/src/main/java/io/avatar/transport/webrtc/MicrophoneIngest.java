package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import io.avatar.transport.api.AvatarService;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives a peer's microphone over a receive-only peer connection on the receive factory (headless audio module)
 * and forwards the PCM into {@link AvatarService#pushAudio}. The peer offers; this answers. Audio arrives on a
 * WebRTC audio thread in 10 ms blocks and is converted into a reused float buffer (mono: the first channel).
 */
public final class MicrophoneIngest extends SignalledPeer
{
    private final AvatarService service;
    private final String sessionId;
    private final List<AudioTrack> tracks = new ArrayList<>();
    private final Sink sink = new Sink();
    private final AtomicLong samplesIn = new AtomicLong();
    private final AtomicLong pushErrors = new AtomicLong();
    private volatile double level;

    private MicrophoneIngest(final SignallingThread signalling, final PeerSignals signals, final IceConfig ice,
        final AvatarService service, final String sessionId)
    {
        super(signalling, signals, ice);
        this.service = service;
        this.sessionId = sessionId;
    }

    /**
     * Builds the peer connection on the signalling thread. Any thread except webrtc-java callbacks.
     *
     * @param signalling the signalling thread.
     * @param factories  the factories (the receive one is used).
     * @param signals    where the answer and candidates go.
     * @param ice        ICE settings.
     * @param service    the engine, for audio.
     * @param sessionId  the session to feed.
     * @return the ingest, waiting for {@link #applyOffer}.
     */
    public static MicrophoneIngest open(final SignallingThread signalling, final WebRtcFactories factories,
        final PeerSignals signals, final IceConfig ice, final AvatarService service, final String sessionId)
    {
        final MicrophoneIngest m = new MicrophoneIngest(signalling, signals, ice, service, sessionId);
        try
        {
            signalling.call(() ->
            {
                m.pc = factories.receive().createPeerConnection(ice.toRtc(), m.observer());
                return null;
            });
            return m;
        }
        catch (final RuntimeException ex)
        {
            m.close();
            throw ex;
        }
    }

    /**
     * Applies the peer's offer and answers it. Any thread.
     *
     * @param sdp the offer.
     * @throws IllegalArgumentException when the SDP is malformed.
     */
    public void applyOffer(final String sdp)
    {
        checkSdp(sdp);
        signalling.execute(() ->
        {
            if (!closed)
            {
                setRemote(RTCSdpType.OFFER, sdp, () -> nativeCall("webrtc", "creating the answer failed",
                    () -> pc.createAnswer(new RTCAnswerOptions(), sendLocal())));
            }
        });
    }

    @Override
    protected void onTrack(final RTCRtpTransceiver transceiver)
    {
        final MediaStreamTrack t = transceiver.getReceiver().getTrack();
        if (t instanceof AudioTrack audio)
        {
            audio.addSink(sink);
            tracks.add(audio);
        }
    }

    /**
     * @return samples forwarded to the engine so far. Any thread.
     */
    public long samplesIn()
    {
        return samplesIn.get();
    }

    /**
     * @return RMS of the last received block, 0..1. Any thread.
     */
    public double level()
    {
        return level;
    }

    /**
     * @return blocks the engine refused (session gone, bad rate). Any thread.
     */
    public long pushErrors()
    {
        return pushErrors.get();
    }

    @Override
    protected void detachMedia()
    {
        for (final AudioTrack t : tracks)
        {
            t.removeSink(sink);
        }
        // Received tracks belong to their receivers: the peer connection frees them.
        tracks.clear();
    }

    @Override
    protected void disposeMedia()
    {
    }

    /** Converts 16-bit interleaved PCM to mono floats and pushes it; runs on a WebRTC audio thread. */
    private final class Sink implements AudioTrackSink
    {
        private float[] buf = new float[960];

        @Override
        public void onData(final byte[] data, final int bitsPerSample, final int sampleRate, final int channels,
            final int frames)
        {
            if (closed || bitsPerSample != 16 || channels < 1)
            {
                return;
            }
            if (buf.length < frames)
            {
                buf = new float[frames]; // only when the block size grows, so not per block
            }
            final int stride = 2 * channels;
            double sum = 0;
            for (int i = 0; i < frames; i++)
            {
                final int lo = data[i * stride] & 0xFF;
                final int hi = data[i * stride + 1];
                final float v = (short)((hi << 8) | lo) / 32768f;
                buf[i] = v;
                sum += v * v;
            }
            level = frames > 0 ? Math.sqrt(sum / frames) : 0;
            try
            {
                service.pushAudio(sessionId, buf, 0, frames, sampleRate);
                samplesIn.addAndGet(frames);
            }
            catch (final RuntimeException ex)
            {
                pushErrors.incrementAndGet();
            }
        }
    }
}
