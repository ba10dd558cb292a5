// GPU face renderer: the same per-frame work as io.avatar.kernels.render.FaceRenderer (the CPU renderer), split so
// that it runs in parallel yet composites in exactly the CPU's order.
//
//   avatar_rasterize  one block per triangle (all layers concatenated in draw order: skirt, mouth, eyes, face), one
//                     thread per row. Each thread walks its row exactly as the CPU's drawTriangle does (same edge
//                     functions, same incremental float sums, same span clipping, same samplers) and, for every pixel
//                     the CPU would touch, appends a fragment {triangle, depth, sampled colour, blend weight} to that
//                     pixel's list. Nothing here depends on the order triangles are drawn in.
//   avatar_resolve    one thread per 2x2 pixel quad. Sorts each pixel's fragments by triangle index (= CPU draw
//                     order), replays the CPU's compositing (opaque overwrite, alpha blend, depth test + coverage
//                     blend of the face layer) over the background, writes 0xFFRRGGBB, and converts the quad to I420
//                     (BT.601 limited range, the integer maths of I420Converter). It also clears the lists for the
//                     next frame, so no memset is needed per frame.
//
// Exactness: Java float arithmetic is IEEE single precision without fused multiply-add, so this file MUST be compiled
// with --fmad=false (and without --use_fast_math): then every float operation here rounds as the JVM's does. Division
// and sqrt are IEEE-exact by default (-prec-div=true, -prec-sqrt=true); Java's (float)Math.sqrt(double) is the
// correctly rounded float square root too. Integer pixel maths use unsigned 32-bit where Java relies on wrap-around
// and >>>. NativeResourcesTest checks the committed PTX contains no fma.rn.f32.
//
// The fragment list of a pixel holds at most maxFragments entries; more increments *overflow and the frame is
// reported as failed by the host (never shown silently wrong).

#include <stdint.h>

#define MODE_OPAQUE 0
#define MODE_ALPHA 1
#define MODE_FACE 2
#define MIN_AREA 1e-3f

struct RenderParams
{
    int width;
    int height;
    int skirtCount;
    int mouthCount;
    int eyeCount;
    int faceCount;
    int tex0W;
    int tex0H;
    int tex1W;
    int tex1H;
    int maxFragments;
};

// ---- samplers: line-by-line ports of FaceRenderer.sampleFixed / sampleArgb / sample / blend ----

__device__ __forceinline__ uint32_t sampleFixed(const uint32_t* tex, int tw, int fu, int fv)
{
    const int i = (fv >> 16) * tw + (fu >> 16);
    const uint32_t ax = ((uint32_t)fu >> 8) & 0xFFu;
    const uint32_t ay = ((uint32_t)fv >> 8) & 0xFFu;
    const uint32_t bx = 256u - ax;
    const uint32_t by = 256u - ay;
    const uint32_t p00 = tex[i];
    const uint32_t p01 = tex[i + 1];
    const uint32_t p10 = tex[i + tw];
    const uint32_t p11 = tex[i + tw + 1];
    const uint32_t rbTop = (((p00 & 0xFF00FFu) * bx + (p01 & 0xFF00FFu) * ax) >> 8) & 0xFF00FFu;
    const uint32_t gTop = (((p00 & 0xFF00u) * bx + (p01 & 0xFF00u) * ax) >> 8) & 0xFF00u;
    const uint32_t rbBot = (((p10 & 0xFF00FFu) * bx + (p11 & 0xFF00FFu) * ax) >> 8) & 0xFF00FFu;
    const uint32_t gBot = (((p10 & 0xFF00u) * bx + (p11 & 0xFF00u) * ax) >> 8) & 0xFF00u;
    const uint32_t rb = ((rbTop * by + rbBot * ay) >> 8) & 0xFF00FFu;
    const uint32_t g = ((gTop * by + gBot * ay) >> 8) & 0xFF00u;
    return 0xFF000000u | rb | g;
}

