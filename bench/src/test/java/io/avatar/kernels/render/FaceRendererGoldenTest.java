package io.avatar.kernels.render;

import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden check of the optimised {@link FaceRenderer}: on the built-in avatar, every frame must match the frozen
 * pre-optimisation renderer ({@link BaselineFaceRenderer}) within 1/255 per channel, for the neutral face, jaw open,
 * a blink, yaw 15 degrees and mixed expressions and poses, at several output sizes, with and without the warp map.
 */
class FaceRendererGoldenTest
{
    private static FaceRig rig;
    private static Portrait portrait;
    private static RenderTexture atlas;

    @BeforeAll
    static void setUp() throws IOException
    {
        rig = FaceRig.loadDefault();
        portrait = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        atlas = MouthAtlas.generate();
    }

    /** Named test frames: weights and pose. */
    private record Frame(String name, float[] weights, float[] pose)
    {
    }

    private static Frame frame(final String name, final float pitchDeg, final float yawDeg, final float rollDeg,
        final Object... shapeWeights)
    {
        final float[] w = new float[ArkitBlendshape.COUNT];
        for (int i = 0; i < shapeWeights.length; i += 2)
        {
            w[((ArkitBlendshape)shapeWeights[i]).ordinal()] = ((Number)shapeWeights[i + 1]).floatValue();
        }
        final float[] pose = {(float)Math.toRadians(pitchDeg), (float)Math.toRadians(yawDeg),
            (float)Math.toRadians(rollDeg), 0f, 0f, 0f};
        return new Frame(name, w, pose);
    }

    private static Frame[] frames()
    {
        return new Frame[]{
            frame("neutral", 0, 0, 0),
            frame("jawOpen 1", 0, 0, 0, ArkitBlendshape.jawOpen, 1f),
            frame("blink", 0, 0, 0, ArkitBlendshape.eyeBlinkLeft, 1f, ArkitBlendshape.eyeBlinkRight, 1f),
            frame("yaw 15", 0, 15, 0),
            frame("yaw -25, pitch 10, jaw 0.6, smile", 10, -25, 0, ArkitBlendshape.jawOpen, 0.6f,
                ArkitBlendshape.mouthSmileLeft, 0.5f, ArkitBlendshape.mouthSmileRight, 0.5f),
            frame("roll 12, pucker, left blink", -8, 5, 12, ArkitBlendshape.mouthPucker, 1f,
                ArkitBlendshape.eyeBlinkLeft, 1f),
        };
    }

    @Test
    void shouldReproduceTheBaselineRendererWithinOneLevelPerChannel()
    {
        for (final int size : new int[]{256, 512, 1024})
        {
            compare(size, false);
        }
    }

    @Test
    void shouldReproduceTheBaselineWarpMapExactly()
    {
        compare(512, true);
    }

    private static void compare(final int size, final boolean warp)
    {
        final AvatarRenderer avatar = new AvatarRenderer(rig, portrait, atlas, size, size);
        final FaceRenderer fast = new FaceRenderer(avatar.renderer().mesh(), portrait.camera(), portrait.image(),
            atlas, portrait.background(), size, size, warp);
        final BaselineFaceRenderer baseline = new BaselineFaceRenderer(avatar.renderer().mesh(), portrait.camera(),
            portrait.image(), atlas, portrait.background(), size, size, warp);
        for (final Frame f : frames())
        {
            avatar.render(f.weights(), f.pose());
            fast.render(avatar.positions(), f.pose(), 0);
            baseline.render(avatar.positions(), f.pose(), 0);
            final int[] a = fast.rgb();
            final int[] b = baseline.rgb();
            int worst = 0;
            int differing = 0;
            for (int i = 0; i < a.length; i++)
            {
                if (a[i] != b[i])
                {
                    differing++;
                    for (int sh = 0; sh < 32; sh += 8)
                    {
                        worst = Math.max(worst, Math.abs(((a[i] >>> sh) & 0xFF) - ((b[i] >>> sh) & 0xFF)));
                    }
                }
            }
            assertTrue(worst <= 1, f.name() + " at " + size + (warp ? " (warp map)" : "") + ": " + differing
                + " pixels differ, by up to " + worst + "/255");
            if (warp)
            {
                assertArrayEquals(baseline.warpX(), fast.warpX(), f.name() + " warp x");
                assertArrayEquals(baseline.warpY(), fast.warpY(), f.name() + " warp y");
            }
        }
    }
}
