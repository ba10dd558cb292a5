package io.avatar.models.image;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * Builds JPEG and PNG files carrying an EXIF orientation tag, as cameras write them.
 */
final class ExifTestFiles
{
    private ExifTestFiles()
    {
    }

    /** A minimal TIFF block: header, IFD0 with one SHORT entry for tag 0x0112, no next IFD. */
    static byte[] tiff(final int orientation, final boolean bigEndian)
    {
        final ByteArrayOutputStream t = new ByteArrayOutputStream();
        final java.util.function.IntConsumer s16 = v ->
        {
            if (bigEndian)
            {
                t.write(v >> 8);
                t.write(v);
            }
            else
            {
                t.write(v);
                t.write(v >> 8);
            }
        };
        final java.util.function.IntConsumer s32 = v ->
        {
            if (bigEndian)
            {
                s16.accept(v >>> 16);
                s16.accept(v & 0xFFFF);
            }
            else
            {
                s16.accept(v & 0xFFFF);
                s16.accept(v >>> 16);
            }
        };
        t.write(bigEndian ? 'M' : 'I');
        t.write(bigEndian ? 'M' : 'I');
        s16.accept(42);
        s32.accept(8);
        s16.accept(1);          // one entry
        s16.accept(0x0112);     // orientation
        s16.accept(3);          // SHORT
        s32.accept(1);          // count
        s16.accept(orientation);
        s16.accept(0);
        s32.accept(0);          // no next IFD
        return t.toByteArray();
    }

    static byte[] withJpegOrientation(final byte[] jpeg, final int orientation, final boolean bigEndian)
    {
        final byte[] tiff = tiff(orientation, bigEndian);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        final int len = 2 + 6 + tiff.length;
        out.write(len >> 8);
        out.write(len);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A minimal RIFF/WEBP container holding only an EXIF chunk (enough for the tag reader). */
    static byte[] webpWithOrientation(final int orientation)
    {
        final byte[] tiff = tiff(orientation, false);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int padded = tiff.length + (tiff.length & 1);
        final int riffSize = 4 + 8 + padded;
        out.writeBytes(new byte[] {'R', 'I', 'F', 'F', (byte)riffSize, (byte)(riffSize >> 8), (byte)(riffSize >> 16),
            (byte)(riffSize >> 24), 'W', 'E', 'B', 'P'});
        out.writeBytes(new byte[] {'E', 'X', 'I', 'F', (byte)tiff.length, (byte)(tiff.length >> 8),
            (byte)(tiff.length >> 16), (byte)(tiff.length >> 24)});
        out.writeBytes(tiff);
        if ((tiff.length & 1) != 0)
        {
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] withPngOrientation(final byte[] png, final int orientation)
    {
        final byte[] tiff = tiff(orientation, true);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int ihdrEnd = 8 + 12 + 13; // signature + IHDR chunk
        out.write(png, 0, ihdrEnd);
        final byte[] type = {'e', 'X', 'I', 'f'};
        out.writeBytes(new byte[] {(byte)(tiff.length >>> 24), (byte)(tiff.length >>> 16), (byte)(tiff.length >>> 8),
            (byte)tiff.length});
        out.writeBytes(type);
        out.writeBytes(tiff);
        final CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(tiff);
        final long c = crc.getValue();
        out.writeBytes(new byte[] {(byte)(c >>> 24), (byte)(c >>> 16), (byte)(c >>> 8), (byte)c});
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }
}
