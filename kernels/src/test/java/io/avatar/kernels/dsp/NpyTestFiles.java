package io.avatar.kernels.dsp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal reader of little-endian float32 C-order .npy files (versions 1 and 2), for the shared test vector.
 */
final class NpyTestFiles
{
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpyTestFiles()
    {
    }

    /** A float32 array and its shape. */
    record Array(int[] shape, float[] data)
    {
    }

    static Array read(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != (byte)0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M' || b.get() != 'P'
            || b.get() != 'Y')
        {
            throw new IOException(file + ": not an .npy file");
        }
        final int major = b.get();
        b.get();
        final int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        final byte[] h = new byte[headerLen];
        b.get(h);
        final String header = new String(h, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True"))
        {
            throw new IOException(file + ": expected little-endian float32 C order, header " + header);
        }
        final Matcher m = SHAPE.matcher(header);
        if (!m.find())
        {
            throw new IOException(file + ": no shape in header " + header);
        }
        final String[] parts = m.group(1).split(",");
        int count = 0;
        for (final String p : parts)
        {
            if (!p.isBlank())
            {
                count++;
            }
        }
        final int[] shape = new int[count];
        int i = 0;
        int total = 1;
        for (final String p : parts)
        {
            if (!p.isBlank())
            {
                shape[i] = Integer.parseInt(p.trim());
                total *= shape[i++];
            }
        }
        final float[] data = new float[total];
        b.asFloatBuffer().get(data);
        return new Array(shape, data);
    }
}
