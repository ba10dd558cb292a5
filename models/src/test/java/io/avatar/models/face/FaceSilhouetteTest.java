package io.avatar.models.face;

import io.avatar.kernels.render.FaceRenderer;
import io.avatar.models.rig.FaceRig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cheek and jaw a head turn brings into view (issue #3, "no visible tear or seam at the jaw line"). The portrait
 * saw that side of the face edge-on, so its texture there was a one-pixel sliver of the outline: on a 15 degree yaw
 * the built-in avatar showed a saw-tooth of hair-coloured streaks along the jaw below the ear and a smeared band
 * between the cheek and the ear. Measured just inside the new silhouette, row to row.
 */
class FaceSilhouetteTest
{
    private static final int SIZE = 512;
    /** Subject's right cheek and jaw on the face oval, ear to jaw (image left). */
    private static final int[] RIGHT_SIDE = {234, 93, 132, 58, 172};
    /** Subject's left cheek and jaw, ear to jaw (image right). */
    private static final int[] LEFT_SIDE = {454, 323, 361, 288, 397};

    private static AvatarRenderer renderer;

    @BeforeAll
    static void setUp() throws IOException
    {
        renderer = new AvatarRenderer(FaceRig.loadDefault(), BuiltInAvatar.create(CanonicalFaceMesh.loadDefault()),
            MouthAtlas.generate(), SIZE, SIZE);
    }

    @Test
    void shouldShowSmoothSkinAlongTheJawTheTurnBringsIntoView()
    {
        final double rest = Math.max(roughness(0f, RIGHT_SIDE, 1), roughness(0f, LEFT_SIDE, -1));
        // yaw +15 turns the subject's right cheek (image left) toward the camera, yaw -15 the left one
        final double right = roughness(15f, RIGHT_SIDE, 1);
        final double left = roughness(-15f, LEFT_SIDE, -1);
        System.out.printf("silhouette roughness (mean luma step row to row, 2-8 px inside the oval): rest %.2f, "
            + "yaw +15 %.2f, yaw -15 %.2f%n", rest, right, left);
        // before the unfolded texture (HiddenSurfaceTexture): 3.20 and 3.27 against 0.88 at rest, hair-coloured
        // streaks between skin rows; with it 0.77 and 0.67
        assertTrue(right < 1.5 * rest + 0.3 && left < 1.5 * rest + 0.3, "the jaw the turn shows is streaked: rest "
            + rest + ", yaw +15 " + right + ", yaw -15 " + left);
    }

    /**
     * Mean absolute luma step between vertically adjacent pixels 2 to 8 pixels inside the projected face oval, over
     * the rows from the ear to the jaw on one side: smooth skin steps by about one level, streaks by tens.
     */
    private static double roughness(final float yawDeg, final int[] side, final int inward)
    {
        final float[] pose = new float[6];
        pose[1] = (float)Math.toRadians(yawDeg);
        renderer.render(new float[52], pose);
        final FaceRenderer k = renderer.renderer();
        final int[] rgb = k.rgb();
        final int y0 = (int)Math.ceil(k.screenY(side[0]));
        final int y1 = (int)Math.floor(k.screenY(side[side.length - 1]));
        double sum = 0;
        int count = 0;
        for (int y = y0; y < y1; y++)
        {
            final double xa = ovalX(k, side, y + 0.5);
            final double xb = ovalX(k, side, y + 1.5);
            for (int d = 2; d <= 8; d++)
            {
                // the edge of the two rows nearer the inside, so both samples are on the face
                final double edge = inward > 0 ? Math.max(xa, xb) : Math.min(xa, xb);
                final int x = (int)Math.floor(edge + inward * d);
                sum += Math.abs(luma(rgb[(y + 1) * SIZE + x]) - luma(rgb[y * SIZE + x]));
                count++;
            }
        }
        assertTrue(count > 100, "too few rows measured: " + count);
        return sum / count;
    }

    /** Screen x of the oval polyline at row {@code y} (linear between its vertices). */
    private static double ovalX(final FaceRenderer k, final int[] side, final double y)
    {
        for (int i = 0; i + 1 < side.length; i++)
        {
            final double ya = k.screenY(side[i]);
            final double yb = k.screenY(side[i + 1]);
            if (y >= ya && y <= yb)
            {
                final double t = (y - ya) / (yb - ya);
                return k.screenX(side[i]) + t * (k.screenX(side[i + 1]) - k.screenX(side[i]));
            }
        }
        return k.screenX(y < k.screenY(side[0]) ? side[0] : side[side.length - 1]);
    }

    private static double luma(final int p)
    {
        return 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
    }
}
