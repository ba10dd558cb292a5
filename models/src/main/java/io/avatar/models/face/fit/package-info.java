/**
 * One-photo portrait fitting: face detection and landmarks on a photo, head pose, identity shape and the photo's own
 * expression in rig weights, the rest camera, a small file that stores the fit, and the re-detection checks that
 * run the landmarker on rendered frames and compare with what the rig intended.
 */
package io.avatar.models.face.fit;
