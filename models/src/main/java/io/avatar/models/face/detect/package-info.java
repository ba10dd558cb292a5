/**
 * Face detection and the 468-point face mesh with the MediaPipe TensorFlow Lite models (through the bytedeco
 * presets), and the fitting maths that need no rig: the rotated face crop, tracking from frame to frame, and the
 * head pose of a landmark set against a reference shape (weighted Procrustes with a depth-scale estimate, or
 * perspective-n-point through a known pinhole camera).
 * <p>
 * Entry point: {@link io.avatar.models.face.detect.FaceLandmarker}. Coordinates are image pixels, x to the right and
 * y down, with pixel {@code (i, j)} covering {@code [i, i+1) x [j, j+1)}; landmark z is in pixels too (MediaPipe's
 * relative depth, smaller = nearer the camera, in the crop's scale).
 */
package io.avatar.models.face.detect;
