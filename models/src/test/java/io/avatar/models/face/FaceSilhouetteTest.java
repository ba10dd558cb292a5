package io.avatar.models.face;

import io.avatar.kernels.render.FaceRenderer;
import io.avatar.models.face.fit.FittedPortrait;
import io.avatar.models.face.fit.PortraitFitter;
import io.avatar.models.rig.FaceRig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cheek and jaw a head turn brings into view (issue #3, "no visible tear or seam at the jaw line"). The portrait
 * saw that side of the face edge-on, so its texture there was a one-pixel sliver of the outline: on a 15 degree yaw
 * the built-in avatar showed a saw-tooth of hair-coloured streaks along the jaw below the ear and a smeared band
 * between the cheek and the ear. Measured just inside the new silhouette, row to row; and, on the astronaut photo,
 * on the outline itself: a light line through the hair and the ear and dots along the jaw where the outline's
 * anti-aliased pixels blended the face over the static background instead of the skirt.
 */
class FaceSilhouetteTest
{
    private static final int SIZE = 512;
    /** Subject's right cheek and jaw on the face oval, ear to jaw (image left). */
    private static final int[] RIGHT_SIDE = {234, 93, 132, 58, 172};
    /** Subject's left cheek and jaw, ear to jaw (image right). */
    private static final int[] LEFT_SIDE = {454, 323, 361, 288, 397};

    /** Subject's right outline from the temple round the jaw to the chin (image left; yaw +15 shows it). */
    private static final int[] RIGHT_OUTLINE = {127, 234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152};
    /** Subject's left outline from the temple to the chin (image right; yaw -15 shows it). */
    private static final int[] LEFT_OUTLINE = {356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152};
    /** Luma levels by which an outline pixel must outshine both sides to count as part of a light line. */
    private static final double LIGHT_LINE = 20;

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

    @Test
    void shouldDrawNoLightLineAlongTheOutlineOfATurnedPhoto() throws Exception
    {
        final Path photo = Path.of(System.getProperty("avatar.shared.dir", "../shared"), "assets", "astronaut.png");
        final FittedPortrait fit;
        try (PortraitFitter fitter = PortraitFitter.open())
        {
            fit = fitter.fit(photo);
        }
        final AvatarRenderer astronaut = new AvatarRenderer(FaceRig.loadDefault(), fit.toPortrait(),
            MouthAtlas.generate(), SIZE, SIZE);
        final int right = lightLinePixels(astronaut, 15f, RIGHT_OUTLINE);
        final int left = lightLinePixels(astronaut, -15f, LEFT_OUTLINE);
        System.out.printf("astronaut outline pixels over %.0f luma lighter than both sides: yaw +15 %d, yaw -15 %d%n",
            LIGHT_LINE, right, left);
        // with the outline anti-aliased over the static background (the portrait's face at rest, light skin): 12 and
        // 3 (a line through the hair and the ear); over the skirt's underlap 0 and 0
        assertTrue(right + left <= 3, "light line along the turned outline: yaw +15 " + right + " pixels, yaw -15 "
            + left);
    }

    /**
     * Pixels within 0.75 px of the projected outline polyline that are lighter, by more than {@link #LIGHT_LINE}
     * luma levels, than both points 2 px away across the outline (bilinear): a one- or two-pixel light line or dot
     * on the edge, which neither the face inside nor the hair, ear or neck outside explains.
     */
    private static int lightLinePixels(final AvatarRenderer avatar, final float yawDeg, final int[] outline)
    {
        final float[] pose = new float[6];
        pose[1] = (float)Math.toRadians(yawDeg);
        avatar.render(new float[52], pose);
        final FaceRenderer k = avatar.renderer();
        final int[] rgb = k.rgb();
        double minX = SIZE;
        double maxX = 0;
        double minY = SIZE;
        double maxY = 0;
        for (final int v : outline)
        {
            minX = Math.min(minX, k.screenX(v));
            maxX = Math.max(maxX, k.screenX(v));
            minY = Math.min(minY, k.screenY(v));
            maxY = Math.max(maxY, k.screenY(v));
        }
        int light = 0;
        int onOutline = 0;
        for (int y = Math.max(3, (int)minY - 1); y <= Math.min(SIZE - 4, (int)maxY + 1); y++)
        {
            for (int x = Math.max(3, (int)minX - 1); x <= Math.min(SIZE - 4, (int)maxX + 1); x++)
            {
                final double px = x + 0.5;
                final double py = y + 0.5;
                double best = Double.POSITIVE_INFINITY;
                double nx = 0;
                double ny = 0;
                for (int i = 0; i + 1 < outline.length; i++)
                {
                    final double ax = k.screenX(outline[i]);
                    final double ay = k.screenY(outline[i]);
                    final double dx = k.screenX(outline[i + 1]) - ax;
                    final double dy = k.screenY(outline[i + 1]) - ay;
                    final double t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
                    final double d = Math.hypot(px - ax - t * dx, py - ay - t * dy);
                    if (d < best)
                    {
                        best = d;
                        final double len = Math.hypot(dx, dy);
                        nx = -dy / len;
                        ny = dx / len;
                    }
                }
                if (best > 0.75)
                {
                    continue;
                }
                onOutline++;
                final double across = Math.max(lumaAt(rgb, px + 2 * nx, py + 2 * ny), lumaAt(rgb, px - 2 * nx,
                    py - 2 * ny));
                if (luma(rgb[y * SIZE + x]) - across > LIGHT_LINE)
                {
                    light++;
                }
            }
        }
        assertTrue(onOutline > 100, "too few outline pixels measured: " + onOutline);
        return light;
    }

    /** Bilinear luma at a point (pixel centres at +0.5). */
    private static double lumaAt(final int[] rgb, final double x, final double y)
    {
        final double fx = x - 0.5;
        final double fy = y - 0.5;
        final int x0 = (int)Math.floor(fx);
        final int y0 = (int)Math.floor(fy);
        final double ax = fx - x0;
        final double ay = fy - y0;
        final double top = (1 - ax) * luma(rgb[y0 * SIZE + x0]) + ax * luma(rgb[y0 * SIZE + x0 + 1]);
        final double bottom = (1 - ax) * luma(rgb[(y0 + 1) * SIZE + x0]) + ax * luma(rgb[(y0 + 1) * SIZE + x0 + 1]);
        return (1 - ay) * top + ay * bottom;
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
