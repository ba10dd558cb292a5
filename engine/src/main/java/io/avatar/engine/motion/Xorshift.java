package io.avatar.engine.motion;

/**
 * A tiny deterministic random source (xorshift64*): seedable for reproducible tests, allocation-free, and owned by one
 * thread, unlike {@link java.util.Random} whose atomic seed is wasted work on a single-threaded hot path.
 */
final class Xorshift
{
    private long state;

    Xorshift(final long seed)
    {
        state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /**
     * @return a uniform double in [0, 1).
     */
    double nextDouble()
    {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return ((x * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
    }

    /**
     * @return a standard normal sample (Box-Muller, one of the pair).
     */
    double nextGaussian()
    {
        final double u1 = Math.max(nextDouble(), 1e-12);
        final double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
