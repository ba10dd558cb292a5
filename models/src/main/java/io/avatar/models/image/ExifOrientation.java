package io.avatar.models.image;

/**
 * The EXIF orientation tag (0x0112): finding it in JPEG APP1 segments, PNG {@code eXIf} and WebP {@code EXIF}
 * chunks, and turning a raster upright by it. Cameras store the sensor's pixel order and record in this tag how to
 * display them, so a portrait shot with the phone turned would otherwise reach the face detector on its side.
 * Stateless and thread-safe.
 */
public final class ExifOrientation
{
    /** Pixels are stored upright. */
    public static final int NORMAL = 1;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int JPEG_SOI = 0xFFD8;
    private static final int JPEG_SOS = 0xDA;
    private static final int JPEG_EOI = 0xD9;
    private static final int JPEG_APP1 = 0xE1;

    private ExifOrientation()
    {
    }

    /**
     * Reads the orientation tag of a JPEG, PNG or WebP file's bytes. Any thread.
     *
     * @param file the whole file.
     * @return 1..8, or {@link #NORMAL} when the file has no (valid) tag or is not JPEG, PNG or WebP.
     */
    public static int read(final byte[] file)
    {
        if (file.length > 4 && ((file[0] & 0xFF) << 8 | (file[1] & 0xFF)) == JPEG_SOI)
        {
            return readJpeg(file);
        }
        if (file.length > 8 && (file[0] & 0xFF) == 0x89 && file[1] == 'P' && file[2] == 'N' && file[3] == 'G')
        {
            return readPng(file);
        }
        if (file.length > 12 && file[0] == 'R' && file[1] == 'I' && file[2] == 'F' && file[3] == 'F'
            && file[8] == 'W' && file[9] == 'E' && file[10] == 'B' && file[11] == 'P')
        {
            return readWebp(file);
        }
        return NORMAL;
    }

    /** WebP: RIFF chunks (fourcc, little-endian size, payload padded to even); EXIF holds TIFF data. */
    private static int readWebp(final byte[] b)
    {
        int i = 12;
        while (i + 8 <= b.length)
        {
            final long len = readInt(b, i + 4, false) & 0xFFFFFFFFL;
            if (len > b.length - i - 8)
            {
                return NORMAL;
            }
            if (b[i] == 'E' && b[i + 1] == 'X' && b[i + 2] == 'I' && b[i + 3] == 'F')
            {
                int start = i + 8;
                // some writers keep the JPEG-style "Exif\0\0" prefix
                if (len >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i' && b[start + 3] == 'f')
                {
                    start += 6;
                }
                return readTiff(b, start, i + 8 + (int)len);
            }
            i += 8 + (int)((len + 1) & ~1L);
        }
        return NORMAL;
    }

    private static int readJpeg(final byte[] b)
    {
        int i = 2;
        while (i + 4 <= b.length)
        {
            if ((b[i] & 0xFF) != 0xFF)
            {
                return NORMAL; // not at a marker: malformed header, let the decoder report it
            }
            final int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker == JPEG_SOS || marker == JPEG_EOI)
            {
                return NORMAL; // metadata segments all precede the scan
            }
            final int len = (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
            if (len < 2 || i + 2 + len > b.length)
            {
                return NORMAL;
            }
            final int body = i + 4;
            if (marker == JPEG_APP1 && len >= 8 && b[body] == 'E' && b[body + 1] == 'x' && b[body + 2] == 'i'
                && b[body + 3] == 'f' && b[body + 4] == 0 && b[body + 5] == 0)
            {
                return readTiff(b, body + 6, i + 2 + len);
            }
            i += 2 + len;
        }
        return NORMAL;
    }

    private static int readPng(final byte[] b)
    {
        int i = 8;
        while (i + 12 <= b.length)
        {
            final long len = readInt(b, i, true) & 0xFFFFFFFFL;
            if (len > b.length - i - 12)
            {
                return NORMAL;
            }
            final int type = readInt(b, i + 4, true);
            if (type == ('e' << 24 | 'X' << 16 | 'I' << 8 | 'f'))
            {
                return readTiff(b, i + 8, i + 8 + (int)len);
            }
            if (type == ('I' << 24 | 'D' << 16 | 'A' << 8 | 'T'))
            {
                return NORMAL; // eXIf must precede the image data
            }
            i += 12 + (int)len;
        }
        return NORMAL;
    }

    /** Reads IFD0 of a TIFF structure in {@code b[start, end)} and returns its orientation entry. */
    private static int readTiff(final byte[] b, final int start, final int end)
    {
        if (end - start < 8)
        {
            return NORMAL;
        }
        final boolean bigEndian;
        if (b[start] == 'M' && b[start + 1] == 'M')
        {
            bigEndian = true;
        }
        else if (b[start] == 'I' && b[start + 1] == 'I')
        {
            bigEndian = false;
        }
        else
        {
            return NORMAL;
        }
        if (readShort(b, start + 2, bigEndian) != 42)
        {
            return NORMAL;
        }
        final long ifd = readInt(b, start + 4, bigEndian) & 0xFFFFFFFFL;
        if (ifd < 8 || start + ifd + 2 > end)
        {
            return NORMAL;
        }
        final int ifdPos = start + (int)ifd;
        final int count = readShort(b, ifdPos, bigEndian);
        for (int k = 0; k < count; k++)
        {
            final int e = ifdPos + 2 + 12 * k;
            if (e + 12 > end)
            {
                return NORMAL;
            }
            if (readShort(b, e, bigEndian) == TAG_ORIENTATION)
            {
                // type SHORT (3), count 1: the value sits left-justified in the 4-byte value field
                final int value = readShort(b, e + 8, bigEndian);
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    private static int readShort(final byte[] b, final int i, final boolean bigEndian)
    {
        return bigEndian ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) : (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    private static int readInt(final byte[] b, final int i, final boolean bigEndian)
    {
        return bigEndian
            ? (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF)
            : (b[i + 3] & 0xFF) << 24 | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    /**
     * Returns an upright copy of {@code image} for an orientation tag (the same instance for {@link #NORMAL}).
     * Any thread.
     *
     * @param image       pixels as stored in the file.
     * @param orientation the tag value, 1..8.
     * @return the image as it should be displayed.
     */
    public static RgbImage apply(final RgbImage image, final int orientation)
    {
        if (orientation < 1 || orientation > 8)
        {
            throw new IllegalArgumentException("EXIF orientation must be 1..8, got " + orientation);
        }
        if (orientation == NORMAL)
        {
            return image;
        }
        final int w = image.width();
        final int h = image.height();
        final boolean swap = orientation >= 5;
        final int ow = swap ? h : w;
        final int oh = swap ? w : h;
        final RgbImage out = RgbImage.allocate(ow, oh, image.name());
        final byte[] src = image.rgb();
        final byte[] dst = out.rgb();
        int o = 0;
        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                final int sx;
                final int sy;
                switch (orientation)
                {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                final int s = (sy * w + sx) * 3;
                dst[o++] = src[s];
                dst[o++] = src[s + 1];
                dst[o++] = src[s + 2];
            }
        }
        return out;
    }
}
