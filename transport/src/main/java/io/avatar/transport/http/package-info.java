/**
 * The Netty HTTP server: REST API, WebSocket signalling and events, and the web page. See {@code docs/API.md}.
 * Request flow: {@link io.avatar.transport.http.RequestGate} (origin, token, size limits, before any body is
 * buffered) -> aggregator -> {@link io.avatar.transport.http.ApiHandler} or the WebSocket
 * ({@link io.avatar.transport.http.SignallingHandler}).
 */
package io.avatar.transport.http;
