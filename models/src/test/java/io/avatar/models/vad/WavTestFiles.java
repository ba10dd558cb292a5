package io.avatar.models.vad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads 16-bit PCM mono WAV (the project's own clips) into floats; walks the RIFF chunks.
 */
final class WavTestFiles
{
    private WavTestFiles()
    {
    }

    static float[] readMono16(final InputStream in, final int expectedRate) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        while (b.remaining() >= 8)
        {
            final byte[] id = new byte[4];
            b.get(id);
            final int size = b.getInt();
            final String name = new String(id, java.nio.charset.StandardCharsets.US_ASCII);
            if ("fmt ".equals(name))
            {
                final int start = b.position();
                b.getShort();
                final int channels = b.getShort();
                final int rate = b.getInt();
                b.getInt();
                b.getShort();
                final int bits = b.getShort();
                if (channels != 1 || rate != expectedRate || bits != 16)
                {
                    throw new IOException("expected mono 16-bit " + expectedRate + " Hz, got " + channels + " ch "
                        + bits + " bit " + rate + " Hz");
                }
                b.position(start + size);
            }
            else if ("data".equals(name))
            {
                final int n = Math.min(size, b.remaining()) / 2;
                final float[] x = new float[n];
                for (int i = 0; i < n; i++)
                {
                    x[i] = b.getShort() / 32768f;
                }
                return x;
            }
            else
            {
                b.position(b.position() + size + (size & 1));
            }
        }
        throw new IOException("no data chunk");
    }
}