__device__ __forceinline__ uint32_t sampleArgb(const uint32_t* tex, int tw, int th, float u, float v)
{
    float fx = u - 0.5f;
    float fy = v - 0.5f;
    const float maxX = (float)tw - 1.001f;
    const float maxY = (float)th - 1.001f;
    fx = fx < 0.0f ? 0.0f : (fx > maxX ? maxX : fx);
    fy = fy < 0.0f ? 0.0f : (fy > maxY ? maxY : fy);
    const int ix = (int)fx;
    const int iy = (int)fy;
    const uint32_t ax = (uint32_t)(int)((fx - (float)ix) * 256.0f);
    const uint32_t ay = (uint32_t)(int)((fy - (float)iy) * 256.0f);
    const int i = iy * tw + ix;
    const uint32_t p00 = tex[i];
    const uint32_t p01 = tex[i + 1];
    const uint32_t p10 = tex[i + tw];
    const uint32_t p11 = tex[i + tw + 1];
    const uint32_t bx = 256u - ax;
    const uint32_t rbTop = (((p00 & 0xFF00FFu) * bx + (p01 & 0xFF00FFu) * ax) >> 8) & 0xFF00FFu;
    const uint32_t agTop = ((((p00 >> 8) & 0xFF00FFu) * bx + ((p01 >> 8) & 0xFF00FFu) * ax) >> 8) & 0xFF00FFu;
    const uint32_t rbBot = (((p10 & 0xFF00FFu) * bx + (p11 & 0xFF00FFu) * ax) >> 8) & 0xFF00FFu;
    const uint32_t agBot = ((((p10 >> 8) & 0xFF00FFu) * bx + ((p11 >> 8) & 0xFF00FFu) * ax) >> 8) & 0xFF00FFu;
    const uint32_t by = 256u - ay;
    const uint32_t rb = ((rbTop * by + rbBot * ay) >> 8) & 0xFF00FFu;
    const uint32_t ag = ((agTop * by + agBot * ay) >> 8) & 0xFF00FFu;
    return (ag << 8) | rb;
}

__device__ __forceinline__ uint32_t sampleOpaque(const uint32_t* tex, int tw, int th, float u, float v)
{
    return 0xFF000000u | (sampleArgb(tex, tw, th, u, v) & 0xFFFFFFu);
}

__device__ __forceinline__ uint32_t blend(uint32_t src, uint32_t dst, uint32_t a)
{
    const uint32_t b = 256u - a;
    const uint32_t rb = (((src & 0xFF00FFu) * a + (dst & 0xFF00FFu) * b) >> 8) & 0xFF00FFu;
    const uint32_t g = (((src & 0xFF00u) * a + (dst & 0xFF00u) * b) >> 8) & 0xFF00u;
    return 0xFF000000u | rb | g;
}

// Java's Math.min/max on floats differ from fminf/fmaxf only for NaN and signed zeros, which never change a result
// below (every use is truncated to int or compared).
__device__ __forceinline__ float jmin(float a, float b)
{
    return a <= b ? a : b;
}

__device__ __forceinline__ float jmax(float a, float b)
{
    return a >= b ? a : b;
}

__device__ __forceinline__ float triangleArea(const float* sx, const float* sy, int i0, int i1, int i2)
{
    return (sx[i1] - sx[i0]) * (sy[i2] - sy[i0]) - (sy[i1] - sy[i0]) * (sx[i2] - sx[i0]);
}

__device__ __forceinline__ void emit(int4* frags, int* counts, int* overflow, int npix, int maxFragments, int idx,
    int tri, float z, uint32_t colour, int weight)
{
    const int slot = atomicAdd(&counts[idx], 1);
    if (slot < maxFragments)
    {
        frags[(size_t)slot * npix + idx] = make_int4(tri, __float_as_int(z), (int)colour, weight);
    }
    else
    {
        atomicAdd(overflow, 1);
    }
}

