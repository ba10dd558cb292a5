/**
 * CPU face renderer: projects a deformed face mesh with a head pose, rasterizes it as a warp (texture coordinates per
 * output pixel) over the face, the eyeball fills, a mouth interior and a skirt that fades into the static background,
 * samples the portrait bilinearly (seed 000, Algorithm 1) and converts to I420. Plain arrays only (no model types), no
 * allocation after construction, one renderer per session; textures are read-only and may be shared. A detail texture
 * ({@code DetailTexture}, {@code TextureBlend}) is blended in per frame by region into the renderer's own copy of its
 * pre-filtered portrait texels (a photo's smile creases following the driven smile).
 */
package io.avatar.kernels.render;
