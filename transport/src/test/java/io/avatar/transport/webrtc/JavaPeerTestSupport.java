package io.avatar.transport.webrtc;

import io.avatar.transport.api.AvatarService;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires a {@link WebRtcPublisher} to a {@link TestReceiver}: offer, answer and candidates both ways.
 */
final class JavaPeerTestSupport
{
    private JavaPeerTestSupport()
    {
    }

    static WebRtcPublisher connect(final SignallingThread signalling, final WebRtcFactories factories,
        final AvatarService service, final TestReceiver rx, final String id)
    {
        final AtomicReference<WebRtcPublisher> pub = new AtomicReference<>();
        final PeerSignals toReceiver = rx.connect(
            answer -> pub.get().applyAnswer(answer),
            (c, mid, i) -> pub.get().addRemoteCandidate(c, mid, i));
        pub.set(WebRtcPublisher.open(signalling, factories, toReceiver, IceConfig.LOCAL, service, id, VideoCodec.VP8));
        pub.get().start();
        return pub.get();
    }
}
