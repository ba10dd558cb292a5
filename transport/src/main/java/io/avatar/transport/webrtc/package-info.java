/**
 * WebRTC publishing and ingest through webrtc-java, and its health check for {@code avatar doctor}.
 *
 * <p>Rules from DEPENDENCIES.md that shape this package: two factories ({@link io.avatar.transport.webrtc.WebRtcFactories}):
 * a send-only one with a dummy audio device module for {@link io.avatar.transport.webrtc.WebRtcPublisher} and a
 * receive-only one with the headless module for {@link io.avatar.transport.webrtc.MicrophoneIngest} (both on one
 * factory crash 0.14.0); every WebRTC callback is handed to one {@link io.avatar.transport.webrtc.SignallingThread};
 * remote ICE candidates wait until the remote description is set; close order is remove senders, close the peer
 * connection, dispose tracks, sources, factories, audio modules. Publisher audio leaves at wall-clock pace through
 * the server's one {@link io.avatar.transport.webrtc.AudioPacer} thread (each publisher's lane is taken off it before
 * its audio source is disposed).
 */
package io.avatar.transport.webrtc;
