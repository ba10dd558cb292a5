/**
 * WHIP (RFC 9725, WebRTC-HTTP Ingestion Protocol) output: publishes a live session's video and audio into any SFU or
 * media server that accepts WHIP. {@link io.avatar.transport.whip.WhipClient} does the HTTP signalling (offer by
 * POST, answer in the 201, DELETE of the resource on close); {@link io.avatar.transport.whip.WhipOutput} ties it to
 * the existing send-only {@link io.avatar.transport.webrtc.WebRtcPublisher}; {@link io.avatar.transport.whip.WhipOutputs}
 * is the per-server registry behind {@code POST /api/sessions/{id}/whip}.
 */
package io.avatar.transport.whip;
