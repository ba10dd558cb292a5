/**
 * WHIP tests: the HTTP side against a JDK HTTP server with canned answers (default execution), and publishing into
 * a WHIP endpoint whose answers come from a real webrtc-java receiver (tag {@code netns}).
 */
package io.avatar.transport.whip;
