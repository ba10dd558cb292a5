package io.avatar.models.baseline;

/**
 * Settings of the HeadAudio baseline, with HeadAudio 0.1.0's defaults ({@code parameterData} defaults in
 * {@code modules/processor.mjs} and {@code modules/vadgate.mjs}; {@code speakerMeanHz} in {@code modules/mfcc.mjs}).
 *
 * @param vadGate          {@code vadMode}: true = energy gate (HeadAudio default), false = silence prototypes only.
 * @param vadGateActiveDb  gate opening level in dB (default -40).
 * @param vadGateActiveMs  time above the opening level to open (default 10).
 * @param vadGateInactiveDb gate closing level in dB (default -50).
 * @param vadGateInactiveMs time below the closing level to close (default 10).
 * @param silSensitivity   divisor of silence prototypes' distances (default 1.2).
 * @param speakerMeanHz    speaker mean pitch for the experimental mel warp (default 150 = no warp).
 * @param reproduceAaQuirk true to reproduce HeadAudio 0.1.0's falsy-zero bug that never activates viseme "aa"
 *                         (default false: the baseline fixes it; see {@link HeadAudioVisemeAnimator}).
 */
public record HeadAudioOptions(boolean vadGate, double vadGateActiveDb, double vadGateActiveMs,
    double vadGateInactiveDb, double vadGateInactiveMs, double silSensitivity, double speakerMeanHz,
    boolean reproduceAaQuirk)
{
    /**
     * Validates the values.
     */
    public HeadAudioOptions
    {
        if (!(silSensitivity > 0) || !Double.isFinite(silSensitivity))
        {
            throw new IllegalArgumentException("silSensitivity must be a positive finite number, got "
                + silSensitivity);
        }
        if (!(speakerMeanHz >= 50 && speakerMeanHz <= 500))
        {
            throw new IllegalArgumentException("speakerMeanHz must be in [50, 500] Hz, got " + speakerMeanHz);
        }
        // The gate validates its own levels and times; build one now so a bad value fails here, not later.
        new HeadAudioVadGate(vadGateActiveDb, vadGateActiveMs, vadGateInactiveDb, vadGateInactiveMs);
    }

    /**
     * @return HeadAudio's defaults, with the "aa" bug fixed.
     */
    public static HeadAudioOptions defaults()
    {
        return new HeadAudioOptions(true, -40, 10, -50, 10, 1.2, 150, false);
    }

    /**
     * @return HeadAudio 0.1.0 exactly as shipped, including its "aa" bug (for conformance tests).
     */
    public static HeadAudioOptions asShipped()
    {
        return defaults().withReproduceAaQuirk(true);
    }

    /**
     * @param value the new flag.
     * @return a copy with {@code reproduceAaQuirk} replaced.
     */
    public HeadAudioOptions withReproduceAaQuirk(final boolean value)
    {
        return new HeadAudioOptions(vadGate, vadGateActiveDb, vadGateActiveMs, vadGateInactiveDb, vadGateInactiveMs,
            silSensitivity, speakerMeanHz, value);
    }
}
