package io.avatar.kernels.dsp;

/**
 * Radix-2 FFT of a real sequence of length {@code n} (a power of two, at least 4), computed as one complex FFT of
 * length {@code n / 2} followed by the split step that separates the even and odd halves. Twiddle factors and the
 * bit-reversal table are computed once in the constructor; a transform allocates nothing.
 * <p>
 * Arithmetic is in double precision: the log-mel contract is shared with a NumPy float64 reference, and bands with
 * little energy would otherwise drift by more than the 1e-3 tolerance in the log domain. The cost is the same on
 * any 64-bit CPU, so there is nothing to gain from float here.
 * <p>
 * Not thread-safe: one instance per thread (it owns scratch buffers).
 */
public final class RealFft
{
    private final int n;
    private final int half;
    private final int[] bitReverse;
    private final double[] cosHalf;
    private final double[] sinHalf;
    private final double[] cosSplit;
    private final double[] sinSplit;
    private final double[] re;
    private final double[] im;

    /**
     * Builds the tables. Call from any thread; the instance then belongs to one thread.
     *
     * @param n transform length: a power of two, at least 4.
     */
    public RealFft(final int n)
    {
        if (n < 4 || Integer.bitCount(n) != 1)
        {
            throw new IllegalArgumentException("FFT length must be a power of two >= 4, got " + n);
        }
        this.n = n;
        this.half = n / 2;
        final int bits = Integer.numberOfTrailingZeros(half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++)
        {
            bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        // Twiddles of the n/2-point complex FFT: exp(-2 pi i k / (n/2)), k < n/4.
        cosHalf = new double[Math.max(1, half / 2)];
        sinHalf = new double[Math.max(1, half / 2)];
        for (int k = 0; k < half / 2; k++)
        {
            final double a = -2.0 * Math.PI * k / half;
            cosHalf[k] = Math.cos(a);
            sinHalf[k] = Math.sin(a);
        }
        // Twiddles of the split step: exp(-2 pi i k / n), k <= n/2.
        cosSplit = new double[half + 1];
        sinSplit = new double[half + 1];
        for (int k = 0; k <= half; k++)
        {
            final double a = -2.0 * Math.PI * k / n;
            cosSplit[k] = Math.cos(a);
            sinSplit[k] = Math.sin(a);
        }
        re = new double[half];
        im = new double[half];
    }

    /**
     * @return the transform length.
     */
    public int length()
    {
        return n;
    }

    /**
     * @return the number of non-redundant output bins, {@code n / 2 + 1}.
     */
    public int bins()
    {
        return half + 1;
    }

    /**
     * Forward transform {@code X_k = sum_t x_t exp(-2 pi i k t / n)} for {@code k = 0..n/2}. Owner thread only.
     *
     * @param input  {@code n} real samples.
     * @param inOff  offset of the first sample in {@code input}.
     * @param outRe  receives the real parts, {@code n / 2 + 1} values from {@code outOff}.
     * @param outIm  receives the imaginary parts, {@code n / 2 + 1} values from {@code outOff}.
     * @param outOff offset in both output arrays.
     */
    public void forward(final double[] input, final int inOff, final double[] outRe, final double[] outIm,
        final int outOff)
    {
        transformHalf(input, inOff);
        final int h = half;
        final double[] zr = re;
        final double[] zi = im;
        // Split: X_k = E_k + W^k O_k with E_k = (Z_k + conj Z_{h-k}) / 2 and O_k = (Z_k - conj Z_{h-k}) / (2i).
        outRe[outOff] = zr[0] + zi[0];
        outIm[outOff] = 0.0;
        outRe[outOff + h] = zr[0] - zi[0];
        outIm[outOff + h] = 0.0;
        for (int k = 1; k < h; k++)
        {
            final double ar = zr[k];
            final double ai = zi[k];
            final double br = zr[h - k];
            final double bi = -zi[h - k];
            final double er = 0.5 * (ar + br);
            final double ei = 0.5 * (ai + bi);
            final double or = 0.5 * (ai - bi);
            final double oi = -0.5 * (ar - br);
            final double wr = cosSplit[k];
            final double wi = sinSplit[k];
            outRe[outOff + k] = er + wr * or - wi * oi;
            outIm[outOff + k] = ei + wr * oi + wi * or;
        }
    }

    /**
     * Power spectrum {@code |X_k|^2} for {@code k = 0..n/2}. Owner thread only.
     *
     * @param input  {@code n} real samples.
     * @param inOff  offset of the first sample.
     * @param power  receives {@code n / 2 + 1} values from {@code outOff}.
     * @param outOff offset in {@code power}.
     */
    public void power(final double[] input, final int inOff, final double[] power, final int outOff)
    {
        transformHalf(input, inOff);
        final int h = half;
        final double[] zr = re;
        final double[] zi = im;
        final double dc = zr[0] + zi[0];
        final double nyq = zr[0] - zi[0];
        power[outOff] = dc * dc;
        power[outOff + h] = nyq * nyq;
        for (int k = 1; k < h; k++)
        {
            final double ar = zr[k];
            final double ai = zi[k];
            final double br = zr[h - k];
            final double bi = -zi[h - k];
            final double er = 0.5 * (ar + br);
            final double ei = 0.5 * (ai + bi);
            final double or = 0.5 * (ai - bi);
            final double oi = -0.5 * (ar - br);
            final double wr = cosSplit[k];
            final double wi = sinSplit[k];
            final double xr = er + wr * or - wi * oi;
            final double xi = ei + wr * oi + wi * or;
            power[outOff + k] = xr * xr + xi * xi;
        }
    }

    /**
     * Packs the real input as z_t = x_2t + i x_2t+1 and runs the iterative radix-2 FFT of length n/2 in place.
     */
    private void transformHalf(final double[] input, final int inOff)
    {
        final int h = half;
        final double[] zr = re;
        final double[] zi = im;
        final int[] rev = bitReverse;
        for (int t = 0; t < h; t++)
        {
            final int j = rev[t];
            zr[j] = input[inOff + 2 * t];
            zi[j] = input[inOff + 2 * t + 1];
        }
        final double[] c = cosHalf;
        final double[] s = sinHalf;
        for (int size = 2; size <= h; size <<= 1)
        {
            final int halfSize = size >>> 1;
            final int step = h / size;
            for (int start = 0; start < h; start += size)
            {
                for (int j = 0; j < halfSize; j++)
                {
                    final double wr = c[j * step];
                    final double wi = s[j * step];
                    final int a = start + j;
                    final int b = a + halfSize;
                    final double tr = wr * zr[b] - wi * zi[b];
                    final double ti = wr * zi[b] + wi * zr[b];
                    zr[b] = zr[a] - tr;
                    zi[b] = zi[a] - ti;
                    zr[a] += tr;
                    zi[a] += ti;
                }
            }
        }
    }
}
