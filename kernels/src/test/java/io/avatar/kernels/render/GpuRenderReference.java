package io.avatar.kernels.render;

import java.util.Arrays;

/**
 * A line-by-line Java transcription of the CUDA renderer's kernels ({@code native/src/main/cuda/avatar_render.cu}):
 * rasterize every triangle into per-pixel fragment lists without regard to order, then sort each pixel's fragments by
 * triangle index and replay the CPU renderer's compositing. It exists so that the GPU algorithm (order-independent
 * rasterization + ordered per-pixel resolve, fed by {@link RenderSetup}) can be checked against {@link FaceRenderer}
 * on a machine without a GPU; the CUDA code is then only a transcription of this. Keep the two in step.
 * Test helper; not thread-safe.
 */
final class GpuRenderReference
{
    private static final int MODE_OPAQUE = 0;
    private static final int MODE_ALPHA = 1;
    private static final int MODE_FACE = 2;
    private static final float MIN_AREA = 1e-3f;

    private final RenderSetup s;
    private final int maxFragments;
    private final int[] counts;
    private final int[][] frags;
    private int overflow;

    GpuRenderReference(final RenderSetup setup, final int maxFragments)
    {
        this.s = setup;
        this.maxFragments = maxFragments;
        final int npix = setup.width() * setup.height();
        counts = new int[npix];
        frags = new int[(long)maxFragments * npix > Integer.MAX_VALUE ? 0 : maxFragments * npix][];
    }

    int overflow()
    {
        return overflow;
    }

    /** Renders one frame from projected vertices into {@code rgb} and {@code i420}. */
    void render(final float[] sx, final float[] sy, final float[] sz, final int[] rgb, final byte[] i420)
    {
        Arrays.fill(counts, 0);
        overflow = 0;
        final int triangles = s.triangles().length / 3;
        for (int t = 0; t < triangles; t++)
        {
            rasterize(t, sx, sy, sz);
        }
        final int cw = s.width() >> 1;
        final int ch = s.height() >> 1;
        for (int q = 0; q < cw * ch; q++)
        {
            resolveQuad(q, rgb, i420);
        }
    }

    private static float triangleArea(final float[] sx, final float[] sy, final int i0, final int i1, final int i2)
    {
        return (sx[i1] - sx[i0]) * (sy[i2] - sy[i0]) - (sy[i1] - sy[i0]) * (sx[i2] - sx[i0]);
    }

    private void emit(final int idx, final int tri, final float z, final int colour, final int weight)
    {
        final int slot = counts[idx]++;
        if (slot < maxFragments)
        {
            frags[slot * counts.length + idx] = new int[]{tri, Float.floatToRawIntBits(z), colour, weight};
        }
        else
        {
            overflow++;
        }
    }

