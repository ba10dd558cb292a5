/**
 * Tests of the HTTP server: handlers on an {@code EmbeddedChannel} and the whole server over real sockets.
 */
package io.avatar.transport.http;
