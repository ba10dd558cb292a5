package io.avatar.engine.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Strict look at a RIFF/WAVE header before FFmpeg sees the file. FFmpeg is lenient with broken WAV headers (it
 * guesses, or fails deep in the codec with a generic message); checking the RIFF chunks ourselves turns a truncated
 * header, a 0 Hz or absurd sample rate, a channel count of 0 or a file that only claims to be WAV into a message
 * that says exactly that. Stateless; any thread.
 */
final class WavHeaderCheck
{
    /** How far into the file to look for the {@code fmt } and {@code data} chunks. */
    private static final int SCAN_LIMIT = 1 << 20;

    private WavHeaderCheck()
    {
    }

    /**
     * @param head the first bytes of the file.
     * @return true if they start like a RIFF/RF64 WAVE file.
     */
    static boolean looksLikeWav(final byte[] head, final int length)
    {
        return length >= 4 && (tag(head, 0, "RIFF") || tag(head, 0, "RIFX") || tag(head, 0, "RF64")
            || tag(head, 0, "BW64"));
    }

    private static boolean tag(final byte[] b, final int at, final String tag)
    {
        for (int i = 0; i < 4; i++)
        {
            if (b[at + i] != tag.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates the header chunks.
     *
     * @param file the file.
     * @throws AudioDecodeException naming the defect.
     * @throws IOException          when the file cannot be read.
     */
    static void check(final Path file) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = ch.size();
            final ByteBuffer b = ByteBuffer.allocate((int)Math.min(size, SCAN_LIMIT));
            while (b.hasRemaining() && ch.read(b) >= 0)
            {
                // read until the buffer is full or the file ends
            }
            b.flip();
            if (b.remaining() < 12)
            {
                throw new AudioDecodeException(file, "truncated WAV header: " + b.remaining()
                    + " bytes, a RIFF/WAVE header needs at least 12 (44 with fmt and data chunks)");
            }
            final byte[] id = new byte[4];
            b.get(id);
            final boolean bigEndian = id[3] == 'X';
            b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            b.getInt();
            final byte[] wave = new byte[4];
            b.get(wave);
            if (!tag(wave, 0, "WAVE"))
            {
                throw new AudioDecodeException(file, "RIFF file but not WAVE (form type '"
                    + printable(wave) + "')");
            }
            boolean haveFmt = false;
            while (true)
            {
                if (b.remaining() < 8)
                {
                    throw new AudioDecodeException(file, "truncated WAV header: "
                        + (haveFmt ? "no 'data' chunk" : "no 'fmt ' chunk") + " within the first " + b.limit()
                        + " bytes");
                }
                final byte[] chunk = new byte[4];
                b.get(chunk);
                final long chunkSize = Integer.toUnsignedLong(b.getInt());
                final String name = printable(chunk);
                if ("fmt ".equals(name))
                {
                    if (b.remaining() < 16)
                    {
                        throw new AudioDecodeException(file, "truncated WAV header: the file ends inside the "
                            + "'fmt ' chunk (" + size + " bytes in total)");
                    }
                    if (chunkSize < 16)
                    {
                        throw new AudioDecodeException(file, "malformed WAV header: the 'fmt ' chunk declares "
                            + chunkSize + " bytes, at least 16 are needed");
                    }
                    final int formatTag = Short.toUnsignedInt(b.getShort());
                    final int channels = Short.toUnsignedInt(b.getShort());
                    final long rate = Integer.toUnsignedLong(b.getInt());
                    b.getInt();
                    final int blockAlign = Short.toUnsignedInt(b.getShort());
                    final int bits = Short.toUnsignedInt(b.getShort());
                    if (rate < PcmIngest.MIN_INPUT_RATE || rate > PcmIngest.MAX_INPUT_RATE)
                    {
                        throw new AudioDecodeException(file, "WAV header declares a sample rate of " + rate
                            + " Hz; supported range is " + PcmIngest.MIN_INPUT_RATE + ".." + PcmIngest.MAX_INPUT_RATE
                            + " Hz");
                    }
                    if (channels < 1 || channels > PcmIngest.MAX_CHANNELS)
                    {
                        throw new AudioDecodeException(file, "WAV header declares " + channels
                            + " channels; supported range is 1.." + PcmIngest.MAX_CHANNELS);
                    }
                    if (blockAlign == 0 || bits == 0 && formatTag == 1)
                    {
                        throw new AudioDecodeException(file, "WAV header is inconsistent: block align " + blockAlign
                            + ", " + bits + " bits per sample");
                    }
                    haveFmt = true;
                    b.position(b.position() + (int)Math.min(chunkSize + (chunkSize & 1) - 16, b.remaining()));
                }
                else if ("data".equals(name))
                {
                    if (!haveFmt)
                    {
                        throw new AudioDecodeException(file, "malformed WAV header: 'data' chunk before 'fmt '");
                    }
                    final long payload = size - (b.position());
                    if (payload == 0)
                    {
                        throw new AudioDecodeException(file, "zero-length audio: the WAV 'data' chunk is empty");
                    }
                    return;
                }
                else
                {
                    final long skip = chunkSize + (chunkSize & 1);
                    if (skip > b.remaining())
                    {
                        throw new AudioDecodeException(file, "truncated WAV header: chunk '" + name + "' claims "
                            + chunkSize + " bytes but the file ends before the 'data' chunk");
                    }
                    b.position(b.position() + (int)skip);
                }
            }
        }
    }

    private static String printable(final byte[] tag)
    {
        final StringBuilder sb = new StringBuilder(4);
        for (final byte c : tag)
        {
            sb.append(c >= 32 && c < 127 ? (char)c : '?');
        }
        return sb.toString();
    }
}
