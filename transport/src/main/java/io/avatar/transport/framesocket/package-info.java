/**
 * Raw frame output for local compositors and game-engine plug-ins: a fixed 48-byte little-endian header
 * ({@link io.avatar.transport.framesocket.FrameHeader}) followed by the RGBA or I420 pixels, streamed over a Unix
 * domain socket or TCP loopback ({@link io.avatar.transport.framesocket.FrameSocketServer}, per-client bounded queue,
 * oldest frame dropped and counted, the producer never blocks), or written into a shared-memory seqlock ring over a
 * memory-mapped file ({@link io.avatar.transport.framesocket.SharedMemoryFrameRing}) for zero-copy readers in any
 * language. Layouts are documented in {@code docs/PROTOCOLS.md}.
 */
package io.avatar.transport.framesocket;
