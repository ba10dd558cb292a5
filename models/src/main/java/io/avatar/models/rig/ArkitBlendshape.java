package io.avatar.models.rig;

import java.util.HashMap;
import java.util.Map;

/**
 * The 52 ARKit blendshape names, in the order Apple's Live Link Face packet uses (which is also the order of the
 * weight vector everywhere in this project). {@link #ordinal()} is the index into a weight array.
 */
public enum ArkitBlendshape
{
    /** Left eyelid closed. */ eyeBlinkLeft,
    /** Left eye looks down. */ eyeLookDownLeft,
    /** Left eye looks in. */ eyeLookInLeft,
    /** Left eye looks out. */ eyeLookOutLeft,
    /** Left eye looks up. */ eyeLookUpLeft,
    /** Left eye squint. */ eyeSquintLeft,
    /** Left eye wide. */ eyeWideLeft,
    /** Right eyelid closed. */ eyeBlinkRight,
    /** Right eye looks down. */ eyeLookDownRight,
    /** Right eye looks in. */ eyeLookInRight,
    /** Right eye looks out. */ eyeLookOutRight,
    /** Right eye looks up. */ eyeLookUpRight,
    /** Right eye squint. */ eyeSquintRight,
    /** Right eye wide. */ eyeWideRight,
    /** Jaw forward. */ jawForward,
    /** Jaw left. */ jawLeft,
    /** Jaw right. */ jawRight,
    /** Jaw open. */ jawOpen,
    /** Lips closed while the jaw is open. */ mouthClose,
    /** Lips funnel. */ mouthFunnel,
    /** Lips pucker. */ mouthPucker,
    /** Mouth to the left. */ mouthLeft,
    /** Mouth to the right. */ mouthRight,
    /** Left smile. */ mouthSmileLeft,
    /** Right smile. */ mouthSmileRight,
    /** Left frown. */ mouthFrownLeft,
    /** Right frown. */ mouthFrownRight,
    /** Left dimple. */ mouthDimpleLeft,
    /** Right dimple. */ mouthDimpleRight,
    /** Left lip corner stretch. */ mouthStretchLeft,
    /** Right lip corner stretch. */ mouthStretchRight,
    /** Lower lip rolls in. */ mouthRollLower,
    /** Upper lip rolls in. */ mouthRollUpper,
    /** Lower lip shrug. */ mouthShrugLower,
    /** Upper lip shrug. */ mouthShrugUpper,
    /** Left lips press. */ mouthPressLeft,
    /** Right lips press. */ mouthPressRight,
    /** Left lower lip down. */ mouthLowerDownLeft,
    /** Right lower lip down. */ mouthLowerDownRight,
    /** Left upper lip up. */ mouthUpperUpLeft,
    /** Right upper lip up. */ mouthUpperUpRight,
    /** Left brow down. */ browDownLeft,
    /** Right brow down. */ browDownRight,
    /** Inner brows up. */ browInnerUp,
    /** Left outer brow up. */ browOuterUpLeft,
    /** Right outer brow up. */ browOuterUpRight,
    /** Cheeks puff. */ cheekPuff,
    /** Left cheek squint. */ cheekSquintLeft,
    /** Right cheek squint. */ cheekSquintRight,
    /** Left nose sneer. */ noseSneerLeft,
    /** Right nose sneer. */ noseSneerRight,
    /** Tongue out. */ tongueOut;

    /** Number of blendshapes, the length of every weight vector. */
    public static final int COUNT = 52;

    private static final ArkitBlendshape[] VALUES = values();
    private static final Map<String, ArkitBlendshape> BY_NAME = new HashMap<>();

    static
    {
        for (final ArkitBlendshape b : VALUES)
        {
            BY_NAME.put(b.name(), b);
        }
    }

    /**
     * @param index weight index.
     * @return the blendshape at that index.
     */
    public static ArkitBlendshape at(final int index)
    {
        return VALUES[index];
    }

    /**
     * @param name an ARKit name, e.g. {@code "jawOpen"}.
     * @return the blendshape.
     * @throws IllegalArgumentException naming the unknown name.
     */
    public static ArkitBlendshape byName(final String name)
    {
        final ArkitBlendshape b = BY_NAME.get(name);
        if (b == null)
        {
            throw new IllegalArgumentException("unknown ARKit blendshape name '" + name + "'");
        }
        return b;
    }
}
