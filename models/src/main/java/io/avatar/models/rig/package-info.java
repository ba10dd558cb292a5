/**
 * The face rig vocabulary: ARKit blendshape names in Apple's (Live Link Face) order and the head pose layout. Every
 * motion frame in the engine, the decoder's outputs and the game-engine protocols use these indices.
 */
package io.avatar.models.rig;
