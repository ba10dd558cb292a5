// Runs native/src/main/cuda/avatar_render.cu on the CPU, compiled as plain C++ (g++, x86-64 SSE: IEEE single
// precision, no fused multiply-add, like the JVM and like nvcc --fmad=false). The CUDA built-ins the kernels use are
// shimmed; the grid is executed block by block, thread by thread. This checks the kernels' arithmetic and compositing
// against the CPU renderer on a machine without a GPU (CudaSourceEmulationTest); it cannot check what only a GPU
// does (atomics under contention, launch limits, the driver).
//
// Input (little-endian, from the test): int32 header [width, height, skirt, mouth, eye, face, tex0W, tex0H, tex1W,
// tex1H, maxFragments, vertexCount], then float sx[n], sy[n], sz[n], tc[2n], int32 tris[3T], uint8 faceOpen[F],
// int32 faceNeighbours[3F], uint32 tex0[], tex1[], background[w*h]. Output: uint32 rgb[w*h], uint8 i420[w*h*3/2],
// int32 overflow.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <algorithm>

struct int4 { int x, y, z, w; };
static inline int4 make_int4(int x, int y, int z, int w) { return int4{x, y, z, w}; }
struct Dim { unsigned int x, y, z; };
static Dim blockIdx, threadIdx, blockDim;
static inline int atomicAdd(int* p, int v) { const int old = *p; *p += v; return old; }
static inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
static inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
using std::max;
using std::min;
#define __global__
#define __device__
#define __forceinline__ inline
#define __noinline__ __attribute__((noinline))

#include "avatar_render.cu"

template <typename T> static std::vector<T> readArray(FILE* f, size_t n)
{
    std::vector<T> v(n);
    if (n > 0 && fread(v.data(), sizeof(T), n, f) != n) { fprintf(stderr, "short input\n"); exit(2); }
    return v;
}

int main(int argc, char** argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s IN OUT\n", argv[0]); return 2; }
    FILE* in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 2; }
    std::vector<int> h = readArray<int>(in, 12);
    RenderParams p{h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10]};
    const int n = h[11];
    const int tris = p.skirtCount + p.mouthCount + p.eyeCount + p.faceCount;
    const int npix = p.width * p.height;
    std::vector<float> sx = readArray<float>(in, n), sy = readArray<float>(in, n), sz = readArray<float>(in, n);
    std::vector<float> tc = readArray<float>(in, 2 * (size_t)n);
    std::vector<int> tri = readArray<int>(in, 3 * (size_t)tris);
    std::vector<unsigned char> open = readArray<unsigned char>(in, p.faceCount);
    std::vector<int> nb = readArray<int>(in, 3 * (size_t)p.faceCount);
    std::vector<uint32_t> tex0 = readArray<uint32_t>(in, (size_t)p.tex0W * p.tex0H);
    std::vector<uint32_t> tex1 = readArray<uint32_t>(in, (size_t)p.tex1W * p.tex1H);
    std::vector<uint32_t> bg = readArray<uint32_t>(in, npix);
    fclose(in);
    std::vector<int4> frags((size_t)p.maxFragments * npix);
    std::vector<int> counts(npix, 0);
    int overflow = 0;
    std::vector<uint32_t> rgb(npix);
    std::vector<uint8_t> i420((size_t)npix * 3 / 2);
    blockDim = Dim{32, 1, 1};
    // reverse block order: the result must not depend on the order blocks run in
    for (int b = tris - 1; b >= 0; b--)
    {
        blockIdx = Dim{(unsigned)b, 0, 0};
        for (unsigned t = 0; t < blockDim.x; t++)
        {
            threadIdx = Dim{t, 0, 0};
            avatar_rasterize(p, sx.data(), sy.data(), sz.data(), tc.data(), tri.data(), open.data(), nb.data(),
                tex0.data(), tex1.data(), frags.data(), counts.data(), &overflow);
        }
    }
    const int quads = (p.width / 2) * (p.height / 2);
    blockDim = Dim{256, 1, 1};
    for (int b = 0; b < (quads + 255) / 256; b++)
    {
        blockIdx = Dim{(unsigned)b, 0, 0};
        for (unsigned t = 0; t < 256; t++)
        {
            threadIdx = Dim{t, 0, 0};
            avatar_resolve(p, bg.data(), frags.data(), counts.data(), rgb.data(), i420.data());
        }
    }
    FILE* out = fopen(argv[2], "wb");
    if (!out) { perror(argv[2]); return 2; }
    fwrite(rgb.data(), 4, rgb.size(), out);
    fwrite(i420.data(), 1, i420.size(), out);
    fwrite(&overflow, 4, 1, out);
    fclose(out);
    return 0;
}
