/**
 * Tests of the stream outputs against real FFmpeg peers (an in-process RTMP/SRT listener) and real files.
 */
package io.avatar.transport.stream;
