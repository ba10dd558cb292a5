package io.avatar.models.baseline;

/**
 * HeadAudio's energy gate, ported from {@code modules/vadgate.mjs} of {@code @met4citizen/headaudio@0.1.0} (MIT; see
 * {@code HEADAUDIO-LICENSE.txt}): it turns active after {@code activeFrames} blocks (net) above
 * {@code activeDb / 10} log-energy and inactive after {@code inactiveFrames} blocks (net) below {@code inactiveDb /
 * 10}, with hysteresis between the two thresholds. Frame counts are {@code max(1, round(ms * 62.5 / 1000))} as in
 * the constructor of the JS (62.5 blocks per second).
 * <p>
 * Allocation-free. Not thread-safe: one thread at a time.
 */
public final class HeadAudioVadGate
{
    private final double activeLe;
    private final double inactiveLe;
    private final int activeFrames;
    private final int inactiveFrames;

    private long active;
    private long inactive;
    private int preActive;
    private int preInactive;

    /**
     * Creates a gate, initially inactive. Any thread.
     *
     * @param activeDb   level in dB (10 log10 of the block energy) above which audio counts as active (default -40).
     * @param activeMs   time needed to turn active (default 10).
     * @param inactiveDb level in dB below which audio counts as inactive (default -50).
     * @param inactiveMs time needed to turn inactive (default 10).
     */
    public HeadAudioVadGate(final double activeDb, final double activeMs, final double inactiveDb,
        final double inactiveMs)
    {
        if (!Double.isFinite(activeDb) || !Double.isFinite(inactiveDb) || inactiveDb > activeDb)
        {
            throw new IllegalArgumentException("VAD gate needs finite levels with inactiveDb <= activeDb, got active "
                + activeDb + " dB, inactive " + inactiveDb + " dB");
        }
        if (!(activeMs >= 0) || !(inactiveMs >= 0) || activeMs > 60_000 || inactiveMs > 60_000)
        {
            throw new IllegalArgumentException("VAD gate times must be in [0, 60000] ms, got active " + activeMs
                + " ms, inactive " + inactiveMs + " ms");
        }
        activeLe = activeDb / 10;
        inactiveLe = inactiveDb / 10;
        final double blocksPerSecond = HeadAudioMfcc.SAMPLE_RATE / (double)HeadAudioFeatures.HOP;
        activeFrames = (int)Math.max(1, Math.round(activeMs * blocksPerSecond / 1000));
        inactiveFrames = (int)Math.max(1, Math.round(inactiveMs * blocksPerSecond / 1000));
        reset();
    }

    /**
     * Back to the initial inactive state. One thread at a time.
     */
    public void reset()
    {
        active = 0;
        inactive = 1;
        preActive = 0;
        preInactive = 0;
    }

    /**
     * Updates the gate with one block ({@code process}). One thread at a time.
     *
     * @param le log10 energy of the block.
     * @return true when the gate is inactive after this block (the JS's {@code inactive} counter is non-zero).
     */
    public boolean process(final double le)
    {
        if (active != 0)
        {
            active++;
            if (le < inactiveLe)
            {
                preInactive++;
                if (preInactive >= inactiveFrames)
                {
                    active = 0;
                    inactive = 1;
                    preActive = 0;
                }
            }
            else if (preInactive > 0)
            {
                preInactive--;
            }
        }
        else
        {
            inactive++;
            if (le > activeLe)
            {
                preActive++;
                if (preActive >= activeFrames)
                {
                    active = 1;
                    inactive = 0;
                    preInactive = 0;
                }
            }
            else if (preActive > 0)
            {
                preActive--;
            }
        }
        return inactive != 0;
    }

    /**
     * @return true while the gate is active.
     */
    public boolean isActive()
    {
        return active != 0;
    }
}