extern "C" __global__ void avatar_rasterize(
    RenderParams p,
    const float* __restrict__ sx,
    const float* __restrict__ sy,
    const float* __restrict__ sz,
    const float* __restrict__ tc,
    const int* __restrict__ tris,
    const unsigned char* __restrict__ faceOpen,
    const int* __restrict__ faceNeighbours,
    const uint32_t* __restrict__ tex0,
    const uint32_t* __restrict__ tex1,
    int4* __restrict__ frags,
    int* __restrict__ counts,
    int* __restrict__ overflow)
{
    const int t = blockIdx.x;
    const int faceStart = p.skirtCount + p.mouthCount + p.eyeCount;
    int mode;
    if (t < p.skirtCount)
    {
        mode = MODE_OPAQUE;
    }
    else if (t < p.skirtCount + p.mouthCount)
    {
        mode = MODE_ALPHA;
    }
    else
    {
        mode = t < faceStart ? MODE_OPAQUE : MODE_FACE;
    }
    const int i0 = tris[3 * t];
    int i1 = tris[3 * t + 1];
    int i2 = tris[3 * t + 2];
    const float area0 = triangleArea(sx, sy, i0, i1, i2);
    if (!(area0 < -MIN_AREA))
    {
        return;
    }
    int open = 0;
    if (mode == MODE_FACE)
    {
        const int f = t - faceStart;
        open = faceOpen[f];
        for (int k = 0; k < 3; k++)
        {
            const int nb = faceNeighbours[3 * f + k];
            if (nb >= 0)
            {
                const int* nt = tris + 3 * (faceStart + nb);
                if (!(triangleArea(sx, sy, nt[0], nt[1], nt[2]) < -MIN_AREA))
                {
                    open |= 1 << k;
                }
            }
        }
    }
    const int tmp = i1;
    i1 = i2;
    i2 = tmp;
    if (open != 0)
    {
        open = ((open & 1) << 2) | (open & 2) | ((open >> 2) & 1);
    }
    const float area = -area0;

    // ---- drawTriangle ----
    const float x0 = sx[i0];
    const float y0 = sy[i0];
    const float x1 = sx[i1];
    const float y1 = sy[i1];
    const float x2 = sx[i2];
    const float y2 = sy[i2];
    const float len01 = sqrtf((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    const float len12 = sqrtf((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
    const float len20 = sqrtf((x0 - x2) * (x0 - x2) + (y0 - y2) * (y0 - y2));
    const float pad = open != 0 ? 0.5f : 0.0f;
    const int width = p.width;
    const int xmin = max(0, (int)floorf(jmin(x0, jmin(x1, x2)) - pad));
    const int xmax = min(width - 1, (int)ceilf(jmax(x0, jmax(x1, x2)) + pad));
    const int ymin = max(0, (int)floorf(jmin(y0, jmin(y1, y2)) - pad));
    const int ymax = min(p.height - 1, (int)ceilf(jmax(y0, jmax(y1, y2)) + pad));
    if (xmin > xmax || ymin > ymax)
    {
        return;
    }
    const float th01 = (open & 1) != 0 ? -0.5f * len01 : 0.0f;
    const float th12 = (open & 2) != 0 ? -0.5f * len12 : 0.0f;
    const float th20 = (open & 4) != 0 ? -0.5f * len20 : 0.0f;
    const float inv01 = (open & 1) != 0 ? 1.0f / len01 : 0.0f;
    const float inv12 = (open & 2) != 0 ? 1.0f / len12 : 0.0f;
    const float inv20 = (open & 4) != 0 ? 1.0f / len20 : 0.0f;
    const float invArea = 1.0f / area;
    const float u0 = tc[2 * i0];
    const float v0 = tc[2 * i0 + 1];
    const float du1 = tc[2 * i1] - u0;
    const float du2 = tc[2 * i2] - u0;
    const float dv1 = tc[2 * i1 + 1] - v0;
    const float dv2 = tc[2 * i2 + 1] - v0;
    const float z0 = sz[i0];
    const float dz1 = sz[i1] - z0;
    const float dz2 = sz[i2] - z0;
    const float ex1 = x1 - x0;
    const float ey1 = y1 - y0;
    const float ex2 = x2 - x0;
    const float ey2 = y2 - y0;
    const float uDx = (du1 * ey2 - du2 * ey1) * invArea;
    const float uDy = (du2 * ex1 - du1 * ex2) * invArea;
    const float vDx = (dv1 * ey2 - dv2 * ey1) * invArea;
    const float vDy = (dv2 * ex1 - dv1 * ex2) * invArea;
    const float zDx = (dz1 * ey2 - dz2 * ey1) * invArea;
    const float zDy = (dz2 * ex1 - dz1 * ex2) * invArea;
    const uint32_t* tex = mode == MODE_ALPHA ? tex1 : tex0;
    const int tw = mode == MODE_ALPHA ? p.tex1W : p.tex0W;
    const int th = mode == MODE_ALPHA ? p.tex1H : p.tex0H;
    const float uMin = jmin(u0, jmin(u0 + du1, u0 + du2));
    const float uMax = jmax(u0, jmax(u0 + du1, u0 + du2));
    const float vMin = jmin(v0, jmin(v0 + dv1, v0 + dv2));
    const float vMax = jmax(v0, jmax(v0 + dv1, v0 + dv2));
    const float mu = 2.0f * (fabsf(uDx) + fabsf(uDy)) + 0.01f;
    const float mv = 2.0f * (fabsf(vDx) + fabsf(vDy)) + 0.01f;
    const bool fast = mode != MODE_ALPHA && uMin - 0.5f - mu >= 0.0f && vMin - 0.5f - mv >= 0.0f
        && uMax - 0.5f + mu <= (float)tw - 1.01f && vMax - 0.5f + mv <= (float)th - 1.01f;
    const int dfu = (int)(uDx * 65536.0f);
    const int dfv = (int)(vDx * 65536.0f);
    const int npix = width * p.height;
    const int maxFragments = p.maxFragments;

    for (int y = ymin + (int)threadIdx.x; y <= ymax; y += (int)blockDim.x)
    {
        const float py = (float)y + 0.5f;
        const float pxs = (float)xmin + 0.5f;
        float e01 = (x1 - x0) * (py - y0) - (y1 - y0) * (pxs - x0);
        float e12 = (x2 - x1) * (py - y1) - (y2 - y1) * (pxs - x1);
        float e20 = (x0 - x2) * (py - y2) - (y0 - y2) * (pxs - x2);
        const float d01 = -(y1 - y0);
        const float d12 = -(y2 - y1);
        const float d20 = -(y0 - y2);
        float lo = (float)xmin;
        float hi = (float)xmax;
        if (d01 > 0.0f)
        {
            lo = jmax(lo, (float)xmin + (th01 - e01) / d01);
        }
        else if (d01 < 0.0f)
        {
            hi = jmin(hi, (float)xmin + (th01 - e01) / d01);
        }
        else if (e01 < th01)
        {
            continue;
        }
        if (d12 > 0.0f)
        {
            lo = jmax(lo, (float)xmin + (th12 - e12) / d12);
        }
        else if (d12 < 0.0f)
        {
            hi = jmin(hi, (float)xmin + (th12 - e12) / d12);
        }
        else if (e12 < th12)
        {
            continue;
        }
        if (d20 > 0.0f)
        {
            lo = jmax(lo, (float)xmin + (th20 - e20) / d20);
        }
        else if (d20 < 0.0f)
        {
            hi = jmin(hi, (float)xmin + (th20 - e20) / d20);
        }
        else if (e20 < th20)
        {
            continue;
        }
        if (lo > hi + 1.0f)
        {
            continue;
        }
        const int xs = max(xmin, (int)lo - 1);
        const int xe = min(xmax, (int)hi + 1);
        const float skip = (float)(xs - xmin);
        e01 += d01 * skip;
        e12 += d12 * skip;
        e20 += d20 * skip;
        const float pxa = (float)xs + 0.5f;
        float u = u0 + uDx * (pxa - x0) + uDy * (py - y0);
        float v = v0 + vDx * (pxa - x0) + vDy * (py - y0);
        float z = z0 + zDx * (pxa - x0) + zDy * (py - y0);
        int idx = y * width + xs;
        // fixed-point coordinates wrap like Java ints (only used on the fast path, where they stay in range)
        uint32_t fu = (uint32_t)(int)((u - 0.5f) * 65536.0f);
        uint32_t fv = (uint32_t)(int)((v - 0.5f) * 65536.0f);
        for (int x = xs; x <= xe; x++, idx++)
        {
            if (e01 >= th01 && e12 >= th12 && e20 >= th20)
            {
                if (mode == MODE_OPAQUE)
                {
                    // the CPU's spanOpaque (fast) or general loop (not fast) sampler
                    const uint32_t s = fast ? sampleFixed(tex, tw, (int)fu, (int)fv) : sampleOpaque(tex, tw, th, u, v);
                    emit(frags, counts, overflow, npix, maxFragments, idx, t, 0.0f, s, 256);
                }
                else if (mode == MODE_ALPHA)
                {
                    const uint32_t s = sampleArgb(tex, tw, th, u, v);
                    const int a = (int)(s >> 24);
                    emit(frags, counts, overflow, npix, maxFragments, idx, t, 0.0f, s, a + (a >> 7));
                }
                else
                {
                    const uint32_t s = fast ? sampleFixed(tex, tw, (int)fu, (int)fv) : sampleOpaque(tex, tw, th, u, v);
                    int weight = 256;
                    if (open != 0)
                    {
                        float cov = 1.0f;
                        if (inv01 != 0.0f)
                        {
                            cov = jmin(cov, 0.5f + e01 * inv01);
                        }
                        if (inv12 != 0.0f)
                        {
                            cov = jmin(cov, 0.5f + e12 * inv12);
                        }
                        if (inv20 != 0.0f)
                        {
                            cov = jmin(cov, 0.5f + e20 * inv20);
                        }
                        weight = cov >= 1.0f ? 256 : (int)(cov * 256.0f);
                    }
                    emit(frags, counts, overflow, npix, maxFragments, idx, t, z, s, weight);
                }
            }
            e01 += d01;
            e12 += d12;
            e20 += d20;
            u += uDx;
            v += vDx;
            z += zDx;
            fu += (uint32_t)dfu;
            fv += (uint32_t)dfv;
        }
    }
}

// Composites one pixel: background, then its fragments in triangle (= CPU draw) order.
__device__ __noinline__ uint32_t resolvePixel(const RenderParams& p, int idx, int npix, int faceStart,
    const uint32_t* __restrict__ background, int4* __restrict__ frags, int* __restrict__ counts)
{
    const int maxFragments = p.maxFragments;
    int n = counts[idx];
    counts[idx] = 0;
    n = n < maxFragments ? n : maxFragments;
    uint32_t out = background[idx];
    if (n == 0)
    {
        return out;
    }
    int4 f[32];
    const int cap = n < 32 ? n : 32;
    for (int k = 0; k < cap; k++)
    {
        const int4 fr = frags[(size_t)k * npix + idx];
        int j = k - 1;
        while (j >= 0 && f[j].x > fr.x)
        {
            f[j + 1] = f[j];
            j--;
        }
        f[j + 1] = fr;
    }
    float zb = -__int_as_float(0x7f800000);
    for (int k = 0; k < cap; k++)
    {
        const int4 fr = f[k];
        if (fr.x < faceStart)
        {
            out = blend((uint32_t)fr.z, out, (uint32_t)fr.w);
        }
        else
        {
            const float z = __int_as_float(fr.y);
            if (z > zb)
            {
                zb = z;
                out = fr.w >= 256 ? (uint32_t)fr.z : blend((uint32_t)fr.z, out, (uint32_t)fr.w);
            }
        }
    }
    return out;
}

__device__ __forceinline__ uint8_t lumaOf(uint32_t px)
{
    const int r = (int)((px >> 16) & 0xFFu);
    const int g = (int)((px >> 8) & 0xFFu);
    const int b = (int)(px & 0xFFu);
    return (uint8_t)(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
}

extern "C" __global__ void avatar_resolve(
    RenderParams p,
    const uint32_t* __restrict__ background,
    int4* __restrict__ frags,
    int* __restrict__ counts,
    uint32_t* __restrict__ rgb,
    uint8_t* __restrict__ i420)
{
    const int cw = p.width >> 1;
    const int ch = p.height >> 1;
    const int q = blockIdx.x * blockDim.x + threadIdx.x;
    if (q >= cw * ch)
    {
        return;
    }
    const int cx = q % cw;
    const int cy = q / cw;
    const int width = p.width;
    const int npix = width * p.height;
    const int faceStart = p.skirtCount + p.mouthCount + p.eyeCount;
    const int i = 2 * cy * width + 2 * cx;
    const uint32_t p0 = resolvePixel(p, i, npix, faceStart, background, frags, counts);
    const uint32_t p1 = resolvePixel(p, i + 1, npix, faceStart, background, frags, counts);
    const uint32_t p2 = resolvePixel(p, i + width, npix, faceStart, background, frags, counts);
    const uint32_t p3 = resolvePixel(p, i + width + 1, npix, faceStart, background, frags, counts);
    rgb[i] = p0;
    rgb[i + 1] = p1;
    rgb[i + width] = p2;
    rgb[i + width + 1] = p3;
    i420[i] = lumaOf(p0);
    i420[i + 1] = lumaOf(p1);
    i420[i + width] = lumaOf(p2);
    i420[i + width + 1] = lumaOf(p3);
    const int r = ((int)((p0 >> 16) & 0xFFu) + (int)((p1 >> 16) & 0xFFu) + (int)((p2 >> 16) & 0xFFu)
        + (int)((p3 >> 16) & 0xFFu) + 2) >> 2;
    const int g = ((int)((p0 >> 8) & 0xFFu) + (int)((p1 >> 8) & 0xFFu) + (int)((p2 >> 8) & 0xFFu)
        + (int)((p3 >> 8) & 0xFFu) + 2) >> 2;
    const int b = ((int)(p0 & 0xFFu) + (int)(p1 & 0xFFu) + (int)(p2 & 0xFFu) + (int)(p3 & 0xFFu) + 2) >> 2;
    const int uOff = npix;
    const int vOff = npix + (npix >> 2);
    i420[uOff + cy * cw + cx] = (uint8_t)(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
    i420[vOff + cy * cw + cx] = (uint8_t)(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
}
