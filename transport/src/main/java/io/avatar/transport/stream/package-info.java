/**
 * Live streaming of a session's frames and audio to RTMP servers, SRT peers and media files, through FFmpeg (H.264 +
 * AAC; docs/STREAMING.md). The engine's output stage only copies each frame into a bounded queue; one writer thread
 * per stream encodes and sends, so a slow or dead network costs that stream counted drops or a reported failure,
 * never the engine. {@link io.avatar.transport.stream.SessionStream} streams a session of the network API (fed through
 * its {@link io.avatar.transport.api.FrameListener}, 48 kHz audio) for {@code POST /api/sessions/{id}/stream}.
 */
package io.avatar.transport.stream;
