/**
 * Reference clients for the engine's local outputs, written so that a game-engine plug-in author can read them top
 * to bottom: a frame-socket / shared-memory client and a VMC / Live Link listener that print what they receive.
 * They decode the bytes themselves (the layouts are in {@code docs/PROTOCOLS.md}) rather than calling the senders'
 * code. The C equivalent of the frame-socket client is {@code examples/clients/frame_client.c}.
 */
package io.avatar.examples.clients;
