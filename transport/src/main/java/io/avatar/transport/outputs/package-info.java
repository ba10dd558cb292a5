/**
 * Session outputs ({@link io.avatar.engine.session.FrameOutput}) that hand each frame to a transport: VMC/OSC and
 * Live Link Face motion over UDP, raw frames over the frame socket. They run on the engine's output stage thread and
 * never block it: the UDP senders are non-blocking and the frame socket copies into per-client buffers that its own
 * thread drains. Each output owns the transport it was given and closes it with the session.
 * {@link io.avatar.transport.outputs.SessionOutputs} keeps the outputs the REST API starts for a session (WHIP,
 * RTMP/SRT/file streams) by id.
 */
package io.avatar.transport.outputs;
