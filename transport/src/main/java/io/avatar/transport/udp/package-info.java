/**
 * Non-blocking UDP output shared by the motion protocols (VMC, Live Link Face): endpoint validation and a sender that
 * counts what it could not send instead of blocking the engine.
 */
package io.avatar.transport.udp;
