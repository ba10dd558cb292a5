package io.avatar.models.rig;

import io.avatar.models.face.CanonicalFaceMesh;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceRigTest
{
    private static CanonicalFaceMesh mesh;
    private static FaceRig rig;
    private static float iod;

    @BeforeAll
    static void load() throws IOException
    {
        mesh = CanonicalFaceMesh.loadDefault();
        rig = FaceRig.loadDefault();
        final float rx = 0.5f * (mesh.position(33, 0) + mesh.position(133, 0));
        final float lx = 0.5f * (mesh.position(263, 0) + mesh.position(362, 0));
        iod = lx - rx;
    }

    @Test
    void shouldRegenerateTheSameFile() throws IOException
    {
        final String shipped;
        try (InputStream in = FaceRig.class.getResourceAsStream(FaceRig.RESOURCE))
        {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(shipped, RigBuilder.build(mesh).toJson(),
            "rig-v1.json is stale: regenerate it with 'avatar rig build'");
    }

    @Test
    void shouldModelEveryNameTheIssueLists()
    {
        final Set<ArkitBlendshape> zero = EnumSet.noneOf(ArkitBlendshape.class);
        for (final ArkitBlendshape b : ArkitBlendshape.values())
        {
            if (!rig.isModelled(b))
            {
                zero.add(b);
            }
        }
        assertEquals(EnumSet.of(ArkitBlendshape.eyeLookDownLeft, ArkitBlendshape.eyeLookInLeft,
            ArkitBlendshape.eyeLookOutLeft, ArkitBlendshape.eyeLookUpLeft, ArkitBlendshape.eyeLookDownRight,
            ArkitBlendshape.eyeLookInRight, ArkitBlendshape.eyeLookOutRight, ArkitBlendshape.eyeLookUpRight,
            ArkitBlendshape.tongueOut), zero, "documented zero fields");
    }

    @Test
    void shouldOpenTheInnerLipsMonotonicallyWithJawOpen()
    {
        float previous = -1f;
        final float rest = lipGap(new float[52]);
        for (final float w : new float[]{0f, 0.25f, 0.5f, 0.75f, 1f})
        {
            final float[] weights = new float[52];
            weights[ArkitBlendshape.jawOpen.ordinal()] = w;
            final float gap = lipGap(weights);
            assertTrue(gap > previous, "gap grows at jawOpen " + w + ": " + gap + " after " + previous);
            previous = gap;
        }
        assertTrue(previous - rest >= 0.3f * iod, "jawOpen 1 opens the lips by " + (previous - rest) / iod + " IOD");
    }

    @Test
    void shouldCancelTheLipOpeningWithMouthClose()
    {
        final float[] weights = new float[52];
        weights[ArkitBlendshape.jawOpen.ordinal()] = 1f;
        weights[ArkitBlendshape.mouthClose.ordinal()] = 1f;
        final float[] out = deform(weights);
        final float[] rest = deform(new float[52]);
        final int[] up = io.avatar.models.face.FaceLandmarkSets.LIPS_UPPER_INNER;
        final int[] lo = io.avatar.models.face.FaceLandmarkSets.LIPS_LOWER_INNER;
        for (int i = 1; i + 1 < up.length; i++)
        {
            final float gap = out[3 * up[i] + 1] - out[3 * lo[i] + 1];
            final float gap0 = rest[3 * up[i] + 1] - rest[3 * lo[i] + 1];
            assertEquals(gap0, gap, 0.02f * iod, "inner lip pair " + up[i] + "/" + lo[i]);
        }
        // the jaw itself stays open
        assertTrue(rest[3 * 152 + 1] - out[3 * 152 + 1] > 1f, "chin still dropped");
    }

    @Test
    void shouldCloseBothEyesOnBlink()
    {
        final float[] weights = new float[52];
        weights[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
        weights[ArkitBlendshape.eyeBlinkRight.ordinal()] = 1f;
        final float[] out = deform(weights);
        final float[] rest = deform(new float[52]);
        final int[][] pairs = {{159, 145}, {158, 153}, {160, 144}, {386, 374}, {385, 380}, {387, 373}};
        for (final int[] p : pairs)
        {
            final float open0 = rest[3 * p[0] + 1] - rest[3 * p[1] + 1];
            final float open1 = out[3 * p[0] + 1] - out[3 * p[1] + 1];
            assertTrue(open0 > 0.3f, "eye open at rest");
            assertTrue(Math.abs(open1) < 0.05f * open0, "aperture " + p[0] + "/" + p[1] + " closes: " + open1);
        }
    }

    @Test
    void shouldCloseAWiderIdentityEyeAfterRetargeting()
    {
        final float[] base = rig.neutral();
        for (final int v : io.avatar.models.face.FaceLandmarkSets.LEFT_EYE_UPPER)
        {
            base[3 * v + 1] += 0.2f;
        }
        final FaceRig adapted = rig.retargetedTo(base);
        final float[] weights = new float[52];
        weights[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
        final float[] out = new float[base.length];
        adapted.apply(weights, base, out);
        assertEquals(0f, out[3 * 386 + 1] - out[3 * 374 + 1], 0.05f, "left eye closed");
    }

    @Test
    void shouldDeformWithoutNaNsAndKeepTheForeheadStillForMouthShapes()
    {
        for (final ArkitBlendshape b : ArkitBlendshape.values())
        {
            final float[] weights = new float[52];
            weights[b.ordinal()] = 1f;
            final float[] out = deform(weights);
            for (final float f : out)
            {
                assertFalse(Float.isNaN(f) || Float.isInfinite(f), b + " produced a non-finite position");
            }
            if (b.name().startsWith("mouth") || b.name().startsWith("jaw"))
            {
                assertEquals(mesh.position(10, 1), out[3 * 10 + 1], 1e-4f, b + " moved the forehead");
            }
        }
    }

    private static float lipGap(final float[] weights)
    {
        final float[] out = deform(weights);
        return out[3 * 13 + 1] - out[3 * 14 + 1] < 0 ? out[3 * 14 + 1] - out[3 * 13 + 1]
            : out[3 * 13 + 1] - out[3 * 14 + 1];
    }

    private static float[] deform(final float[] weights)
    {
        final float[] base = rig.neutral();
        final float[] out = new float[base.length];
        rig.apply(weights, base, out);
        return out;
    }
}
