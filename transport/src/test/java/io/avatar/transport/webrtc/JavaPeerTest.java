package io.avatar.transport.webrtc;

import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.testing.TestPatternService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java-to-Java WebRTC: a {@link WebRtcPublisher} to a webrtc-java receiver for every codec, and a webrtc-java
 * microphone into {@link MicrophoneIngest}, over the namespace's veth address.
 */
@Tag("netns")
class JavaPeerTest
{
    private static TestPatternService service;
    private static SignallingThread signalling;
    private static WebRtcFactories factories;

    @BeforeAll
    static void start()
    {
        Netns.require();
        service = new TestPatternService();
        signalling = new SignallingThread();
        factories = signalling.call(WebRtcFactories::new);
    }

    @AfterAll
    static void stop()
    {
        if (signalling != null)
        {
            signalling.call(() ->
            {
                factories.close();
                return null;
            });
            signalling.close();
            service.close();
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void shouldPublishFramesAndAudioToAJavaReceiverWithTheChosenCodec(final VideoCodec codec) throws Exception
    {
        final SessionInfo s = service.createSession(new SessionRequest(null, null, 25, 320, 240));
        try (TestReceiver rx = new TestReceiver())
        {
            final WebRtcPublisher pub = connect(rx, s.id(), codec);
            try
            {
                await(() -> rx.frames.get() >= 10, 15_000, codec + ": first frames");
                final long f0 = rx.frames.get();
                final long a0 = rx.audioSamples.get();
                final long t0 = System.nanoTime();
                Thread.sleep(2000);
                final double seconds = (System.nanoTime() - t0) / 1e9;
                final double fps = (rx.frames.get() - f0) / seconds;
                final double audioRate = (rx.audioSamples.get() - a0) / seconds;
                System.out.printf("%s: %.1f fps received, %.0f audio samples/s, %dx%d%n", codec, fps, audioRate,
                    rx.width, rx.height);
                assertEquals(codec.name(), firstVideoCodec(rx.answerSdp), "negotiated codec");
                assertTrue(fps >= 0.9 * 25, codec + ": " + fps + " fps");
                assertTrue(audioRate >= 0.9 * 48_000, codec + ": audio " + audioRate + " samples/s");
                assertEquals(320, rx.width);
                assertEquals(240, rx.height);
                assertTrue(pub.framesPushed() > 0 && pub.audioChunksPushed() > 0);
            }
            finally
            {
                pub.close();
                pub.close(); // idempotent
            }
        }
        finally
        {
            service.closeSession(s.id());
        }
    }

    @Test
    void shouldForwardARemoteMicrophoneIntoTheSession() throws Exception
    {
        final SessionInfo s = service.createSession(new SessionRequest(null, null, 25, 128, 128));
        final AtomicReference<MicrophoneIngest> ingest = new AtomicReference<>();
        final AtomicReference<PeerSignals> toMic = new AtomicReference<>();
        try (TestMicSender mic = new TestMicSender())
        {
            ingest.set(MicrophoneIngest.open(signalling, factories, new ForwardingSignals(toMic), IceConfig.LOCAL,
                service, s.id()));
            toMic.set(mic.signals());
            mic.start(offer -> ingest.get().applyOffer(offer), (c, mid, i) -> ingest.get().addRemoteCandidate(c, mid, i));
            await(() -> ingest.get().samplesIn() >= 48_000, 15_000, "one second of microphone audio");
            final double rms = ((Number)service.counters(s.id()).get("micRms")).doubleValue();
            System.out.printf("microphone ingest: %d samples, engine-side RMS %.3f (sent 0.354)%n",
                ingest.get().samplesIn(), rms);
            assertTrue(rms > 0.2 && rms < 0.5, "RMS of a half-scale sine after Opus: " + rms);
            assertEquals(0, ingest.get().pushErrors());
        }
        finally
        {
            if (ingest.get() != null)
            {
                ingest.get().close();
            }
            service.closeSession(s.id());
        }
    }

    @Test
    void shouldRejectMalformedSdpAndCandidatesWithClearMessages() throws Exception
    {
        final SessionInfo s = service.createSession(new SessionRequest(null, null, 25, 128, 128));
        final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        final PeerSignals recorder = new PeerSignals()
        {
            @Override
            public void onLocalDescription(final String type, final String sdp)
            {
            }

            @Override
            public void onLocalCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
            {
            }

            @Override
            public void onStateChange(final String state)
            {
            }

            @Override
            public void onError(final String code, final String message)
            {
                errors.add(code + ": " + message);
            }
        };
        try (MicrophoneIngest in = MicrophoneIngest.open(signalling, factories, recorder, IceConfig.LOCAL, service,
            s.id()))
        {
            final IllegalArgumentException notSdp = assertThrows(IllegalArgumentException.class,
                () -> in.applyOffer("hello"));
            assertTrue(notSdp.getMessage().contains("v=0"), notSdp.getMessage());
            assertThrows(IllegalArgumentException.class, () -> in.applyOffer("v=0\r\ns=-\r\n"));
            final IllegalArgumentException cand = assertThrows(IllegalArgumentException.class,
                () -> in.addRemoteCandidate("candidate:1 1 udp", "0", 0));
            assertTrue(cand.getMessage().contains("malformed ICE candidate"), cand.getMessage());
            // Passes the structural check, fails in the native parser: reported through onError, peer survives.
            in.applyOffer("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                + "a=ice-ufrag:x\r\na=fingerprint:bogus\r\na=rtpmap:111 opus/48000/2\r\n");
            await(() -> !errors.isEmpty(), 5000, "a native SDP error");
            assertTrue(errors.get(0).startsWith("bad_sdp"), errors.toString());
            System.out.println("native SDP rejection: " + errors.get(0));
        }
        finally
        {
            service.closeSession(s.id());
        }
    }

    static PeerSignals forwarding(final AtomicReference<PeerSignals> target)
    {
        return new ForwardingSignals(target);
    }

    /** Hands signals to a peer that is created after the one sending them. */
    private record ForwardingSignals(AtomicReference<PeerSignals> target) implements PeerSignals
    {
        @Override
        public void onLocalDescription(final String type, final String sdp)
        {
            target.get().onLocalDescription(type, sdp);
        }

        @Override
        public void onLocalCandidate(final String candidate, final String sdpMid, final int sdpMLineIndex)
        {
            target.get().onLocalCandidate(candidate, sdpMid, sdpMLineIndex);
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
    }

    static WebRtcPublisher connect(final TestReceiver rx, final String id, final VideoCodec codec)
    {
        final AtomicReference<WebRtcPublisher> pub = new AtomicReference<>();
        final PeerSignals toReceiver = rx.connect(
            answer -> pub.get().applyAnswer(answer),
            (c, mid, i) -> pub.get().addRemoteCandidate(c, mid, i));
        pub.set(WebRtcPublisher.open(signalling(), factories(), toReceiver, IceConfig.LOCAL, service(), id, codec));
        pub.get().start();
        return pub.get();
    }

    static SignallingThread signalling()
    {
        return signalling;
    }

    static WebRtcFactories factories()
    {
        return factories;
    }

    static TestPatternService service()
    {
        return service;
    }

    static String firstVideoCodec(final String sdp)
    {
        String pt = null;
        for (final String line : sdp.split("\r?\n"))
        {
            if (line.startsWith("m=video"))
            {
                pt = line.split(" ")[3];
            }
            else if (pt != null && line.startsWith("a=rtpmap:" + pt + " "))
            {
                return line.substring(line.indexOf(' ') + 1, line.indexOf('/'));
            }
        }
        throw new AssertionError("no video codec in the answer:\n" + sdp);
    }

    static void await(final BooleanSupplier condition, final long timeoutMs, final String what)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
