package io.avatar.engine.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test signals, WAV writing and tone measurement.
 */
final class TestAudio
{
    private TestAudio()
    {
    }

    static float[] tone(final double hz, final double amplitude, final int rate, final int frames)
    {
        final float[] x = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            x[i] = (float)(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** RMS over the middle of the signal, skipping {@code edge} samples at both ends (filter start-up). */
    static double rms(final float[] x, final int from, final int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            sum += (double)x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Amplitude of the component at {@code hz} (Goertzel over the given range). */
    static double amplitudeAt(final float[] x, final int from, final int to, final double hz, final int rate)
    {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++)
        {
            final double a = 2 * Math.PI * hz * i / rate;
            re += x[i] * Math.cos(a);
            im += x[i] * Math.sin(a);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    static byte[] wavHeader(final int rate, final int channels, final int bits, final long dataBytes)
    {
        final ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int)Math.min(0xFFFFFFFFL, 36 + dataBytes));
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(16);
        b.putShort((short)1);
        b.putShort((short)channels);
        b.putInt(rate);
        b.putInt(rate * channels * bits / 8);
        b.putShort((short)(channels * bits / 8));
        b.putShort((short)bits);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int)dataBytes);
        return b.array();
    }

    /** Writes interleaved float samples as a 16-bit PCM WAV file. */
    static Path writeWav16(final Path file, final float[] interleaved, final int rate, final int channels)
        throws IOException
    {
        final ByteBuffer data = ByteBuffer.allocate(interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (final float v : interleaved)
        {
            data.putShort((short)Math.max(-32768, Math.min(32767, Math.round(v * 32767f))));
        }
        try (OutputStream out = Files.newOutputStream(file))
        {
            out.write(wavHeader(rate, channels, 16, data.capacity()));
            out.write(data.array());
        }
        return file;
    }

    /** Decodes a whole (small) file. */
    static float[] decodeAll(final Path file) throws AudioDecodeException
    {
        try (AudioFileDecoder decoder = AudioFileDecoder.open(file))
        {
            float[] all = new float[16000];
            int n = 0;
            int r;
            while ((r = decoder.read(all, n, all.length - n)) >= 0)
            {
                n += r;
                if (n == all.length)
                {
                    all = java.util.Arrays.copyOf(all, all.length * 2);
                }
            }
            return java.util.Arrays.copyOf(all, n);
        }
    }
}
