/**
 * What the network layer needs from the engine: {@link io.avatar.transport.api.AvatarService} and the frame
 * callback {@link io.avatar.transport.api.FrameListener}. The engine implements the service; the HTTP, WebSocket
 * and WebRTC code in this module only talks to these types.
 */
package io.avatar.transport.api;
