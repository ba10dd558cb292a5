package io.avatar.models.baseline;

import io.avatar.models.rig.ArkitBlendshape;

import static io.avatar.models.rig.ArkitBlendshape.jawOpen;
import static io.avatar.models.rig.ArkitBlendshape.mouthClose;
import static io.avatar.models.rig.ArkitBlendshape.mouthFunnel;
import static io.avatar.models.rig.ArkitBlendshape.mouthLowerDownLeft;
import static io.avatar.models.rig.ArkitBlendshape.mouthLowerDownRight;
import static io.avatar.models.rig.ArkitBlendshape.mouthPressLeft;
import static io.avatar.models.rig.ArkitBlendshape.mouthPressRight;
import static io.avatar.models.rig.ArkitBlendshape.mouthPucker;
import static io.avatar.models.rig.ArkitBlendshape.mouthRollLower;
import static io.avatar.models.rig.ArkitBlendshape.mouthRollUpper;
import static io.avatar.models.rig.ArkitBlendshape.mouthSmileLeft;
import static io.avatar.models.rig.ArkitBlendshape.mouthSmileRight;
import static io.avatar.models.rig.ArkitBlendshape.mouthStretchLeft;
import static io.avatar.models.rig.ArkitBlendshape.mouthStretchRight;
import static io.avatar.models.rig.ArkitBlendshape.mouthUpperUpLeft;
import static io.avatar.models.rig.ArkitBlendshape.mouthUpperUpRight;
import static io.avatar.models.rig.ArkitBlendshape.tongueOut;

/**
 * Maps Oculus viseme blend values onto our ARKit-52 rig: each viseme at full strength (1.0) is a fixed ARKit pose,
 * a frame is the sum of the poses weighted by the viseme values, clamped to [0, 1]. The table (project-made, not
 * from HeadAudio; poses chosen from the usual Oculus-to-ARKit conversions: jaw opening by vowel height, rounding
 * for O/U/CH/RR, lip press for PP, lower-lip tuck for FF, tongue for TH):
 * <pre>
 * viseme  pose at 1.0
 * sil     (rest: all zero)
 * PP      mouthPressLeft/Right 0.6, mouthRollLower 0.3, mouthRollUpper 0.2, mouthClose 0.1, jawOpen 0
 * FF      mouthRollLower 0.5, mouthUpperUpLeft/Right 0.25, jawOpen 0.05
 * TH      jawOpen 0.12, tongueOut 0.25, mouthUpperUpLeft/Right 0.1
 * DD      jawOpen 0.2, mouthStretchLeft/Right 0.1, mouthLowerDownLeft/Right 0.1
 * kk      jawOpen 0.22, mouthStretchLeft/Right 0.15
 * CH      jawOpen 0.12, mouthFunnel 0.45, mouthPucker 0.25, mouthUpperUpLeft/Right 0.1, mouthLowerDownLeft/Right 0.1
 * SS      jawOpen 0.06, mouthStretchLeft/Right 0.3, mouthSmileLeft/Right 0.15, mouthUpperUpLeft/Right 0.1
 * nn      jawOpen 0.14, mouthStretchLeft/Right 0.1
 * RR      jawOpen 0.14, mouthFunnel 0.35, mouthPucker 0.2
 * aa      jawOpen 0.7, mouthLowerDownLeft/Right 0.2
 * E       jawOpen 0.35, mouthStretchLeft/Right 0.3, mouthSmileLeft/Right 0.15, mouthLowerDownLeft/Right 0.1
 * I       jawOpen 0.18, mouthStretchLeft/Right 0.35, mouthSmileLeft/Right 0.3
 * O       jawOpen 0.45, mouthFunnel 0.6, mouthPucker 0.15
 * U       jawOpen 0.2, mouthPucker 0.8, mouthFunnel 0.3
 * </pre>
 * HeadAudio drives its visemes up to 0.65 (0.75 for PP and FF), so e.g. a held "aa" gives jawOpen 0.455.
 * <p>
 * Immutable: any thread.
 */
public final class VisemeArkitMap
{
    private static final int W = ArkitBlendshape.COUNT;
    private static final float[] TABLE = new float[OculusViseme.COUNT * W];

