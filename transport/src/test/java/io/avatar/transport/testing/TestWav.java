package io.avatar.transport.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds small WAV files in memory for tests.
 */
public final class TestWav
{
    private TestWav()
    {
    }

    /**
     * @param rate    sample rate.
     * @param seconds duration.
     * @param hz      tone frequency.
     * @return a 16-bit mono WAV of a sine tone at half scale.
     */
    public static byte[] tone(final int rate, final double seconds, final double hz)
    {
        final int n = (int)(rate * seconds);
        final ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * n)
            .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short)1)
            .putShort((short)1).putInt(rate).putInt(rate * 2).putShort((short)2).putShort((short)16)
            .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * n);
        for (int i = 0; i < n; i++)
        {
            b.putShort((short)(16_000 * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        return b.array();
    }
}
