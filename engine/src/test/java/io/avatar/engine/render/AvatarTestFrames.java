package io.avatar.engine.render;

import io.avatar.models.rig.ArkitBlendshape;

/**
 * Test helper: the named frames on which the CUDA renderer (and its source emulated on the CPU) is compared with the
 * CPU renderer on the built-in avatar: neutral, jaw open, blink, yaw with some jaw, and an opposite yaw with tilt and
 * shift. Any thread.
 */
final class AvatarTestFrames
{
    /** The frame names, in the order the tests render them. */
    static final String[] NAMES = {"neutral", "jawOpen", "blink", "yaw", "yawLeftTilt"};

    private AvatarTestFrames()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return new arrays {@code {blendshape weights, pose}} for that frame.
     */
    static float[][] frame(final String name)
    {
        final float[] w = new float[ArkitBlendshape.COUNT];
        final float[] pose = new float[6];
        switch (name)
        {
            case "jawOpen" -> w[ArkitBlendshape.jawOpen.ordinal()] = 0.8f;
            case "blink" ->
            {
                w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
                w[ArkitBlendshape.eyeBlinkRight.ordinal()] = 1f;
            }
            case "yaw" ->
            {
                pose[0] = 0.08f;
                pose[1] = 0.45f;
                w[ArkitBlendshape.jawOpen.ordinal()] = 0.3f;
            }
            case "yawLeftTilt" ->
            {
                pose[1] = -0.5f;
                pose[2] = 0.15f;
                pose[3] = 1f;
            }
            case "neutral" ->
            {
            }
            default -> throw new IllegalArgumentException("no test frame named " + name);
        }
        return new float[][]{w, pose};
    }
}
