package io.avatar.transport.whip;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
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
import io.avatar.transport.webrtc.SignallingThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media side of the test WHIP endpoint, standing in for an SFU: for each offer a receive-only webrtc-java peer
 * (its own factory on the headless audio module, so received audio is pulled into the sinks) answers without
 * trickle (the answer waits for ICE gathering, as a WHIP endpoint's does), counts decoded video frames (releasing
 * each) and audio samples, and notes when the first frame arrived. DELETE closes the peer in the documented order.
 */
final class WhipTestReceiver implements TestWhipEndpoint.Answerer, AutoCloseable
{
    final AtomicLong frames = new AtomicLong();
    final AtomicLong audioSamples = new AtomicLong();
    volatile long firstFrameNanos;
    volatile int width;
    volatile int height;
    volatile String lastAnswer;
    private final SignallingThread thread = new SignallingThread();
    private final HeadlessAudioDeviceModule adm;
    private final PeerConnectionFactory factory;
    private final Map<Integer, Peer> peers = new ConcurrentHashMap<>();
    private final VideoTrackSink videoSink = this::onFrame;
    private final AudioTrackSink audioSink = (data, bits, rate, channels, n) -> audioSamples.addAndGet(n);

    WhipTestReceiver()
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

    /** One resource's peer connection and tracks; touched on {@link #thread} only. */
    private final class Peer
    {
        RTCPeerConnection pc;
        final List<VideoTrack> video = new ArrayList<>();
        final List<AudioTrack> audio = new ArrayList<>();
        final CompletableFuture<String> gathered = new CompletableFuture<>();
    }

    @Override
    public String answer(final int resource, final String offer) throws Exception
    {
        final Peer p = new Peer();
        peers.put(resource, p);
        thread.call(() ->
        {
            p.pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver()
            {
                @Override
                public void onIceCandidate(final RTCIceCandidate c)
                {
                }

                @Override
                public void onIceGatheringChange(final RTCIceGatheringState s)
                {
                    if (s == RTCIceGatheringState.COMPLETE)
                    {
                        thread.execute(() ->
                        {
                            if (p.pc != null)
                            {
                                p.gathered.complete(p.pc.getLocalDescription().sdp);
                            }
                        });
                    }
                }

                @Override
                public void onTrack(final RTCRtpTransceiver t)
                {
                    thread.execute(() -> attach(p, t.getReceiver().getTrack()));
                }
            });
            p.pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer),
                new SetSessionDescriptionObserver()
            {
                @Override
                public void onSuccess()
                {
                    thread.execute(() -> createAnswer(p));
                }

                @Override
                public void onFailure(final String error)
                {
                    p.gathered.completeExceptionally(new IllegalStateException("setRemoteDescription: " + error));
                }
            });
            return null;
        });
        try
        {
            final String answer = p.gathered.get(10, TimeUnit.SECONDS);
            lastAnswer = answer;
            return answer;
        }
        catch (final Exception ex)
        {
            ended(resource);
            throw ex;
        }
    }

    private void createAnswer(final Peer p)
    {
        p.pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver()
        {
            @Override
            public void onSuccess(final RTCSessionDescription d)
            {
                thread.execute(() -> p.pc.setLocalDescription(d, new SetSessionDescriptionObserver()
                {
                    @Override
                    public void onSuccess()
                    {
                    }

                    @Override
                    public void onFailure(final String error)
                    {
                        p.gathered.completeExceptionally(new IllegalStateException("setLocalDescription: " + error));
                    }
                }));
            }

            @Override
            public void onFailure(final String error)
            {
                p.gathered.completeExceptionally(new IllegalStateException("createAnswer: " + error));
            }
        });
    }

    private void attach(final Peer p, final MediaStreamTrack track)
    {
        if (p.pc == null)
        {
            return;
        }
        if (track instanceof VideoTrack v)
        {
            v.addSink(videoSink);
            p.video.add(v);
        }
        else if (track instanceof AudioTrack a)
        {
            a.addSink(audioSink);
            p.audio.add(a);
        }
    }

    private void onFrame(final VideoFrame frame)
    {
        try
        {
            if (frames.getAndIncrement() == 0)
            {
                firstFrameNanos = System.nanoTime();
            }
            width = frame.buffer.getWidth();
            height = frame.buffer.getHeight();
        }
        finally
        {
            frame.release();
        }
    }

    /**
     * @return peer connections open now (one per live resource).
     */
    int openPeers()
    {
        return peers.size();
    }

    /** Resets the counters for the next measurement. */
    void reset()
    {
        frames.set(0);
        audioSamples.set(0);
        firstFrameNanos = 0;
    }

    /**
     * Closes every peer without a DELETE, as a crashing or restarting SFU would.
     */
    void dropAll()
    {
        List.copyOf(peers.keySet()).forEach(this::ended);
    }

    @Override
    public void ended(final int resource)
    {
        final Peer p = peers.remove(resource);
        if (p != null)
        {
            thread.call(() ->
            {
                closePeer(p);
                return null;
            });
        }
    }

    private void closePeer(final Peer p)
    {
        p.video.forEach(v -> v.removeSink(videoSink));
        p.audio.forEach(a -> a.removeSink(audioSink));
        p.video.clear();
        p.audio.clear();
        if (p.pc != null)
        {
            p.pc.close();
            p.pc = null;
        }
    }

    @Override
    public void close()
    {
        thread.call(() ->
        {
            peers.values().forEach(this::closePeer);
            peers.clear();
            adm.stopPlayout();
            factory.dispose();
            adm.dispose();
            return null;
        });
        thread.close();
    }
}
