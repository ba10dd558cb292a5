/**
 * Independent checks of rendered video: the MediaPipe face mesh is run on the output frames (it knows nothing of our
 * rig) and its readings are compared with the video's own audio track.
 */
package io.avatar.engine.eval;
