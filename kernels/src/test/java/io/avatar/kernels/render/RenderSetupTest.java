package io.avatar.kernels.render;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RenderSetup} exports what {@link FaceRenderer} uses and projects exactly as it does. The test head built here
 * (all four layers: skirt with a pinned rim, mouth interior with alpha, eye fills, a face cap with open mouth and eye
 * edges and silhouettes under yaw) also feeds {@link CudaSourceEmulationTest}, which checks the CUDA kernels
 * against the CPU renderer pixel for pixel.
 */
class RenderSetupTest
{
    private static final int SIZE = 256;
    private static final int REF = 512;
    private static final int GRID = 24;
    private static final float RADIUS = 14f;

    /** A spherical cap face, a mouth hole with an interior behind it, two eye holes with fills, and a skirt. */
    static final class HeadMesh
    {
        final List<float[]> positions = new ArrayList<>();
        final List<Float> pins = new ArrayList<>();
        final List<float[]> uv = new ArrayList<>();
        final List<Integer> skirt = new ArrayList<>();
        final List<Integer> mouth = new ArrayList<>();
        final List<Integer> eyes = new ArrayList<>();
        final List<Integer> face = new ArrayList<>();
        final RenderCamera camera = RenderCamera.frontal(REF, REF, 1000f, 0f, 0f, 100f, new float[]{0, -5, -8});
        final List<Integer> jaw = new ArrayList<>();

        int vertex(final float x, final float y, final float z, final float pin, final boolean atlas)
        {
            positions.add(new float[]{x, y, z});
            pins.add(pin);
            if (atlas)
            {
                uv.add(new float[]{(x + 3f) / 6f * 64f, (2f - y) / 3f * 32f});
            }
            else
            {
                final float[] pt = new float[2];
                camera.projectRest(new float[]{x, y, z}, 0, pt);
                uv.add(pt);
            }
            return positions.size() - 1;
        }

        static float capZ(final float x, final float y)
        {
            final float r2 = x * x + y * y;
            return (float)Math.sqrt(Math.max(0.0, 16.0 * 16.0 - r2)) - 16f;
        }

        static boolean inMouth(final int i, final int j)
        {
            return j >= 15 && j < 17 && i >= 9 && i < 15;
        }

        static boolean inEye(final int i, final int j)
        {
            return j >= 8 && j < 10 && ((i >= 5 && i < 9) || (i >= 15 && i < 19));
        }

        void quad(final List<Integer> layer, final int a, final int b, final int c, final int d)
        {
            // a b / d c seen from the front, y up: (a, c, b) and (a, d, c) are clockwise in the image
            layer.add(a);
            layer.add(c);
            layer.add(b);
            layer.add(a);
            layer.add(d);
            layer.add(c);
        }

        HeadMesh()
        {
            final int[][] id = new int[GRID + 1][GRID + 1];
            for (int j = 0; j <= GRID; j++)
            {
                for (int i = 0; i <= GRID; i++)
                {
                    final float x = (i - GRID / 2f) / (GRID / 2f) * RADIUS;
                    final float y = (GRID / 2f - j) / (GRID / 2f) * RADIUS;
                    id[j][i] = vertex(x, y, capZ(x, y), 1f, false);
                    if (j > 16)
                    {
                        jaw.add(id[j][i]);
                    }
                }
            }
            for (int j = 0; j < GRID; j++)
            {
                for (int i = 0; i < GRID; i++)
                {
                    final List<Integer> layer = inMouth(i, j) ? null : inEye(i, j) ? eyes : face;
                    if (layer != null)
                    {
                        quad(layer, id[j][i], id[j][i + 1], id[j + 1][i + 1], id[j + 1][i]);
                    }
                }
            }
            // mouth interior: its own vertices (atlas texture), a little behind the hole
            final int[][] m = new int[4][8];
            for (int j = 0; j < 4; j++)
            {
                for (int i = 0; i < 8; i++)
                {
                    final float x = (8 + i - GRID / 2f) / (GRID / 2f) * RADIUS;
                    final float y = (GRID / 2f - (14.5f + j * 0.9f)) / (GRID / 2f) * RADIUS;
                    m[j][i] = vertex(x, y, capZ(x, y) - 1f, 1f, true);
                }
            }
            for (int j = 0; j < 3; j++)
            {
                for (int i = 0; i < 7; i++)
                {
                    quad(mouth, m[j][i], m[j][i + 1], m[j + 1][i + 1], m[j + 1][i]);
                }
            }
            // skirt: the cap's border to a pinned rim that stays where it is in the portrait
            final List<Integer> border = new ArrayList<>();
            for (int i = 0; i < GRID; i++)
            {
                border.add(id[0][i]);
            }
            for (int j = 0; j < GRID; j++)
            {
                border.add(id[j][GRID]);
            }
            for (int i = GRID; i > 0; i--)
            {
                border.add(id[GRID][i]);
            }
            for (int j = GRID; j > 0; j--)
            {
                border.add(id[j][0]);
            }
            final int nb = border.size();
            final int[] rim = new int[nb];
            for (int k = 0; k < nb; k++)
            {
                final float[] p = positions.get(border.get(k));
                rim[k] = vertex(p[0] * 1.6f, p[1] * 1.6f, p[2] - 4f, 0f, false);
            }
            for (int k = 0; k < nb; k++)
            {
                final int k1 = (k + 1) % nb;
                // border runs clockwise in the image: (b_k, b_k1, rim_k1) and (b_k, rim_k1, rim_k) face the camera
                skirt.add(border.get(k));
                skirt.add(rim[k1]);
                skirt.add(border.get(k1));
                skirt.add(border.get(k));
                skirt.add(rim[k]);
                skirt.add(rim[k1]);
            }
        }