    private void rasterize(final int t, final float[] sx, final float[] sy, final float[] sz)
    {
        final int[] tris = s.triangles();
        final float[] tc = s.texcoords();
        final int faceStart = s.skirtCount() + s.mouthCount() + s.eyeCount();
        final int mode = s.modeOf(t);
        final int i0 = tris[3 * t];
        int i1 = tris[3 * t + 1];
        int i2 = tris[3 * t + 2];
        final float area0 = triangleArea(sx, sy, i0, i1, i2);
        if (!(area0 < -MIN_AREA))
        {
            return;
        }
        int open = 0;
        if (mode == MODE_FACE)
        {
            final int f = t - faceStart;
            open = s.faceOpenEdges()[f];
            for (int k = 0; k < 3; k++)
            {
                final int nb = s.faceNeighbours()[3 * f + k];
                if (nb >= 0)
                {
                    final int b = 3 * (faceStart + nb);
                    if (!(triangleArea(sx, sy, tris[b], tris[b + 1], tris[b + 2]) < -MIN_AREA))
                    {
                        open |= 1 << k;
                    }
                }
            }
        }
        final int tmp = i1;
        i1 = i2;
        i2 = tmp;
        if (open != 0)
        {
            open = ((open & 1) << 2) | (open & 2) | ((open >> 2) & 1);
        }
        final float area = -area0;
        final float x0 = sx[i0];
        final float y0 = sy[i0];
        final float x1 = sx[i1];
        final float y1 = sy[i1];
        final float x2 = sx[i2];
        final float y2 = sy[i2];
        final float len01 = (float)Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        final float len12 = (float)Math.sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        final float len20 = (float)Math.sqrt((x0 - x2) * (x0 - x2) + (y0 - y2) * (y0 - y2));
        final float pad = open != 0 ? 0.5f : 0f;
        final int width = s.width();
        final int xmin = Math.max(0, (int)Math.floor(Math.min(x0, Math.min(x1, x2)) - pad));
        final int xmax = Math.min(width - 1, (int)Math.ceil(Math.max(x0, Math.max(x1, x2)) + pad));
        final int ymin = Math.max(0, (int)Math.floor(Math.min(y0, Math.min(y1, y2)) - pad));
        final int ymax = Math.min(s.height() - 1, (int)Math.ceil(Math.max(y0, Math.max(y1, y2)) + pad));
        if (xmin > xmax || ymin > ymax)
        {
            return;
        }
        final float th01 = (open & 1) != 0 ? -0.5f * len01 : 0f;
        final float th12 = (open & 2) != 0 ? -0.5f * len12 : 0f;
        final float th20 = (open & 4) != 0 ? -0.5f * len20 : 0f;
        final float inv01 = (open & 1) != 0 ? 1f / len01 : 0f;
        final float inv12 = (open & 2) != 0 ? 1f / len12 : 0f;
        final float inv20 = (open & 4) != 0 ? 1f / len20 : 0f;
        final float invArea = 1f / area;
        final float u0 = tc[2 * i0];
        final float v0 = tc[2 * i0 + 1];
        final float du1 = tc[2 * i1] - u0;
        final float du2 = tc[2 * i2] - u0;
        final float dv1 = tc[2 * i1 + 1] - v0;
        final float dv2 = tc[2 * i2 + 1] - v0;
        final float z0 = sz[i0];
        final float dz1 = sz[i1] - z0;
        final float dz2 = sz[i2] - z0;
        final float ex1 = x1 - x0;
        final float ey1 = y1 - y0;
        final float ex2 = x2 - x0;
        final float ey2 = y2 - y0;
        final float uDx = (du1 * ey2 - du2 * ey1) * invArea;
        final float uDy = (du2 * ex1 - du1 * ex2) * invArea;
        final float vDx = (dv1 * ey2 - dv2 * ey1) * invArea;
        final float vDy = (dv2 * ex1 - dv1 * ex2) * invArea;
        final float zDx = (dz1 * ey2 - dz2 * ey1) * invArea;
        final float zDy = (dz2 * ex1 - dz1 * ex2) * invArea;
        final int[] tex = mode == MODE_ALPHA ? s.atlasTexels() : s.portraitTexels();
        final int tw = mode == MODE_ALPHA ? s.atlasWidth() : s.portraitWidth();
        final int th = mode == MODE_ALPHA ? s.atlasHeight() : s.portraitHeight();
        final float uMin = Math.min(u0, Math.min(u0 + du1, u0 + du2));
        final float uMax = Math.max(u0, Math.max(u0 + du1, u0 + du2));
        final float vMin = Math.min(v0, Math.min(v0 + dv1, v0 + dv2));
        final float vMax = Math.max(v0, Math.max(v0 + dv1, v0 + dv2));
        final float mu = 2f * (Math.abs(uDx) + Math.abs(uDy)) + 0.01f;
        final float mv = 2f * (Math.abs(vDx) + Math.abs(vDy)) + 0.01f;
        final boolean fast = mode != MODE_ALPHA && uMin - 0.5f - mu >= 0f && vMin - 0.5f - mv >= 0f
            && uMax - 0.5f + mu <= tw - 1.01f && vMax - 0.5f + mv <= th - 1.01f;
        final int dfu = (int)(uDx * 65536f);
        final int dfv = (int)(vDx * 65536f);
        for (int y = ymin; y <= ymax; y++)
        {
            final float py = y + 0.5f;
            final float pxs = xmin + 0.5f;
            float e01 = (x1 - x0) * (py - y0) - (y1 - y0) * (pxs - x0);
            float e12 = (x2 - x1) * (py - y1) - (y2 - y1) * (pxs - x1);
            float e20 = (x0 - x2) * (py - y2) - (y0 - y2) * (pxs - x2);
            final float d01 = -(y1 - y0);
            final float d12 = -(y2 - y1);
            final float d20 = -(y0 - y2);
            float lo = xmin;
            float hi = xmax;
            if (d01 > 0f)
            {
                lo = Math.max(lo, xmin + (th01 - e01) / d01);
            }
            else if (d01 < 0f)
            {
                hi = Math.min(hi, xmin + (th01 - e01) / d01);
            }
            else if (e01 < th01)
            {
                continue;
            }
            if (d12 > 0f)
            {
                lo = Math.max(lo, xmin + (th12 - e12) / d12);
            }
            else if (d12 < 0f)
            {
                hi = Math.min(hi, xmin + (th12 - e12) / d12);
            }
            else if (e12 < th12)
            {
                continue;
            }
            if (d20 > 0f)
            {
                lo = Math.max(lo, xmin + (th20 - e20) / d20);
            }
            else if (d20 < 0f)
            {
                hi = Math.min(hi, xmin + (th20 - e20) / d20);
            }
            else if (e20 < th20)
            {
                continue;
            }
            if (lo > hi + 1f)
            {
                continue;
            }
            final int xs = Math.max(xmin, (int)lo - 1);
            final int xe = Math.min(xmax, (int)hi + 1);
            final float skip = xs - xmin;
            e01 += d01 * skip;
            e12 += d12 * skip;
            e20 += d20 * skip;
            final float pxa = xs + 0.5f;
            float u = u0 + uDx * (pxa - x0) + uDy * (py - y0);
            float v = v0 + vDx * (pxa - x0) + vDy * (py - y0);
            float z = z0 + zDx * (pxa - x0) + zDy * (py - y0);
            int idx = y * width + xs;
            int fu = (int)((u - 0.5f) * 65536f);
            int fv = (int)((v - 0.5f) * 65536f);
            for (int x = xs; x <= xe; x++, idx++)
            {
                if (e01 >= th01 && e12 >= th12 && e20 >= th20)
                {
                    if (mode == MODE_OPAQUE)
                    {
                        final int c = fast ? FaceRenderer.sampleFixed(tex, tw, fu, fv) : FaceRenderer.sample(tex, tw, th, u, v);
                        emit(idx, t, 0f, c, 256);
                    }
                    else if (mode == MODE_ALPHA)
                    {
                        final int c = FaceRenderer.sampleArgb(tex, tw, th, u, v);
                        final int a = c >>> 24;
                        emit(idx, t, 0f, c, a + (a >> 7));
                    }
                    else
                    {
                        final int c = fast ? FaceRenderer.sampleFixed(tex, tw, fu, fv) : FaceRenderer.sample(tex, tw, th, u, v);
                        int weight = 256;
                        if (open != 0)
                        {
                            float cov = 1f;
                            if (inv01 != 0f)
                            {
                                cov = Math.min(cov, 0.5f + e01 * inv01);
                            }
                            if (inv12 != 0f)
                            {
                                cov = Math.min(cov, 0.5f + e12 * inv12);
                            }
                            if (inv20 != 0f)
                            {
                                cov = Math.min(cov, 0.5f + e20 * inv20);
                            }
                            weight = cov >= 1f ? 256 : (int)(cov * 256f);
                        }
                        emit(idx, t, z, c, weight);
                    }
                }
                e01 += d01;
                e12 += d12;
                e20 += d20;
                u += uDx;
                v += vDx;
                z += zDx;
                fu += dfu;
                fv += dfv;
            }
        }
    }

