/**
 * OSC 1.0 encoding (messages, bundles, int32/float32/string/timetag arguments, 4-byte padding, big-endian) into
 * preallocated buffers, and the VMC protocol sender for game engines (VSeeFace, VirtualMotionCapture, Unity EVMC4U,
 * Warudo and other VMC receivers). Layouts are documented in {@code docs/PROTOCOLS.md}.
 */
package io.avatar.transport.osc;
