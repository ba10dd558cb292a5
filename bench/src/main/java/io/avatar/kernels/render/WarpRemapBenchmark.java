package io.avatar.kernels.render;

import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The renderer's sampling step alone against OpenCV's {@code remap}, single thread, on the same warp map and texture:
 * the warp map of a real 512x512 frame of the built-in avatar (jaw half open, yaw 10 degrees: portrait coordinates
 * for every pixel of the skirt, eye and face layers, none for the background and the mouth interior) and the
 * renderer's pre-filtered portrait. Both leave unmapped pixels untouched (ours: negative map entries; OpenCV:
 * {@code BORDER_TRANSPARENT}), both filter bilinearly. OpenCV runs with {@code setNumThreads(1)}, with float maps
 * ({@code CV_32FC1}) and with the fixed-point maps from {@code convertMaps} ({@code CV_16SC2} + {@code CV_16UC1},
 * converted once at setup). Report {@code warpSampler / opencvRemap*} as the ratio; the end-to-end frame is
 * {@link FaceRendererBenchmark#renderRgb}, best run in the same JMH invocation
 * ({@code ./avatar jmh ... 'FaceRendererBenchmark|WarpRemapBenchmark'}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true"})
@Threads(1)
public class WarpRemapBenchmark
{
    /** Output side. */
    @Param({"512"})
    public int size;

    private WarpSampler sampler;
    private float[] mapX;
    private float[] mapY;
    private int[] out;
    private Mat src;
    private Mat dst;
    private Mat cvMapX;
    private Mat cvMapY;
    private Mat cvMap1;
    private Mat cvMap2;
    private Scalar border;
    /** Pixels the warp map covers (diagnostics). */
    private int mapped;

    /**
     * Renders the frame whose warp map is sampled and prepares both samplers (setup, not measured).
     *
     * @throws IOException when the canonical mesh asset is missing.
     */
    @Setup
    public void setUp() throws IOException
    {
        final FaceRig rig = FaceRig.loadDefault();
        final Portrait portrait = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        final RenderTexture atlas = MouthAtlas.generate();
        final AvatarRenderer avatar = new AvatarRenderer(rig, portrait, atlas, size, size);
        final FaceRenderer capture = new FaceRenderer(avatar.renderer().mesh(), portrait.camera(), portrait.image(),
            atlas, portrait.background(), size, size, true);
        final float[] weights = new float[ArkitBlendshape.COUNT];
        weights[ArkitBlendshape.jawOpen.ordinal()] = 0.5f;
        final float[] pose = {0f, (float)Math.toRadians(10), 0f, 0f, 0f, 0f};
        avatar.render(weights, pose);
        capture.render(avatar.positions(), pose, 0);
        final int n = size * size;
        mapX = capture.warpX().clone();
        mapY = capture.warpY().clone();
        for (int i = 0; i < n; i++)
        {
            mapped += mapX[i] >= 0f ? 1 : 0;
        }
        final RenderTexture texture = FaceRenderer.prefiltered(portrait.image(), size, size);
        sampler = new WarpSampler(texture);
        out = capture.rgb().clone();

        opencv_core.setNumThreads(1);
        final int[] texels = new int[texture.width() * texture.height()];
        for (int y = 0; y < texture.height(); y++)
        {
            for (int x = 0; x < texture.width(); x++)
            {
                texels[y * texture.width() + x] = texture.pixel(x, y);
            }
        }
        // 0xAARRGGBB ints in little-endian memory are B, G, R, A bytes: a 4-channel 8-bit image
        src = new Mat(texture.height(), texture.width(), opencv_core.CV_8UC4);
        new IntPointer(src.data()).put(texels);
        dst = new Mat(size, size, opencv_core.CV_8UC4);
        new IntPointer(dst.data()).put(out);
        cvMapX = new Mat(size, size, opencv_core.CV_32FC1);
        cvMapY = new Mat(size, size, opencv_core.CV_32FC1);
        final float[] cx = new float[n];
        final float[] cy = new float[n];
        for (int i = 0; i < n; i++)
        {
            // OpenCV puts pixel centres on integers; ours are at +0.5. Unmapped stays far outside (transparent).
            cx[i] = mapX[i] >= 0f ? mapX[i] - 0.5f : -10f;
            cy[i] = mapY[i] >= 0f ? mapY[i] - 0.5f : -10f;
        }
        new FloatPointer(cvMapX.data()).put(cx);
        new FloatPointer(cvMapY.data()).put(cy);
        cvMap1 = new Mat();
        cvMap2 = new Mat();
        opencv_imgproc.convertMaps(cvMapX, cvMapY, cvMap1, cvMap2, opencv_core.CV_16SC2, false);
        border = new Scalar(0.0);
        // the two compute the same image: compare once (OpenCV's weights have 5 bits, ours 8)
        warpSampler();
        opencvRemapFloatMaps();
        final int[] theirs = new int[n];
        new IntPointer(dst.data()).get(theirs);
        int worst = 0;
        for (int i = 0; i < n; i++)
        {
            for (int sh = 0; sh < 32 && mapX[i] >= 0f; sh += 8)
            {
                worst = Math.max(worst, Math.abs(((out[i] >>> sh) & 0xFF) - ((theirs[i] >>> sh) & 0xFF)));
            }
        }
        System.out.printf("%nwarp map: %d of %d pixels mapped, texture %dx%d, OpenCV threads %d, largest channel "
            + "difference ours vs OpenCV %d/255%n", mapped, n, texture.width(), texture.height(),
            opencv_core.getNumThreads(), worst);
    }

    /** Frees the native images. */
    @TearDown
    public void tearDown()
    {
        src.close();
        dst.close();
        cvMapX.close();
        cvMapY.close();
        cvMap1.close();
        cvMap2.close();
        border.close();
    }

    /**
     * (b) Our sampling step: {@link WarpSampler#remap} over the whole map.
     *
     * @return a pixel (so the work is not eliminated).
     */
    @Benchmark
    public int warpSampler()
    {
        sampler.remap(mapX, mapY, out, out.length);
        return out[out.length / 2];
    }

    /**
     * (c) OpenCV {@code remap}, {@code INTER_LINEAR}, float maps.
     *
     * @return the output's data address (so the call is not eliminated).
     */
    @Benchmark
    public long opencvRemapFloatMaps()
    {
        opencv_imgproc.remap(src, dst, cvMapX, cvMapY, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_TRANSPARENT,
            border);
        return dst.address();
    }

    /**
     * (c') OpenCV {@code remap}, {@code INTER_LINEAR}, fixed-point maps from {@code convertMaps} (its fastest path).
     *
     * @return the output's data address.
     */
    @Benchmark
    public long opencvRemapFixedMaps()
    {
        opencv_imgproc.remap(src, dst, cvMap1, cvMap2, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_TRANSPARENT,
            border);
        return dst.address();
    }
}
