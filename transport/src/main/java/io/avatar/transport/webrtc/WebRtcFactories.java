package io.avatar.transport.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * Owns the two peer-connection factories and their audio device modules. In webrtc-java 0.14.0 a factory with the
 * headless module that also carries a {@code CustomAudioSource} crashes the JVM, and a factory without any module
 * kills it on a headless box (DEPENDENCIES.md), so: a send-only factory on a dummy module for publishers and a
 * receive-only factory on the headless module (playout started, which is what pulls received audio into track
 * sinks) for microphone ingest. Also owns the server's one {@link AudioPacer} (unless {@code -D}{@value
 * AudioPacer#PROPERTY}{@code =off}), shared by every publisher. Created and closed on the {@link SignallingThread};
 * close every peer first.
 */
public final class WebRtcFactories implements AutoCloseable
{
    private AudioDeviceModule sendAudio;
    private PeerConnectionFactory send;
    private HeadlessAudioDeviceModule receiveAudio;
    private PeerConnectionFactory receive;
    private AudioPacer pacer;

    /**
     * Creates both factories; closes what was built if a step fails.
     */
    public WebRtcFactories()
    {
        try
        {
            sendAudio = new AudioDeviceModule(AudioLayer.kDummyAudio);
            send = new PeerConnectionFactory(sendAudio);
            receiveAudio = new HeadlessAudioDeviceModule();
            receive = new PeerConnectionFactory(receiveAudio);
            receiveAudio.initPlayout();
            receiveAudio.startPlayout();
            pacer = AudioPacer.fromSystemProperty();
        }
        catch (final RuntimeException | Error ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @return the send-only factory (publishers). Signalling thread only.
     */
    public PeerConnectionFactory send()
    {
        if (send == null)
        {
            throw new IllegalStateException("WebRTC factories are closed");
        }
        return send;
    }

    /**
     * @return the receive-only factory (microphone ingest). Signalling thread only.
     */
    public PeerConnectionFactory receive()
    {
        if (receive == null)
        {
            throw new IllegalStateException("WebRTC factories are closed");
        }
        return receive;
    }

    /**
     * @return the server's audio pacer, or {@code null} when pacing is off. Any thread.
     */
    public AudioPacer pacer()
    {
        return pacer;
    }

    /**
     * Stops the audio pacer, disposes factories, then audio modules. Idempotent. Signalling thread only.
     */
    @Override
    public void close()
    {
        if (pacer != null)
        {
            pacer.close();
            pacer = null;
        }
        if (receiveAudio != null)
        {
            receiveAudio.stopPlayout();
        }
        if (receive != null)
        {
            receive.dispose();
            receive = null;
        }
        if (send != null)
        {
            send.dispose();
            send = null;
        }
        if (receiveAudio != null)
        {
            receiveAudio.dispose();
            receiveAudio = null;
        }
        if (sendAudio != null)
        {
            sendAudio.dispose();
            sendAudio = null;
        }
    }
}
