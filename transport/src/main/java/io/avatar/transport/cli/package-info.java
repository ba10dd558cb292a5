/**
 * {@code avatar serve}: the HTTP/WebSocket/WebRTC server as a CLI command.
 */
package io.avatar.transport.cli;