    private int resolvePixel(final int idx, final int faceStart)
    {
        final int npix = counts.length;
        final int n = Math.min(counts[idx], maxFragments);
        int out = s.background()[idx];
        final int[][] f = new int[n][];
        for (int k = 0; k < n; k++)
        {
            f[k] = frags[k * npix + idx];
        }
        Arrays.sort(f, (a, b) -> Integer.compare(a[0], b[0]));
        float zb = Float.NEGATIVE_INFINITY;
        for (final int[] fr : f)
        {
            if (fr[0] < faceStart)
            {
                out = FaceRenderer.blend(fr[2], out, fr[3]);
            }
            else
            {
                final float z = Float.intBitsToFloat(fr[1]);
                if (z > zb)
                {
                    zb = z;
                    out = fr[3] >= 256 ? fr[2] : FaceRenderer.blend(fr[2], out, fr[3]);
                }
            }
        }
        return out;
    }

    private static byte luma(final int px)
    {
        final int r = (px >> 16) & 0xFF;
        final int g = (px >> 8) & 0xFF;
        final int b = px & 0xFF;
        return (byte)(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
    }

    private void resolveQuad(final int q, final int[] rgb, final byte[] i420)
    {
        final int width = s.width();
        final int cw = width >> 1;
        final int cx = q % cw;
        final int cy = q / cw;
        final int npix = counts.length;
        final int faceStart = s.skirtCount() + s.mouthCount() + s.eyeCount();
        final int i = 2 * cy * width + 2 * cx;
        final int p0 = resolvePixel(i, faceStart);
        final int p1 = resolvePixel(i + 1, faceStart);
        final int p2 = resolvePixel(i + width, faceStart);
        final int p3 = resolvePixel(i + width + 1, faceStart);
        rgb[i] = p0;
        rgb[i + 1] = p1;
        rgb[i + width] = p2;
        rgb[i + width + 1] = p3;
        i420[i] = luma(p0);
        i420[i + 1] = luma(p1);
        i420[i + width] = luma(p2);
        i420[i + width + 1] = luma(p3);
        final int r = (((p0 >> 16) & 0xFF) + ((p1 >> 16) & 0xFF) + ((p2 >> 16) & 0xFF) + ((p3 >> 16) & 0xFF) + 2) >> 2;
        final int g = (((p0 >> 8) & 0xFF) + ((p1 >> 8) & 0xFF) + ((p2 >> 8) & 0xFF) + ((p3 >> 8) & 0xFF) + 2) >> 2;
        final int b = ((p0 & 0xFF) + (p1 & 0xFF) + (p2 & 0xFF) + (p3 & 0xFF) + 2) >> 2;
        i420[npix + cy * cw + cx] = (byte)(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
        i420[npix + (npix >> 2) + cy * cw + cx] = (byte)(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
    }
}
