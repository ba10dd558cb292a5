package io.avatar.models.baseline;

/**
 * HeadAudio's viseme animation, ported from {@code HeadAudio.update(dt)} and the 'viseme'/'ended' branches of
 * {@code HeadAudio._onmessage} in {@code modules/headaudio.mjs} of {@code @met4citizen/headaudio@0.1.0} (MIT; see
 * {@code HEADAUDIO-LICENSE.txt}): one viseme is active at a time; each update moves the active viseme's
 * {@code alpha} up and every other viseme's down by {@code dt / 100 ms} (clamped, snapping at 0.01/0.99), and the
 * blend value is {@code visemeMax * ease(alpha)} with a sigmoid ease of sharpness 5 scaled to pass through 0 and 1.
 * <p>
 * One deliberate, switchable deviation: the JS handles a viseme message with {@code if (viseme)}, so viseme id 0
 * ("aa", the open-vowel viseme) never becomes active and the previous viseme stays on. That is a falsy-zero bug;
 * with {@code reproduceAaQuirk = false} (the default of the baseline) an "aa" message activates "aa".
 * <p>
 * Allocation-free. Not thread-safe: one thread at a time.
 */
public final class HeadAudioVisemeAnimator
{
    private static final double EASE_K = 5;
    private static final double EASE_CORR = 0.5 / easeBase(1);

    private final double[] alphas = new double[OculusViseme.COUNT];
    private final double[] maxs = new double[OculusViseme.COUNT];
    private final boolean reproduceAaQuirk;
    private int visemeActive = -1;

    /**
     * Creates an animator at rest. Any thread.
     *
     * @param reproduceAaQuirk true to ignore "aa" messages exactly as HeadAudio 0.1.0 does.
     */
    public HeadAudioVisemeAnimator(final boolean reproduceAaQuirk)
    {
        this.reproduceAaQuirk = reproduceAaQuirk;
        for (int id = 0; id < OculusViseme.COUNT; id++)
        {
            maxs[id] = OculusViseme.fromHeadAudioId(id).headAudioMax();
        }
    }

    private static double easeBase(final double t)
    {
        return (1 / (1 + StrictMath.exp(-EASE_K * t))) - 0.5;
    }

    /**
     * The JS's {@code sigmoidFactory(5)} ease.
     *
     * @param t progress, clamped to [0, 1].
     * @return eased progress, exactly 0 at or below 0, 1 at 1.
     */
    public static double ease(final double t)
    {
        if (t <= 0)
        {
            // The JS formula gives 1.1e-16 here; a viseme at rest must be exactly 0 so a silent face is exactly closed.
            return 0;
        }
        return EASE_CORR * easeBase(2 * Math.max(Math.min(t, 1), 0) - 1) + 0.5;
    }

    /**
     * Back to rest. One thread at a time.
     */
    public void reset()
    {
        java.util.Arrays.fill(alphas, 0);
        visemeActive = -1;
    }

    /**
     * A 'viseme' message from the processor. One thread at a time.
     *
     * @param viseme HeadAudio viseme id, or {@link HeadAudioClassifier#NONE}.
     */
    public void onViseme(final int viseme)
    {
        if (viseme == HeadAudioClassifier.NONE || (viseme == 0 && reproduceAaQuirk))
        {
            return;
        }
        visemeActive = viseme == HeadAudioClassifier.SIL ? -1 : viseme;
    }

    /**
     * An 'ended' message (speech stopped). One thread at a time.
     */
    public void onEnded()
    {
        visemeActive = -1;
    }

    /**
     * Advances the animation ({@code update(dt)}). One thread at a time.
     *
     * @param dtMs elapsed time in milliseconds.
     */
    public void update(final double dtMs)
    {
        final double da = dtMs / 100;
        final double[] a = alphas;
        for (int i = 0; i < OculusViseme.COUNT; i++)
        {
            double alpha = a[i];
            if (i == visemeActive)
            {
                if (alpha < 1)
                {
                    alpha += da;
                    if (alpha > 0.99)
                    {
                        alpha = 1;
                    }
                }
            }
            else if (alpha > 0)
            {
                alpha -= da;
                if (alpha < 0.01)
                {
                    alpha = 0;
                }
            }
            a[i] = alpha;
        }
    }

    /**
     * @param headAudioId HeadAudio viseme id 0..14.
     * @return the current blend value ({@code visemeMaxs[i] * easing(alpha)}), as HeadAudio's {@code onvalue}.
     */
    public double value(final int headAudioId)
    {
        return maxs[headAudioId] * ease(alphas[headAudioId]);
    }

    /**
     * @param headAudioId HeadAudio viseme id 0..14.
     * @return the current eased progress in [0, 1] (the value without HeadAudio's per-viseme maximum).
     */
    public double eased(final int headAudioId)
    {
        return ease(alphas[headAudioId]);
    }

    /**
     * @return the active HeadAudio viseme id, or -1 at rest.
     */
    public int activeViseme()
    {
        return visemeActive;
    }
}