        RenderMesh mesh()
        {
            final int n = positions.size();
            final float[] p = new float[3 * n];
            final float[] pin = new float[n];
            final float[] tc = new float[2 * n];
            for (int i = 0; i < n; i++)
            {
                System.arraycopy(positions.get(i), 0, p, 3 * i, 3);
                pin[i] = pins.get(i);
                tc[2 * i] = uv.get(i)[0];
                tc[2 * i + 1] = uv.get(i)[1];
            }
            return new RenderMesh(p, pin, tc, ints(skirt), ints(mouth), ints(eyes), ints(face));
        }

        static int[] ints(final List<Integer> l)
        {
            return l.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static RenderTexture texture(final int w, final int h, final boolean alpha)
    {
        final int[] px = new int[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                final int a = alpha ? (x * 7 + y * 3) & 0xFF : 0xFF;
                px[y * w + x] = (a << 24) | (((x * 255) / w) << 16) | (((y * 255) / h) << 8) | ((x * y) & 0xFF);
            }
        }
        return new RenderTexture(w, h, px);
    }

    static int maxDiff(final int[] a, final int[] b)
    {
        int worst = 0;
        for (int i = 0; i < a.length; i++)
        {
            for (int sh = 0; sh < 24; sh += 8)
            {
                worst = Math.max(worst, Math.abs(((a[i] >> sh) & 0xFF) - ((b[i] >> sh) & 0xFF)));
            }
        }
        return worst;
    }

    @Test
    void shouldProjectExactlyAsTheCpuRenderer()
    {
        final HeadMesh head = new HeadMesh();
        final RenderMesh mesh = head.mesh();
        final RenderTexture portrait = texture(REF, REF, false);
        final RenderTexture atlas = texture(64, 32, true);
        final RenderTexture backdrop = texture(300, 200, false);
        final FaceRenderer cpu = new FaceRenderer(mesh, head.camera, portrait, atlas, backdrop, SIZE, SIZE, false);
        final RenderSetup setup = new RenderSetup(mesh, head.camera, portrait, atlas, backdrop, SIZE, SIZE);
        assertEquals(REF / 2, setup.portraitWidth(), "the 512 px portrait is pre-filtered once for a 256 px frame");
        final RenderSetup.Projector projector = setup.projector();
        final int n = mesh.vertexCount();
        final float[] sx = new float[n];
        final float[] sy = new float[n];
        final float[] sz = new float[n];
        final float[][] poses = {{0, 0, 0, 0, 0, 0}, {0, 0.55f, 0, 0, 0, 0}, {0.3f, -0.4f, 0.2f, 1.5f, -1f, 3f}};
        for (final float[] pose : poses)
        {
            cpu.render(mesh.restPositions(), pose, 0);
            projector.project(mesh.restPositions(), pose, 0, sx, sy, sz);
            for (int i = 0; i < n; i++)
            {
                assertEquals(cpu.screenX(i), sx[i], 0f, "screen x of vertex " + i);
                assertEquals(cpu.screenY(i), sy[i], 0f, "screen y of vertex " + i);
            }
        }
        int changed = 0;
        for (int i = 0; i < sx.length; i++)
        {
            changed += cpu.rgb()[(int)Math.min(SIZE - 1, Math.max(0, sy[i])) * SIZE
                + (int)Math.min(SIZE - 1, Math.max(0, sx[i]))] != setup.background()[0] ? 1 : 0;
        }
        assertTrue(changed > n / 2, "the test head is drawn over the background");
    }

    @Test
    void shouldConcatenateTheLayersInDrawOrder()
    {
        final HeadMesh head = new HeadMesh();
        final RenderMesh mesh = head.mesh();
        final RenderSetup setup = new RenderSetup(mesh, head.camera, texture(REF, REF, false), texture(64, 32, true),
            texture(8, 8, false), SIZE, SIZE);
        assertEquals(mesh.skirt().length + mesh.mouth().length + mesh.eyes().length + mesh.face().length,
            setup.triangles().length);
        assertEquals(RenderSetup.MODE_OPAQUE, setup.modeOf(0));
        assertEquals(RenderSetup.MODE_ALPHA, setup.modeOf(setup.skirtCount()));
        assertEquals(RenderSetup.MODE_OPAQUE, setup.modeOf(setup.skirtCount() + setup.mouthCount()));
        assertEquals(RenderSetup.MODE_FACE, setup.modeOf(setup.triangles().length / 3 - 1));
        assertEquals(3 * setup.faceCount(), setup.faceNeighbours().length);
        assertThrows(IllegalArgumentException.class, () -> new RenderSetup(mesh, head.camera, texture(8, 8, false),
            texture(8, 8, true), texture(8, 8, false), 100, SIZE));
    }
}
