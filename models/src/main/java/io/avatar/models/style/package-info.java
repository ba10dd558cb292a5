/**
 * Speaking style: the style code of a motion clip (seed 000, Eq. 2 on our rig; layout in docs/STYLE_CODE.md),
 * interpolation between styles and the intensity knob.
 */
package io.avatar.models.style;
