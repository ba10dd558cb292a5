/**
 * WebRTC tests with real peers (webrtc-java receivers and senders, headless Chromium), tagged {@code netns}: they
 * run in a private network namespace (src/test/netns/bin/java) because WebRTC ignores loopback interfaces.
 */
package io.avatar.transport.webrtc;
