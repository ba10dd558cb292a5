/**
 * Still-image loading for portraits: PNG and JPEG through ImageIO, WebP and other formats through FFmpeg, converted
 * to one packed 8-bit RGB raster ({@link io.avatar.models.image.RgbImage}) whatever the source held (grayscale,
 * alpha, 16-bit samples, palettes), turned upright from the EXIF orientation tag, and bounded in size.
 */
package io.avatar.models.image;
