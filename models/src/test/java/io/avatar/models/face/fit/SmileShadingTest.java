package io.avatar.models.face.fit;

import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmileShadingTest
{
    private static final int SIDE = 400;
    private static final float SCALE = 20f;
    private static final int[] SKIN = {200, 160, 140};

    @Test
    void shouldListTheMeshTrianglesOfTheBandAndMirrorTheTwoSides() throws IOException
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final List<Integer> band = new ArrayList<>();
        for (int k = 0; k < SmileShading.LEFT.length; k++)
        {
            band.add(SmileShading.LEFT[k]);
            band.add(SmileShading.RIGHT[k]);
            final int l = SmileShading.LEFT[k];
            final int r = SmileShading.RIGHT[k];
            assertTrue(mesh.position(l, 0) > 0 && mesh.position(r, 0) < 0, "left is +x: " + l + " " + r);
            assertEquals(mesh.position(l, 0), -mesh.position(r, 0), 0.05, "mirror x " + l + " " + r);
            assertEquals(mesh.position(l, 1), mesh.position(r, 1), 0.05, "mirror y " + l + " " + r);
        }
        final int[] t = mesh.triangles();
        final List<Integer> touching = new ArrayList<>();
        for (int i = 0; i < t.length; i += 3)
        {
            if (band.contains(t[i]) || band.contains(t[i + 1]) || band.contains(t[i + 2]))
            {
                touching.add(t[i]);
                touching.add(t[i + 1]);
                touching.add(t[i + 2]);
            }
        }
        assertEquals(touching.toString(), Arrays.toString(SmileShading.TRIANGLES),
            "TRIANGLES = the mesh's triangles with a corner in the band, in mesh order");
    }

    @Test
    void shouldLeaveAPhotoWithoutASmileUntouched() throws IOException
    {
        final RgbImage img = face(landmarks());
        assertSame(img, SmileShading.apply(img, landmarks(), new float[ArkitBlendshape.COUNT]));
    }

    @Test
    void shouldTakeTheCreasesOutOfTheSmilingSidesBandOnly() throws IOException
    {
        final float[] lm = landmarks();
        final RgbImage img = face(lm);
        final float[] w = new float[ArkitBlendshape.COUNT];
        w[ArkitBlendshape.mouthSmileLeft.ordinal()] = 1f;
        final RgbImage out = SmileShading.apply(img, lm, w);
        final double before = darkness(img, lm, SmileShading.LEFT);
        final double after = darkness(out, lm, SmileShading.LEFT);
        System.out.printf("crease darkness on the smiling side %.1f -> %.1f%n", before, after);
        assertTrue(before > 60, "the synthetic creases are dark: " + before);
        // measured 90 -> 40: the band-pass takes the spots' own contrast, the coarse blur keeps their mean shade over
        // the band (the light across the cheek), and the softened blend weight is under 1 at the vertices
        assertTrue(after < 0.5 * before, "the crease is mostly gone: " + before + " -> " + after);
        assertEquals(darkness(img, lm, SmileShading.RIGHT), darkness(out, lm, SmileShading.RIGHT), 0.0,
            "the side without a smile keeps its creases");
        // the lips, nose and eyes are outside the band: their spots are untouched
        for (final int v : new int[]{13, 14, 0, 17, 1, 4, 159, 386, 61})
        {
            assertEquals(darkness(img, lm, new int[]{v}), darkness(out, lm, new int[]{v}), 0.0, "vertex " + v);
        }
        // the smiling side's mouth corner is a corner of the band's triangles (weight 0 there, softened): it keeps
        // most of its contrast (measured 90 -> 66)
        assertTrue(darkness(out, lm, new int[]{291}) > 0.6 * darkness(img, lm, new int[]{291}), "mouth corner");
        // the light across the cheek stays (coarse structure): the skin far from any spot keeps its colour
        final int p = 3 * (Math.round(lm[2 * 426 + 1]) * SIDE + Math.round(lm[2 * 426]) + 12);
        assertEquals(SKIN[0], out.rgb()[p] & 0xFF, 12, "skin beside the crease keeps its colour");
    }

    @Test
    void shouldSplitTheChangedPixelsBySide() throws IOException
    {
        final float[] lm = landmarks();
        final RgbImage img = face(lm);
        final float[] w = new float[ArkitBlendshape.COUNT];
        w[ArkitBlendshape.mouthSmileLeft.ordinal()] = 1f;
        w[ArkitBlendshape.mouthSmileRight.ordinal()] = 0.5f;
        final RgbImage out = SmileShading.apply(img, lm, w);
        final byte[] sides = SmileShading.sides(img, out, lm);
        final int[] count = new int[3];
        for (int i = 0; i < sides.length; i++)
        {
            final boolean changed = img.rgb()[3 * i] != out.rgb()[3 * i] || img.rgb()[3 * i + 1] != out.rgb()[3 * i + 1]
                || img.rgb()[3 * i + 2] != out.rgb()[3 * i + 2];
            assertEquals(changed, sides[i] != 0, "pixel " + i + " labelled " + sides[i]);
            count[sides[i]]++;
        }
        for (int k = 0; k < SmileShading.LEFT.length; k++)
        {
            assertEquals(1, sides[Math.round(lm[2 * SmileShading.LEFT[k] + 1]) * SIDE
                + Math.round(lm[2 * SmileShading.LEFT[k]])], "left band vertex " + SmileShading.LEFT[k]);
            assertEquals(2, sides[Math.round(lm[2 * SmileShading.RIGHT[k] + 1]) * SIDE
                + Math.round(lm[2 * SmileShading.RIGHT[k]])], "right band vertex " + SmileShading.RIGHT[k]);
        }
        System.out.println("changed pixels: left " + count[1] + ", right " + count[2]);
        assertTrue(count[1] > 100 && count[2] > 100, "both sides changed: " + count[1] + " / " + count[2]);
        w[ArkitBlendshape.mouthSmileRight.ordinal()] = 0f;
        final byte[] leftOnly = SmileShading.sides(img, SmileShading.apply(img, lm, w), lm);
        for (final byte b : leftOnly)
        {
            assertTrue(b != 2, "a side without a smile has nothing to blend back");
        }
    }

    /** The canonical mesh seen from the front: 20 px per cm, centred. */
    private static float[] landmarks() throws IOException
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final float[] lm = new float[2 * CanonicalFaceMesh.VERTEX_COUNT];
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            lm[2 * i] = SIDE / 2f + SCALE * mesh.position(i, 0);
            lm[2 * i + 1] = SIDE / 2f - SCALE * mesh.position(i, 1);
        }
        return lm;
    }

    /** Plain skin with a dark spot (a crease, a feature) of 9 px at every band vertex and at a few features. */
    private static RgbImage face(final float[] lm)
    {
        final RgbImage img = RgbImage.allocate(SIDE, SIDE, "synthetic face");
        final byte[] rgb = img.rgb();
        for (int i = 0; i < SIDE * SIDE; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                rgb[3 * i + c] = (byte)SKIN[c];
            }
        }
        final List<Integer> spots = new ArrayList<>();
        for (final int v : SmileShading.LEFT)
        {
            spots.add(v);
        }
        for (final int v : SmileShading.RIGHT)
        {
            spots.add(v);
        }
        for (final int v : new int[]{13, 14, 0, 17, 1, 4, 159, 386, 61, 291})
        {
            spots.add(v);
        }
        for (final int v : spots)
        {
            final int cx = Math.round(lm[2 * v]);
            final int cy = Math.round(lm[2 * v + 1]);
            for (int y = cy - 4; y <= cy + 4; y++)
            {
                for (int x = cx - 4; x <= cx + 4; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        rgb[3 * (y * SIDE + x) + c] = (byte)(SKIN[c] - 90);
                    }
                }
            }
        }
        return img;
    }

    /** Mean darkness (skin red minus pixel red) over 3x3 pixels at each vertex. */
    private static double darkness(final RgbImage img, final float[] lm, final int[] vertices)
    {
        double sum = 0;
        int n = 0;
        for (final int v : vertices)
        {
            final int cx = Math.round(lm[2 * v]);
            final int cy = Math.round(lm[2 * v + 1]);
            for (int y = cy - 1; y <= cy + 1; y++)
            {
                for (int x = cx - 1; x <= cx + 1; x++)
                {
                    sum += SKIN[0] - (img.rgb()[3 * (y * SIDE + x)] & 0xFF);
                    n++;
                }
            }
        }
        return sum / n;
    }
}
