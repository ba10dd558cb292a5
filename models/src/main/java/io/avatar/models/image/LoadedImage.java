package io.avatar.models.image;

/**
 * What {@link ImageLoader} produced from one file: the upright RGB raster, the alpha plane when the file had one and
 * the loader was asked to keep it, and how the raster relates to the stored pixels. Immutable apart from the pixel
 * arrays; hand it between threads only after loading.
 *
 * @param image        upright RGB pixels (alpha composited on white unless kept).
 * @param alpha        one byte per pixel of {@code image} (255 = opaque), or null when the source was opaque or
 *                     alpha was composited.
 * @param sourceWidth  width of the pixels stored in the file.
 * @param sourceHeight height of the pixels stored in the file.
 * @param orientation  the EXIF orientation applied (1 = none).
 * @param scale        output pixels per stored pixel (1 unless the image was downscaled).
 * @param format       the decoder that read it, e.g. {@code "png"}, {@code "jpeg"}, {@code "ffmpeg:webp"}.
 */
public record LoadedImage(RgbImage image, byte[] alpha, int sourceWidth, int sourceHeight, int orientation,
    double scale, String format)
{
}
