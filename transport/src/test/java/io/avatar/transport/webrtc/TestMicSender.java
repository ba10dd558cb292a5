package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A webrtc-java "browser microphone": offers one audio track fed with a 440 Hz tone at half scale, 10 ms at a time,
 * to a {@link MicrophoneIngest}. Own send-only factory on the dummy audio module, own signalling thread.
 */
final class TestMicSender implements AutoCloseable
{
    private final SignallingThread thread;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AudioDeviceModule adm;
    private final PeerConnectionFactory factory;
    private final boolean ownsFactory;
    private final CustomAudioSource source;
    private final AudioTrack track;
    private final byte[] chunk = new byte[960];
    private RTCPeerConnection pc;
    private RTCRtpSender sender;
    private final List<RTCIceCandidate> pending = new ArrayList<>();
    private boolean remoteSet;
    private long sample;
    private final PeerSignals signals = new PeerSignals()
    {
        @Override
        public void onLocalDescription(final String type, final String sdp)
        {
            thread.execute(() -> pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp),
                new SetSessionDescriptionObserver()
                {
                    @Override
                    public void onSuccess()
                    {
                        thread.execute(() ->
                        {
                            remoteSet = true;
                            pending.forEach(pc::addIceCandidate);
                            pending.clear();
                        });
                    }

                    @Override
                    public void onFailure(final String error)
                    {
                        System.err.println("mic setRemoteDescription: " + error);
                    }
                }));
        }

        @Override
        public void onLocalCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
        {
            final RTCIceCandidate c = new RTCIceCandidate(sdpMid, sdpMLineIndex, candidate);
            thread.execute(() ->
            {
                if (remoteSet)
                {
                    pc.addIceCandidate(c);
                }
                else
                {
                    pending.add(c);
                }
            });
        }

        @Override
        public void onStateChange(final String state)
        {
        }

        @Override
        public void onError(final String code, final String message)
        {
            System.err.println("ingest error " + code + ": " + message);
        }
    };

    /** Shared send factory and thread for many senders (the leak test). */
    static final class Shared implements AutoCloseable
    {
        final SignallingThread thread = new SignallingThread();
        final AudioDeviceModule adm = thread.call(() -> new AudioDeviceModule(AudioLayer.kDummyAudio));
        final PeerConnectionFactory factory = thread.call(() -> new PeerConnectionFactory(adm));

        @Override
        public void close()
        {
            thread.call(() ->
            {
                factory.dispose();
                adm.dispose();
                return null;
            });
            thread.close();
        }
    }

    TestMicSender()
    {
        thread = new SignallingThread();
        adm = thread.call(() -> new AudioDeviceModule(AudioLayer.kDummyAudio));
        factory = thread.call(() -> new PeerConnectionFactory(adm));
        ownsFactory = true;
        source = thread.call(CustomAudioSource::new);
        track = thread.call(() -> factory.createAudioTrack("mic", source));
    }

    TestMicSender(final Shared shared)
    {
        thread = shared.thread;
        adm = shared.adm;
        factory = shared.factory;
        ownsFactory = false;
        source = thread.call(CustomAudioSource::new);
        track = thread.call(() -> factory.createAudioTrack("mic", source));
    }

    /**
     * Creates the peer and sends the offer through {@code offerToIngest}; candidates go through
     * {@code candidateToIngest}. Returns the signals the ingest answers through.
     */
    PeerSignals start(final Consumer<String> offerToIngest, final TestReceiver.CandidateSink candidateToIngest)
    {
        thread.call(() ->
        {
            pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver()
            {
                @Override
                public void onIceCandidate(final RTCIceCandidate c)
                {
                    thread.execute(() -> candidateToIngest.accept(c.sdp, c.sdpMid, c.sdpMLineIndex));
                }
            });
            sender = pc.addTrack(track, List.of("mic"));
            pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver()
            {
                @Override
                public void onSuccess(final RTCSessionDescription d)
                {
                    thread.execute(() -> pc.setLocalDescription(d, new SetSessionDescriptionObserver()
                    {
                        @Override
                        public void onSuccess()
                        {
                            thread.execute(() -> offerToIngest.accept(d.sdp));
                        }

                        @Override
                        public void onFailure(final String error)
                        {
                            System.err.println("mic setLocalDescription: " + error);
                        }
                    }));
                }

                @Override
                public void onFailure(final String error)
                {
                    System.err.println("mic createOffer: " + error);
                }
            });
            return null;
        });
        clock.scheduleAtFixedRate(this::push, 10, 10, TimeUnit.MILLISECONDS);
        return signals;
    }

    /**
     * @return where the ingest's answer and candidates go; known before {@link #start} so nothing is lost.
     */
    PeerSignals signals()
    {
        return signals;
    }

    private void push()
    {
        for (int i = 0; i < 480; i++)
        {
            final int s = (int)(16_384 * Math.sin(2 * Math.PI * 440 * (sample + i) / 48_000.0));
            chunk[2 * i] = (byte)s;
            chunk[2 * i + 1] = (byte)(s >> 8);
        }
        sample += 480;
        source.pushAudio(chunk, 16, 48_000, 1, 480);
    }

    @Override
    public void close()
    {
        clock.shutdown();
        try
        {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        thread.call(() ->
        {
            if (pc != null)
            {
                pc.removeTrack(sender);
                pc.close();
            }
            track.dispose();
            source.dispose();
            if (ownsFactory)
            {
                factory.dispose();
                adm.dispose();
            }
            return null;
        });
        if (ownsFactory)
        {
            thread.close();
        }
    }
}
