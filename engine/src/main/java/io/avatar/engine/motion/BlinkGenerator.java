package io.avatar.engine.motion;

/**
 * Spontaneous blinks: a renewal process with a refractory period (people blink about 15-20 times a minute, more
 * often in pauses than mid-sentence) and the asymmetric lid profile of a real blink (about 80 ms closing, 150 ms
 * opening). Single-threaded.
 */
final class BlinkGenerator
{
    private static final double CLOSE_SECONDS = 0.08;
    private static final double HOLD_SECONDS = 0.03;
    private static final double OPEN_SECONDS = 0.15;
    private static final double MIN_INTERVAL_SECONDS = 1.2;

    private final double frameSeconds;
    private final Xorshift random;
    private double sinceBlinkStart = 1e9;
    private double untilNext;
    private double ratePerMinute = 17;

    BlinkGenerator(final int fps, final Xorshift random)
    {
        this.frameSeconds = 1.0 / fps;
        this.random = random;
        this.untilNext = nextInterval(false);
    }

    /**
     * @param perMinute mean blink rate during pauses.
     */
    void rate(final double perMinute)
    {
        ratePerMinute = Math.max(2, Math.min(60, perMinute));
    }

    /**
     * Advances one frame.
     *
     * @param speaking whether the face is speaking (blinks are rarer mid-phrase).
     * @return lid closure in [0, 1] for this frame.
     */
    double step(final boolean speaking)
    {
        untilNext -= frameSeconds;
        if (untilNext <= 0)
        {
            sinceBlinkStart = 0;
            untilNext = nextInterval(speaking);
        }
        else
        {
            sinceBlinkStart += frameSeconds;
        }
        return closure(sinceBlinkStart);
    }

    private double nextInterval(final boolean speaking)
    {
        final double mean = 60.0 / ratePerMinute * (speaking ? 1.6 : 1.0);
        final double extra = Math.max(0.1, mean - MIN_INTERVAL_SECONDS);
        return MIN_INTERVAL_SECONDS - extra * Math.log(Math.max(random.nextDouble(), 1e-9));
    }

    static double closure(final double t)
    {
        if (t < CLOSE_SECONDS)
        {
            return smooth(t / CLOSE_SECONDS);
        }
        if (t < CLOSE_SECONDS + HOLD_SECONDS)
        {
            return 1.0;
        }
        final double o = t - CLOSE_SECONDS - HOLD_SECONDS;
        return o < OPEN_SECONDS ? 1.0 - smooth(o / OPEN_SECONDS) : 0.0;
    }

    private static double smooth(final double x)
    {
        return x * x * (3 - 2 * x);
    }
}
