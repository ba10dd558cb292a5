/**
 * Style extraction from a reference video: streaming decode, face tracking, landmark smoothing, head pose and rig
 * weights per frame, resampling to 25 fps, and the style code of the result (docs/STYLE_EXTRACT.md).
 */
package io.avatar.models.style.extract;
