package io.avatar.models.face;

import java.util.Locale;

/**
 * The colours the mouth atlas ({@link MouthAtlas#generate(MouthPalette)}) is generated with: the tooth body colour
 * (gamma-encoded sRGB, 0-1, as a photo's pixels are) and where it came from. The gums, the cavity and the tongue keep
 * their own hues and follow the teeth's brightness ({@link #exposure()}), so a dim photo gets a dim mouth interior.
 * A photo portrait measures its teeth ({@code io.avatar.models.face.fit.PhotoTeeth}); the built-in avatar, and a photo
 * whose mouth is closed, use {@link #DEFAULT}. Immutable; any thread.
 *
 * @param red       tooth body red, (0, 1].
 * @param green     tooth body green, (0, 1].
 * @param blue      tooth body blue, (0, 1].
 * @param fromPhoto true when the colour was measured on a photo.
 * @param origin    where the colour came from, for logs and the fit file (e.g. why the default was used).
 */
public record MouthPalette(float red, float green, float blue, boolean fromPhoto, String origin)
{
    /** The default warm ivory (no blue cast: a natural tooth reflects less blue than red). */
    public static final MouthPalette DEFAULT = new MouthPalette(0.88f, 0.84f, 0.75f, false, "default ivory");
    /** Lowest and highest interior exposure relative to {@link #DEFAULT} (a photo's teeth may be shaded or bright). */
    private static final double MIN_EXPOSURE = 0.6;
    private static final double MAX_EXPOSURE = 1.1;

    /**
     * Checks the colour.
     */
    public MouthPalette
    {
        for (final float c : new float[]{red, green, blue})
        {
            if (!(c > 0f && c <= 1f))
            {
                throw new IllegalArgumentException("tooth colour channels must be in (0, 1], got " + red + ", "
                    + green + ", " + blue);
            }
        }
        if (origin == null || origin.isBlank())
        {
            throw new IllegalArgumentException("a mouth palette must say where its colour came from");
        }
    }

    /**
     * The default colour, recording why it is used.
     *
     * @param reason why no measured colour is used (e.g. "the photo's mouth is closed").
     * @return {@link #DEFAULT}'s colour with that reason as its origin.
     */
    public static MouthPalette fallback(final String reason)
    {
        return new MouthPalette(DEFAULT.red, DEFAULT.green, DEFAULT.blue, false, DEFAULT.origin + " (" + reason + ")");
    }

    /**
     * @return Rec. 601 luma of the tooth colour, 0-1.
     */
    public double luma()
    {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    /**
     * @return the brightness factor of the gums, cavity and tongue: the tooth luma relative to {@link #DEFAULT}'s,
     *     clamped to [0.6, 1.1] (the interior stays a dark cavity however bright a photo's teeth are).
     */
    public double exposure()
    {
        return Math.max(MIN_EXPOSURE, Math.min(MAX_EXPOSURE, luma() / DEFAULT.luma()));
    }

    /**
     * @param other another palette.
     * @return true when both generate the same atlas (same colour, whatever the origin).
     */
    public boolean sameColour(final MouthPalette other)
    {
        return red == other.red && green == other.green && blue == other.blue;
    }

    /**
     * @return the colour as 8-bit {@code #rrggbb} and the origin, for messages.
     */
    public String describe()
    {
        return String.format(Locale.ROOT, "teeth #%02x%02x%02x, %s", Math.round(red * 255), Math.round(green * 255),
            Math.round(blue * 255), origin);
    }
}
