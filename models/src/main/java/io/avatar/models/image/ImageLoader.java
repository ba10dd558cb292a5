package io.avatar.models.image;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a still image file into an upright 8-bit RGB raster.
 * <ul>
 * <li>PNG, JPEG, GIF and BMP through ImageIO, with the samples converted by their own bit depth (so 16-bit and
 * 1/2/4-bit grayscale keep their tones; ImageIO's generic conversion treats gray as linear light and brightens
 * it), palettes looked up, alpha composited on white or kept as a separate plane;</li>
 * <li>WebP, and anything ImageIO cannot read (CMYK JPEG, TIFF, ...), through FFmpeg's decoders;</li>
 * <li>the EXIF orientation tag of JPEG and PNG files applied;</li>
 * <li>images whose longest side exceeds {@link #maxSide()} shrunk by area averaging (very large files are
 * subsampled while decoding so a 100-megapixel photo does not need gigabytes);</li>
 * <li>truncated or corrupt files rejected with an {@link ImageDecodeException} naming the file, rather than
 * returned half grey.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class ImageLoader
{
    /** Default bound on the longest side of a loaded image, in pixels. */
    public static final int MAX_SIDE_DEFAULT = 2048;
    /** Largest pixel count decoded at once (after subsampling), a guard against decompression bombs. */
    private static final long MAX_DECODED_PIXELS = 64L << 20;

    private final int maxSide;
    private final boolean keepAlpha;

    /**
     * A loader that bounds the longest side to {@link #MAX_SIDE_DEFAULT} and composites alpha on white.
     */
    public ImageLoader()
    {
        this(MAX_SIDE_DEFAULT, false);
    }

    /**
     * @param maxSide   longest side of the result in pixels (larger images are shrunk), at least 16.
     * @param keepAlpha true to also return the alpha plane (when the file has a non-opaque one); the RGB raster is
     *                  composited on white either way, so transparent areas never carry the file's hidden colour.
     */
    public ImageLoader(final int maxSide, final boolean keepAlpha)
    {
        if (maxSide < 16)
        {
            throw new IllegalArgumentException("maxSide must be >= 16, got " + maxSide);
        }
        this.maxSide = maxSide;
        this.keepAlpha = keepAlpha;
    }

    /**
     * @return the bound on the longest side, in pixels.
     */
    public int maxSide()
    {
        return maxSide;
    }

    /**
     * Loads a file with the default loader and returns just the RGB raster. Any thread.
     *
     * @param file an image file.
     * @return upright RGB pixels.
     * @throws IOException when the file is missing, unreadable or not a decodable image (the message says which).
     */
    public static RgbImage readRgb(final Path file) throws IOException
    {
        return new ImageLoader().load(file).image();
    }

    /**
     * Loads a file. Any thread.
     *
     * @param file an image file.
     * @return the image and how it was derived from the stored pixels.
     * @throws IOException when the file is missing, unreadable or not a decodable image (the message says which).
     */
    public LoadedImage load(final Path file) throws IOException
    {
        final String name = file.toString();
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ImageDecodeException(name, "no such file", ex);
        }
        catch (final IOException ex)
        {
            throw new ImageDecodeException(name, "cannot read the file (" + ex + ")", ex);
        }
        return load(bytes, name, file);
    }

    /**
     * Loads an image held in memory (PNG/JPEG/GIF/BMP only: FFmpeg formats need a file). Any thread.
     *
     * @param bytes the encoded image.
     * @param name  a name for error messages.
     * @return the image and how it was derived from the stored pixels.
     * @throws IOException when the bytes are not a decodable image.
     */
    public LoadedImage load(final byte[] bytes, final String name) throws IOException
    {
        return load(bytes, name, null);
    }

    private LoadedImage load(final byte[] bytes, final String name, final Path file) throws IOException
    {
        if (bytes.length == 0)
        {
            throw new ImageDecodeException(name, "the file is empty", null);
        }
        Decoded decoded;
        try
        {
            decoded = decodeImageIo(bytes, name);
        }
        catch (final ImageDecodeException ex)
        {
            if (file == null)
            {
                throw ex;
            }
            // ImageIO recognised the format but failed (e.g. CMYK JPEG): FFmpeg may still read it
            try
            {
                decoded = decodeFfmpeg(file, name);
            }
            catch (final ImageDecodeException ff)
            {
                ex.addSuppressed(ff);
                throw ex;
            }
        }
        if (decoded == null)
        {
            if (file == null)
            {
                throw new ImageDecodeException(name, "not a PNG, JPEG, GIF or BMP image (starts with "
                    + describeStart(bytes) + ")", null);
            }
            decoded = decodeFfmpeg(file, name);
        }
        final int orientation = ExifOrientation.read(bytes);
        RgbImage image = ExifOrientation.apply(decoded.rgb, orientation);
        byte[] alpha = decoded.alpha;
        if (alpha != null)
        {
            alpha = orientAlpha(alpha, decoded.rgb.width(), decoded.rgb.height(), orientation, name);
        }
        final int longest = Math.max(image.width(), image.height());
        double scale = decoded.subsampling == 1 ? 1.0 : 1.0 / decoded.subsampling;
        if (longest > maxSide)
        {
            final double f = (double)maxSide / longest;
            final int w = Math.max(1, (int)Math.round(image.width() * f));
            final int h = Math.max(1, (int)Math.round(image.height() * f));
            if (alpha != null)
            {
                alpha = resizeAlpha(alpha, image.width(), image.height(), w, h, name);
            }
            image = AreaResize.resize(image, w, h);
            scale *= (double)Math.max(w, h) / longest;
        }
        return new LoadedImage(image, alpha, decoded.sourceWidth, decoded.sourceHeight, orientation, scale,
            decoded.format);
    }

    /** Decoded pixels before orientation and resizing. */
    private record Decoded(RgbImage rgb, byte[] alpha, int sourceWidth, int sourceHeight, int subsampling,
        String format)
    {
    }

    /** Returns null when no ImageIO reader recognises the bytes. */
    private Decoded decodeImageIo(final byte[] bytes, final String name) throws ImageDecodeException
    {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes)))
        {
            final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext())
            {
                return null;
            }
            final ImageReader reader = readers.next();
            final String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
            final List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try
            {
                reader.setInput(in, true, true);
                final int w = reader.getWidth(0);
                final int h = reader.getHeight(0);
                if (w < 1 || h < 1)
                {
                    throw new ImageDecodeException(name, "the " + format + " header says " + w + "x" + h, null);
                }
                // subsample while decoding when the image is far larger than we keep, then area-average the rest
                final int sub = (int)Math.max(1, Math.max(w, h) / (2L * maxSide));
                final long pixels = (long)((w + sub - 1) / sub) * ((h + sub - 1) / sub);
                if (pixels > MAX_DECODED_PIXELS)
                {
                    throw new ImageDecodeException(name, "the " + format + " image is " + w + "x" + h
                        + ": too many pixels even when subsampled", null);
                }
                final ImageReadParam param = reader.getDefaultReadParam();
                if (sub > 1)
                {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                }
                final BufferedImage img = reader.read(0, param);
                if (!warnings.isEmpty())
                {
                    // the JPEG reader reports a truncated file as a warning and fills the rest with grey
                    throw new ImageDecodeException(name, "corrupt " + format + " data: " + String.join("; ", warnings),
                        null);
                }
                final byte[] alpha = img.getColorModel().hasAlpha() ? new byte[img.getWidth() * img.getHeight()]
                    : null;
                final RgbImage rgb = convert(img, alpha, name);
                return new Decoded(rgb, keepAlpha ? opaqueToNull(alpha) : null, w, h, sub, format);
            }
            finally
            {
                reader.dispose();
            }
        }
        catch (final ImageDecodeException ex)
        {
            throw ex;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new ImageDecodeException(name, "corrupt or unsupported image data (" + ex.getMessage() + ")", ex);
        }
    }

    private static byte[] opaqueToNull(final byte[] alpha)
    {
        if (alpha == null)
        {
            return null;
        }
        for (final byte a : alpha)
        {
            if (a != (byte)0xFF)
            {
                return alpha;
            }
        }
        return null;
    }

    /**
     * Converts any decoded raster to 8-bit RGB composited on white, writing alpha (if the array is given).
     */
    static RgbImage convert(final BufferedImage img, final byte[] alphaOut, final String name)
    {
        final int w = img.getWidth();
        final int h = img.getHeight();
        final RgbImage out = RgbImage.allocate(w, h, name);
        final byte[] dst = out.rgb();
        final ColorModel cm = img.getColorModel();
        final Raster raster = img.getRaster();
        final int bands = raster.getNumBands();
        final int[] row = new int[w * bands];
        final int[] argb = new int[w];
        final int type = cm.getColorSpace().getType();
        final boolean direct = !(cm instanceof IndexColorModel)
            && (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB && cm.getColorSpace().isCS_sRGB())
            && cm.getNumComponents() == bands;
        final int colours = cm.getNumColorComponents();
        final float[] scale = new float[bands];
        for (int b = 0; b < bands && direct; b++)
        {
            scale[b] = 255f / ((1L << cm.getComponentSize(b)) - 1);
        }
        final boolean premultiplied = cm.isAlphaPremultiplied();
        for (int y = 0; y < h; y++)
        {
            if (direct)
            {
                raster.getPixels(0, y, w, 1, row);
            }
            else
            {
                img.getRGB(0, y, w, 1, argb, 0, w);
            }
            for (int x = 0; x < w; x++)
            {
                float r;
                float g;
                float bl;
                float a;
                if (direct)
                {
                    final int p = x * bands;
                    r = row[p] * scale[0];
                    g = colours == 3 ? row[p + 1] * scale[1] : r;
                    bl = colours == 3 ? row[p + 2] * scale[2] : r;
                    a = cm.hasAlpha() ? row[p + colours] * scale[colours] : 255f;
                    if (premultiplied && a > 0)
                    {
                        r = r * 255f / a;
                        g = g * 255f / a;
                        bl = bl * 255f / a;
                    }
                }
                else
                {
                    final int p = argb[x];
                    r = p >> 16 & 0xFF;
                    g = p >> 8 & 0xFF;
                    bl = p & 0xFF;
                    a = p >>> 24;
                }
                final float t = a / 255f;
                final int o = (y * w + x) * 3;
                // composite on white: fully transparent pixels carry arbitrary colour in many files
                dst[o] = (byte)Math.round(r * t + 255f * (1f - t));
                dst[o + 1] = (byte)Math.round(g * t + 255f * (1f - t));
                dst[o + 2] = (byte)Math.round(bl * t + 255f * (1f - t));
                if (alphaOut != null)
                {
                    alphaOut[y * w + x] = (byte)Math.round(a);
                }
            }
        }
        return out;
    }

    private Decoded decodeFfmpeg(final Path file, final String name) throws ImageDecodeException
    {
        final int previous = avutil.av_log_get_level();
        avutil.av_log_set_level(avutil.AV_LOG_QUIET); // failures are reported through the exception
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile()))
        {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGBA);
            grabber.start();
            final Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null || frame.imageWidth < 1 || frame.imageHeight < 1)
            {
                throw new ImageDecodeException(name, "not a recognised image format (ImageIO has no reader for it "
                    + "and FFmpeg, taking it for '" + grabber.getFormat() + "', decoded no picture)", null);
            }
            final int w = frame.imageWidth;
            final int h = frame.imageHeight;
            if ((long)w * h > MAX_DECODED_PIXELS)
            {
                throw new ImageDecodeException(name, "the image is " + w + "x" + h + ": too many pixels", null);
            }
            final ByteBuffer buf = (ByteBuffer)frame.image[0];
            final int stride = frame.imageStride;
            final RgbImage rgb = RgbImage.allocate(w, h, name);
            final byte[] dst = rgb.rgb();
            final byte[] alpha = new byte[w * h];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    final int s = y * stride + x * 4;
                    final float t = (buf.get(s + 3) & 0xFF) / 255f;
                    final int o = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++)
                    {
                        dst[o + c] = (byte)Math.round((buf.get(s + c) & 0xFF) * t + 255f * (1f - t));
                    }
                    alpha[y * w + x] = buf.get(s + 3);
                }
            }
            final String codec = grabber.getVideoCodecName();
            grabber.stop();
            return new Decoded(rgb, keepAlpha ? opaqueToNull(alpha) : null, w, h, 1,
                "ffmpeg:" + (codec == null ? grabber.getFormat() : codec));
        }
        catch (final ImageDecodeException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new ImageDecodeException(name, "not a recognised image format (neither ImageIO nor FFmpeg could "
                + "decode it: " + ex.getMessage() + ")", ex);
        }
        finally
        {
            avutil.av_log_set_level(previous);
        }
    }

    private static byte[] orientAlpha(final byte[] alpha, final int w, final int h, final int orientation,
        final String name)
    {
        if (orientation == ExifOrientation.NORMAL)
        {
            return alpha;
        }
        // reuse the RGB orientation code on a grey image built from the alpha plane
        final RgbImage grey = RgbImage.allocate(w, h, name);
        final byte[] g = grey.rgb();
        for (int i = 0; i < alpha.length; i++)
        {
            g[i * 3] = alpha[i];
        }
        final byte[] og = ExifOrientation.apply(grey, orientation).rgb();
        final byte[] out = new byte[alpha.length];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = og[i * 3];
        }
        return out;
    }

    private static byte[] resizeAlpha(final byte[] alpha, final int w, final int h, final int ow, final int oh,
        final String name)
    {
        final RgbImage grey = RgbImage.allocate(w, h, name);
        final byte[] g = grey.rgb();
        for (int i = 0; i < alpha.length; i++)
        {
            g[i * 3] = alpha[i];
        }
        final byte[] rg = AreaResize.resize(grey, ow, oh).rgb();
        final byte[] out = new byte[ow * oh];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = rg[i * 3];
        }
        return out;
    }

    private static String describeStart(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++)
        {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return "0x" + sb;
    }
}
