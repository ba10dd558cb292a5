package io.avatar.transport.testing;

import java.nio.ByteBuffer;

/**
 * Draws the test frame into an I420 buffer: a gradient, a box moving 4 px per frame, a bar whose height follows the
 * microphone level and the frame number in 7-segment digits (readable in a decoded frame).
 */
public final class TestPattern
{
    // Segments a..g per digit, bit 0 = a.
    private static final int[] SEGMENTS = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};

    private TestPattern()
    {
    }

    /**
     * Renders frame {@code n}.
     *
     * @param dst    destination, {@code w*h*3/2} bytes from index 0.
     * @param w      width.
     * @param h      height.
     * @param n      frame number.
     * @param level  microphone RMS level in [0, 1].
     */
    public static void render(final ByteBuffer dst, final int w, final int h, final long n, final double level)
    {
        for (int y = 0; y < h; y++)
        {
            final int row = y * w;
            for (int x = 0; x < w; x++)
            {
                dst.put(row + x, (byte)(40 + (x + y) * 60 / (w + h)));
            }
        }
        final int box = Math.max(8, w / 8);
        final int bx = (int)((n * 4) % (w - box));
        fill(dst, w, bx, h - box - 4, box, box, 220);
        final int barH = (int)Math.min(h / 2, Math.sqrt(level) * h);
        fill(dst, w, w - 20, h / 2 - barH, 12, barH, 250);
        drawNumber(dst, w, n, 8, 8, Math.max(2, w / 80));
        final int cw = w / 2;
        final int ch = h / 2;
        final int uOff = w * h;
        final int vOff = uOff + cw * ch;
        final int hue = (int)(n % 256);
        for (int i = 0; i < cw * ch; i++)
        {
            dst.put(uOff + i, (byte)(128 + (hue >> 3)));
            dst.put(vOff + i, (byte)(128 - (hue >> 3)));
        }
    }

    private static void fill(final ByteBuffer dst, final int w, final int x0, final int y0, final int bw, final int bh,
        final int value)
    {
        for (int y = Math.max(0, y0); y < y0 + bh; y++)
        {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + bw); x++)
            {
                dst.put(y * w + x, (byte)value);
            }
        }
    }

    private static void drawNumber(final ByteBuffer dst, final int w, final long n, final int x0, final int y0,
        final int s)
    {
        final String digits = Long.toString(n);
        for (int d = 0; d < digits.length(); d++)
        {
            final int seg = SEGMENTS[digits.charAt(d) - '0'];
            final int x = x0 + d * 6 * s;
            final int len = 4 * s;
            if ((seg & 1) != 0) { fill(dst, w, x, y0, len, s, 255); }
            if ((seg & 2) != 0) { fill(dst, w, x + len - s, y0, s, len, 255); }
            if ((seg & 4) != 0) { fill(dst, w, x + len - s, y0 + len, s, len, 255); }
            if ((seg & 8) != 0) { fill(dst, w, x, y0 + 2 * len - s, len, s, 255); }
            if ((seg & 16) != 0) { fill(dst, w, x, y0 + len, s, len, 255); }
            if ((seg & 32) != 0) { fill(dst, w, x, y0, s, len, 255); }
            if ((seg & 64) != 0) { fill(dst, w, x, y0 + len - s / 2, len, s, 255); }
        }
    }
}