    static
    {
        row(OculusViseme.PP, mouthPressLeft, 0.6f, mouthPressRight, 0.6f, mouthRollLower, 0.3f, mouthRollUpper, 0.2f,
            mouthClose, 0.1f);
        row(OculusViseme.FF, mouthRollLower, 0.5f, mouthUpperUpLeft, 0.25f, mouthUpperUpRight, 0.25f, jawOpen, 0.05f);
        row(OculusViseme.TH, jawOpen, 0.12f, tongueOut, 0.25f, mouthUpperUpLeft, 0.1f, mouthUpperUpRight, 0.1f);
        row(OculusViseme.DD, jawOpen, 0.2f, mouthStretchLeft, 0.1f, mouthStretchRight, 0.1f, mouthLowerDownLeft, 0.1f,
            mouthLowerDownRight, 0.1f);
        row(OculusViseme.kk, jawOpen, 0.22f, mouthStretchLeft, 0.15f, mouthStretchRight, 0.15f);
        row(OculusViseme.CH, jawOpen, 0.12f, mouthFunnel, 0.45f, mouthPucker, 0.25f, mouthUpperUpLeft, 0.1f,
            mouthUpperUpRight, 0.1f, mouthLowerDownLeft, 0.1f, mouthLowerDownRight, 0.1f);
        row(OculusViseme.SS, jawOpen, 0.06f, mouthStretchLeft, 0.3f, mouthStretchRight, 0.3f, mouthSmileLeft, 0.15f,
            mouthSmileRight, 0.15f, mouthUpperUpLeft, 0.1f, mouthUpperUpRight, 0.1f);
        row(OculusViseme.nn, jawOpen, 0.14f, mouthStretchLeft, 0.1f, mouthStretchRight, 0.1f);
        row(OculusViseme.RR, jawOpen, 0.14f, mouthFunnel, 0.35f, mouthPucker, 0.2f);
        row(OculusViseme.aa, jawOpen, 0.7f, mouthLowerDownLeft, 0.2f, mouthLowerDownRight, 0.2f);
        row(OculusViseme.E, jawOpen, 0.35f, mouthStretchLeft, 0.3f, mouthStretchRight, 0.3f, mouthSmileLeft, 0.15f,
            mouthSmileRight, 0.15f, mouthLowerDownLeft, 0.1f, mouthLowerDownRight, 0.1f);
        row(OculusViseme.I, jawOpen, 0.18f, mouthStretchLeft, 0.35f, mouthStretchRight, 0.35f, mouthSmileLeft, 0.3f,
            mouthSmileRight, 0.3f);
        row(OculusViseme.O, jawOpen, 0.45f, mouthFunnel, 0.6f, mouthPucker, 0.15f);
        row(OculusViseme.U, jawOpen, 0.2f, mouthPucker, 0.8f, mouthFunnel, 0.3f);
    }

    private VisemeArkitMap()
    {
    }

    private static void row(final OculusViseme v, final Object... pairs)
    {
        for (int i = 0; i < pairs.length; i += 2)
        {
            TABLE[v.ordinal() * W + ((ArkitBlendshape)pairs[i]).ordinal()] = (Float)pairs[i + 1];
        }
    }

    /**
     * @param viseme the viseme.
     * @param shape  the blendshape.
     * @return the blendshape's weight in the viseme's full-strength pose.
     */
    public static float weight(final OculusViseme viseme, final ArkitBlendshape shape)
    {
        return TABLE[viseme.ordinal() * W + shape.ordinal()];
    }

    /**
     * Mixes viseme values into rig weights. Allocation-free; any thread (writes only {@code out}).
     *
     * @param visemes 15 viseme values in Oculus order ({@link OculusViseme#ordinal()}), each in [0, 1].
     * @param out     receives 52 ARKit weights (overwritten), each in [0, 1].
     */
    public static void apply(final float[] visemes, final float[] out)
    {
        if (visemes.length < OculusViseme.COUNT || out.length < W)
        {
            throw new IllegalArgumentException("need 15 viseme values and 52 weights, got " + visemes.length + " and "
                + out.length);
        }
        final float[] t = TABLE;
        for (int b = 0; b < W; b++)
        {
            float sum = 0f;
            for (int v = 0; v < OculusViseme.COUNT; v++)
            {
                sum += visemes[v] * t[v * W + b];
            }
            out[b] = Math.min(1f, Math.max(0f, sum));
        }
    }
}
