package io.avatar.transport.http;

import io.netty.buffer.ByteBuf;

/**
 * Decodes an uploaded audio chunk: a WAV file (RIFF, PCM 16-bit or IEEE float 32-bit, any rate, mono or more
 * channels: the first channel is used) or raw signed 16-bit little-endian mono PCM with the rate given separately.
 * Minimal by design: compressed formats are refused with a message saying what was found.
 */
public final class AudioBody
{
    /**
     * Decoded samples.
     *
     * @param pcm        mono samples in [-1, 1].
     * @param sampleRate their rate in Hz.
     */
    public record Pcm(float[] pcm, int sampleRate)
    {
    }

    private AudioBody()
    {
    }

    /**
     * @param body       raw PCM bytes.
     * @param sampleRate rate in Hz.
     * @return the samples.
     */
    public static Pcm rawPcm16(final ByteBuf body, final int sampleRate)
    {
        checkRate(sampleRate);
        if ((body.readableBytes() & 1) != 0)
        {
            throw ApiException.badRequest("raw 16-bit PCM must have an even number of bytes, got "
                + body.readableBytes());
        }
        final int n = body.readableBytes() / 2;
        final float[] out = new float[n];
        final int base = body.readerIndex();
        for (int i = 0; i < n; i++)
        {
            out[i] = body.getShortLE(base + 2 * i) / 32768f;
        }
        return new Pcm(out, sampleRate);
    }

    /**
     * @param body a WAV file.
     * @return the first channel's samples.
     */
    public static Pcm wav(final ByteBuf body)
    {
        final ByteBuf b = body.duplicate();
        if (b.readableBytes() < 12 || b.getIntLE(b.readerIndex()) != 0x46464952 /* RIFF */
            || b.getIntLE(b.readerIndex() + 8) != 0x45564157 /* WAVE */)
        {
            throw ApiException.badRequest("not a WAV file: no RIFF/WAVE header");
        }
        int pos = b.readerIndex() + 12;
        final int end = b.writerIndex();
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= end)
        {
            final int id = b.getIntLE(pos);
            final long size = b.getUnsignedIntLE(pos + 4);
            final int data = pos + 8;
            if (id == 0x20746d66) // "fmt "
            {
                if (size < 16 || data + 16 > end)
                {
                    throw ApiException.badRequest("WAV fmt chunk is truncated");
                }
                format = b.getUnsignedShortLE(data);
                channels = b.getUnsignedShortLE(data + 2);
                rate = b.getIntLE(data + 4);
                bits = b.getUnsignedShortLE(data + 14);
                if (format == 0xFFFE && size >= 26)
                {
                    format = b.getUnsignedShortLE(data + 24); // WAVE_FORMAT_EXTENSIBLE: sub-format GUID's first word
                }
            }
            else if (id == 0x61746164) // "data"
            {
                if (format < 0)
                {
                    throw ApiException.badRequest("WAV data chunk comes before the fmt chunk");
                }
                final int len = (int)Math.min(size, end - data);
                return decode(b, data, len, format, channels, rate, bits);
            }
            pos = (int)Math.min(end, data + size + (size & 1));
        }
        throw ApiException.badRequest("WAV file has no data chunk");
    }

    private static Pcm decode(final ByteBuf b, final int off, final int len, final int format, final int channels,
        final int rate, final int bits)
    {
        checkRate(rate);
        if (channels < 1 || channels > 8)
        {
            throw ApiException.badRequest("WAV channel count must be 1..8, got " + channels);
        }
        final boolean pcm16 = format == 1 && bits == 16;
        final boolean float32 = format == 3 && bits == 32;
        if (!pcm16 && !float32)
        {
            throw ApiException.badRequest("WAV must be 16-bit PCM or 32-bit float, got format " + format + " with "
                + bits + " bits");
        }
        final int frameBytes = channels * bits / 8;
        final int n = len / frameBytes;
        final float[] out = new float[n];
        for (int i = 0; i < n; i++)
        {
            final int p = off + i * frameBytes;
            out[i] = pcm16 ? b.getShortLE(p) / 32768f : Float.intBitsToFloat(b.getIntLE(p));
        }
        return new Pcm(out, rate);
    }

    private static void checkRate(final int rate)
    {
        if (rate < 8000 || rate > 96_000)
        {
            throw ApiException.badRequest("sample rate must be 8000..96000 Hz, got " + rate);
        }
    }
}
