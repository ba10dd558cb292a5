/**
 * WebRTC publishing and ingest through webrtc-java, and its health check for {@code avatar doctor}.
 */
package io.avatar.transport.webrtc;
