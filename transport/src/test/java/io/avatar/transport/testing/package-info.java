/**
 * Test-only implementations of the transport's engine interface: {@link io.avatar.transport.testing.TestPatternService}
 * produces real frames and audio so the HTTP, WebSocket and WebRTC layers run end to end without the engine.
 */
package io.avatar.transport.testing;
