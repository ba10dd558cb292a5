package io.avatar.engine.core.event;

/**
 * Layouts a {@link VideoFrameEvent}'s buffer may hold. All are tightly packed (stride = width x bytes per pixel).
 */
public enum PixelFormat
{
    /** 8-bit R, G, B, A interleaved. */
    RGBA,
    /** 8-bit R, G, B interleaved. */
    RGB,
    /** Planar Y (w x h), then U and V (w/2 x h/2 each); width and height must be even. */
    I420;

    /** Largest width or height accepted. */
    public static final int MAX_DIMENSION = 8192;

    /**
     * Bytes one frame of this format takes. Called at configuration time (validates).
     *
     * @param width  pixels, in {@code [1, MAX_DIMENSION]} (even for I420).
     * @param height pixels, in {@code [1, MAX_DIMENSION]} (even for I420).
     * @return the frame size in bytes.
     */
    public int frameBytes(final int width, final int height)
    {
        if (width < 1 || width > MAX_DIMENSION || height < 1 || height > MAX_DIMENSION)
        {
            throw new IllegalArgumentException(
                "frame size " + width + "x" + height + " is outside [1, " + MAX_DIMENSION + "] in each dimension");
        }
        final int pixels = width * height;
        return switch (this)
        {
            case RGBA -> pixels * 4;
            case RGB -> pixels * 3;
            case I420 ->
            {
                if ((width & 1) != 0 || (height & 1) != 0)
                {
                    throw new IllegalArgumentException("I420 needs even width and height, got " + width + "x" + height);
                }
                yield pixels + pixels / 2;
            }
        };
    }
}
