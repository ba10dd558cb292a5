package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A webrtc-java viewer standing in for a browser: answers a {@link WebRtcPublisher}'s offer and counts decoded
 * video frames (releasing each, or it leaks ~11 MB/s) and received audio samples. Has its own factory on the
 * headless audio module and its own signalling thread; {@link #close()} follows the documented order.
 */
final class TestReceiver implements AutoCloseable
{
    final AtomicLong frames = new AtomicLong();
    final AtomicLong audioSamples = new AtomicLong();
    volatile int width;
    volatile int height;
    volatile String answerSdp;
    private final SignallingThread thread;
    private final HeadlessAudioDeviceModule adm;
    private final PeerConnectionFactory factory;
    private final boolean ownsFactory;
    private RTCPeerConnection pc;
    private final List<RTCIceCandidate> pending = new ArrayList<>();
    private boolean remoteSet;
    private final List<VideoTrack> videoTracks = new ArrayList<>();
    private final List<AudioTrack> audioTracks = new ArrayList<>();
    private final VideoTrackSink videoSink = this::onFrame;
    private final AudioTrackSink audioSink = (data, bits, rate, channels, n) -> audioSamples.addAndGet(n);

    /** Shared factory and thread for many receivers (the leak test); close them with {@link Shared#close()}. */
    static final class Shared implements AutoCloseable
    {
        final SignallingThread thread = new SignallingThread();
        final HeadlessAudioDeviceModule adm;
        final PeerConnectionFactory factory;

        Shared()
        {
            adm = thread.call(HeadlessAudioDeviceModule::new);
            factory = thread.call(() -> new PeerConnectionFactory(adm));
            thread.call(() ->
            {
                adm.initPlayout();
                adm.startPlayout();
                return null;
            });
        }

        @Override
        public void close()
        {
            thread.call(() ->
            {
                adm.stopPlayout();
                factory.dispose();
                adm.dispose();
                return null;
            });
            thread.close();
        }
    }

    TestReceiver()
    {
        thread = new SignallingThread();
        adm = thread.call(HeadlessAudioDeviceModule::new);
        factory = thread.call(() -> new PeerConnectionFactory(adm));
        thread.call(() ->
        {
            adm.initPlayout();
            adm.startPlayout();
            return null;
        });
        ownsFactory = true;
    }

    TestReceiver(final Shared shared)
    {
        thread = shared.thread;
        adm = shared.adm;
        factory = shared.factory;
        ownsFactory = false;
    }

    /**
     * Connects to a publisher: returns the signals to give it; candidates go back through {@code toPublisher}.
     */
    PeerSignals connect(final Consumer<String> answerToPublisher, final CandidateSink candidateToPublisher)
    {
        thread.call(() ->
        {
            pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver()
            {
                @Override
                public void onIceCandidate(final RTCIceCandidate c)
                {
                    thread.execute(() -> candidateToPublisher.accept(c.sdp, c.sdpMid, c.sdpMLineIndex));
                }

                @Override
                public void onTrack(final RTCRtpTransceiver t)
                {
                    thread.execute(() -> attach(t.getReceiver().getTrack()));
                }
            });
            return null;
        });
        return new PeerSignals()
        {
            @Override
            public void onLocalDescription(final String type, final String sdp)
            {
                thread.execute(() -> answer(sdp, answerToPublisher));
            }

            @Override
            public void onLocalCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
            {
                final RTCIceCandidate c = new RTCIceCandidate(sdpMid, sdpMLineIndex, candidate);
                thread.execute(() ->
                {
                    if (pc == null)
                    {
                        return;
                    }
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
                System.err.println("publisher error " + code + ": " + message);
            }
        };
    }

    /** Where the receiver's candidates go. */
    interface CandidateSink
    {
        void accept(String candidate, String sdpMid, int sdpMLineIndex);
    }

    private void answer(final String offer, final Consumer<String> answerToPublisher)
    {
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer), new SetSessionDescriptionObserver()
        {
            @Override
            public void onSuccess()
            {
                thread.execute(() ->
                {
                    remoteSet = true;
                    pending.forEach(pc::addIceCandidate);
                    pending.clear();
                    pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver()
                    {
                        @Override
                        public void onSuccess(final RTCSessionDescription d)
                        {
                            thread.execute(() -> pc.setLocalDescription(d, new SetSessionDescriptionObserver()
                            {
                                @Override
                                public void onSuccess()
                                {
                                    answerSdp = d.sdp;
                                    thread.execute(() -> answerToPublisher.accept(d.sdp));
                                }

                                @Override
                                public void onFailure(final String error)
                                {
                                    System.err.println("receiver setLocalDescription: " + error);
                                }
                            }));
                        }

                        @Override
                        public void onFailure(final String error)
                        {
                            System.err.println("receiver createAnswer: " + error);
                        }
                    });
                });
            }

            @Override
            public void onFailure(final String error)
            {
                System.err.println("receiver setRemoteDescription: " + error);
            }
        });
    }

    private void attach(final MediaStreamTrack track)
    {
        if (track instanceof VideoTrack v)
        {
            v.addSink(videoSink);
            videoTracks.add(v);
        }
        else if (track instanceof AudioTrack a)
        {
            a.addSink(audioSink);
            audioTracks.add(a);
        }
    }

    private void onFrame(final VideoFrame frame)
    {
        try
        {
            width = frame.buffer.getWidth();
            height = frame.buffer.getHeight();
            frames.incrementAndGet();
        }
        finally
        {
            frame.release();
        }
    }

    @Override
    public void close()
    {
        thread.call(() ->
        {
            videoTracks.forEach(v -> v.removeSink(videoSink));
            audioTracks.forEach(a -> a.removeSink(audioSink));
            videoTracks.clear();
            audioTracks.clear();
            if (pc != null)
            {
                pc.close();
                pc = null;
            }
            if (ownsFactory)
            {
                adm.stopPlayout();
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
