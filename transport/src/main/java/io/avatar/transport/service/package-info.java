/**
 * The engine behind the network API: {@link io.avatar.transport.service.EngineAvatarService} implements
 * {@link io.avatar.transport.api.AvatarService} with live sessions on one {@link io.avatar.engine.session.AvatarEngine},
 * and {@link io.avatar.transport.service.ListenerOutput} turns a session's frames and 16 kHz audio into the I420
 * frames and 48 kHz, 10 ms audio chunks that WebRTC publishers take.
 */
package io.avatar.transport.service;
