/**
 * Quality metrics for generated motion (rig weights + head pose per frame) and face landmarks: the style-aware
 * windowed metrics SLD/SLV/SMD (seed 002 Eq. 14-16), head-pose similarity HS (seed 003 Eq. 6), style-code distance
 * (seed 000 Eq. 2), lip-sync lag and correlation, phone-conditioned articulation metrics (p/b/m closure, lip rounding),
 * mouth-weight MAE and F-LMD/M-LMD (seed 001). Pure maths for offline evaluation: allocation is not a concern, and
 * every class is either an immutable value or a set of pure static functions, safe from any thread.
 * The motion file format is in docs/MOTION_FORMAT.md.
 */
package io.avatar.models.eval;
