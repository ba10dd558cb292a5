/**
 * The face rig: the ARKit blendshape vocabulary and head pose layout every motion frame uses, and the rig itself
 * ({@link io.avatar.models.rig.FaceRig}): per-vertex displacement fields on the canonical face mesh under the ARKit
 * names, authored procedurally by {@link io.avatar.models.rig.RigBuilder} and shipped as a versioned data file.
 */
package io.avatar.models.rig;
