/**
 * Outputs that live in the engine itself: the MP4 file writer used by offline render (the network outputs live in
 * the transport module). Each writer is owned by one thread.
 */
package io.avatar.engine.output;
