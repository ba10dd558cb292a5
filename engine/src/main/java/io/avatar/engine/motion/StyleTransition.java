package io.avatar.engine.motion;

import io.avatar.models.style.StyleCode;

/**
 * The style code a session uses right now, moving linearly from the previous style to a newly requested one over a
 * fixed number of frames, so a live style change never makes the face jump. Single-threaded; allocation-free per
 * frame.
 */
public final class StyleTransition
{
    private final float[] from = new float[StyleCode.SIZE];
    private final float[] to = new float[StyleCode.SIZE];
    private final float[] current = new float[StyleCode.SIZE];
    private int frame;
    private int frames;

    /**
     * @param initial the style to start with.
     */
    public StyleTransition(final StyleCode initial)
    {
        initial.copyTo(current, 0);
        initial.copyTo(to, 0);
        initial.copyTo(from, 0);
    }

    /**
     * Starts a transition from wherever the style is now.
     *
     * @param target the new style.
     * @param overFrames frames the transition takes (0 = at once).
     */
    public void moveTo(final StyleCode target, final int overFrames)
    {
        System.arraycopy(current, 0, from, 0, StyleCode.SIZE);
        target.copyTo(to, 0);
        frames = Math.max(0, overFrames);
        frame = 0;
        if (frames == 0)
        {
            System.arraycopy(to, 0, current, 0, StyleCode.SIZE);
        }
    }

    /**
     * Advances one frame.
     *
     * @return the current style values (a live view: do not modify, read before the next step).
     */
    public float[] step()
    {
        if (frame < frames)
        {
            frame++;
            final float t = (float)frame / frames;
            for (int i = 0; i < StyleCode.SIZE; i++)
            {
                current[i] = from[i] + t * (to[i] - from[i]);
            }
        }
        return current;
    }

    /**
     * @return the current style values without advancing (live view).
     */
    public float[] current()
    {
        return current;
    }

    /**
     * @return whether a transition is still under way.
     */
    public boolean inTransition()
    {
        return frame < frames;
    }
}
