package io.avatar.models.style.extract;

/**
 * Zero-phase low-pass of one channel of a uniformly sampled track: a 4th-order Butterworth (two bilinear biquads)
 * run forward, then backward over the result ("filtfilt"), so the output has no lag and the magnitude response is the
 * Butterworth's squared, {@code 1 / (1 + (f / fc)^8)}: 0.97 at 2/3 of the cutoff, 1/2 at the cutoff, under 0.004 at
 * twice it. The track is extended at both ends by its point reflection ({@code 2 x0 - x[k]}) before filtering, and
 * the filter starts from the steady state of the first extended sample, so a constant or a ramp passes unchanged to the
 * ends and the ends do not ring.
 * <p>
 * Why a sharp, zero-phase filter: it is used offline on a whole segment (StyleExtractor) to take frame-to-frame
 * jitter out of a slow channel before the style code takes the std of its first difference, which a broadband
 * jitter inflates more than it inflates the std of the values (a difference's noise gain rises with frequency).
 * A lagging filter would also change the phase between channels; a gentle one (a Gaussian, a 2nd-order
 * Butterworth) would take a visible share of the slow motion it must keep.
 * <p>
 * Stateless; any thread on its own arrays.
 */
final class ZeroPhaseLowPass
{
    /** Quality factors of the two biquads of a 4th-order Butterworth: {@code 1 / (2 cos(k pi / 8))}, k = 1, 3. */
    private static final double[] BUTTERWORTH4_Q = {1 / (2 * Math.cos(Math.PI / 8)),
        1 / (2 * Math.cos(3 * Math.PI / 8))};

    private ZeroPhaseLowPass()
    {
    }

    /**
     * Filters {@code data[offset + t * stride]} for {@code t < frames} in place.
     *
     * @param data       the track (interleaved with other channels).
     * @param offset     index of the channel's first sample.
     * @param stride     distance between consecutive samples of the channel.
     * @param frames     samples in the track; fewer than 2 leaves it unchanged.
     * @param cutoffHz   the -6 dB point (the single pass's -3 dB), Hz, below the Nyquist frequency.
     * @param sampleRate samples per second.
     * @throws IllegalArgumentException when the cutoff is not in (0, sampleRate / 2).
     */
    static void apply(final float[] data, final int offset, final int stride, final int frames, final double cutoffHz,
        final double sampleRate)
    {
        if (!(cutoffHz > 0 && cutoffHz < 0.5 * sampleRate))
        {
            throw new IllegalArgumentException("low-pass cutoff must be in (0, " + 0.5 * sampleRate + ") Hz, got "
                + cutoffHz);
        }
        if (frames < 2)
        {
            return;
        }
        // reflect by about three periods of the cutoff: the biquads' transient dies out within it
        final int pad = Math.min(frames - 1, (int)Math.ceil(3 * sampleRate / cutoffHz));
        final int len = frames + 2 * pad;
        final double[] x = new double[len];
        final double first = data[offset];
        final double last = data[offset + (frames - 1) * stride];
        for (int t = 0; t < frames; t++)
        {
            x[pad + t] = data[offset + t * stride];
        }
        for (int k = 1; k <= pad; k++)
        {
            x[pad - k] = 2 * first - data[offset + k * stride];
            x[pad + frames - 1 + k] = 2 * last - data[offset + (frames - 1 - k) * stride];
        }
        final double w0 = 2 * Math.PI * cutoffHz / sampleRate;
        for (final double q : BUTTERWORTH4_Q)
        {
            biquad(x, w0, q, false);
        }
        for (final double q : BUTTERWORTH4_Q)
        {
            biquad(x, w0, q, true);
        }
        for (int t = 0; t < frames; t++)
        {
            data[offset + t * stride] = (float)x[pad + t];
        }
    }

    /**
     * One low-pass biquad (bilinear transform, prewarped at w0; R. Bristow-Johnson's cookbook form), direct form I,
     * in place, forward or backward, starting at the steady state of its first input (the DC gain is 1).
     */
    private static void biquad(final double[] x, final double w0, final double q, final boolean backward)
    {
        final double cos = Math.cos(w0);
        final double alpha = Math.sin(w0) / (2 * q);
        final double a0 = 1 + alpha;
        final double b0 = (1 - cos) / 2 / a0;
        final double b1 = (1 - cos) / a0;
        final double b2 = b0;
        final double a1 = -2 * cos / a0;
        final double a2 = (1 - alpha) / a0;
        final int n = x.length;
        final double start = backward ? x[n - 1] : x[0];
        double x1 = start;
        double x2 = start;
        double y1 = start;
        double y2 = start;
        for (int i = 0; i < n; i++)
        {
            final int k = backward ? n - 1 - i : i;
            final double in = x[k];
            final double out = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = out;
            x[k] = out;
        }
    }
}
