package io.avatar.kernels.render;

import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One frame of the built-in avatar from rig weights and a head pose, single thread: rig deformation, projection,
 * rasterization and bilinear sampling of every layer (skirt, mouth interior, eyes, face), optionally with the I420
 * conversion. The drive cycles through open/closed mouth, blinks and yaw so every layer does real work.
 * {@code renderRgbBaseline} renders the same frames with the frozen pre-optimisation renderer
 * ({@link BaselineFaceRenderer}) for a before/after ratio within one run.
 * Run: {@code ./avatar jmh ... FaceRendererBenchmark}, or the plain harness {@code FaceRendererBenchmark.main}
 * (alternating rounds of both renderers, min and median thread-CPU time per frame: steadier on a loaded machine). JDK 23+ no longer runs annotation
 * processors implicitly, so the JMH generator needs {@code -proc:full} (or {@code annotationProcessorPaths}) for
 * {@code META-INF/BenchmarkList} to be generated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dagrona.disable.bounds.checks=true"})
@Threads(1)
public class FaceRendererBenchmark
{
    /** Output side. */
    @Param({"512"})
    public int size;

    private AvatarRenderer renderer;
    private FaceRig baselineRig;
    private float[] baselineBase;
    private float[] baselinePositions;
    private BaselineFaceRenderer baseline;
    private final float[][] weights = new float[16][ArkitBlendshape.COUNT];
    private final float[][] poses = new float[16][6];
    private byte[] i420;
    private int frame;

    /**
     * Builds the avatar and the drive (setup, not measured).
     *
     * @throws IOException when the canonical mesh asset is missing.
     */
    @Setup
    public void setUp() throws IOException
    {
        final FaceRig rig = FaceRig.loadDefault();
        final Portrait portrait = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        final RenderTexture atlas = MouthAtlas.generate();
        renderer = new AvatarRenderer(rig, portrait, atlas, size, size);
        // the same avatar through the frozen pre-optimisation renderer, with the same rig deformation per frame
        baselineBase = renderer.basePositions();
        baselineRig = rig.retargetedTo(baselineBase);
        baselinePositions = new float[baselineBase.length];
        baseline = new BaselineFaceRenderer(renderer.renderer().mesh(), portrait.camera(), portrait.image(), atlas,
            portrait.background(), size, size, false);
        for (int i = 0; i < weights.length; i++)
        {
            weights[i][ArkitBlendshape.jawOpen.ordinal()] = (i % 8) / 7f;
            weights[i][ArkitBlendshape.eyeBlinkLeft.ordinal()] = i % 5 == 0 ? 1f : 0f;
            weights[i][ArkitBlendshape.eyeBlinkRight.ordinal()] = i % 5 == 0 ? 1f : 0f;
            weights[i][ArkitBlendshape.mouthSmileLeft.ordinal()] = (i % 3) / 4f;
            weights[i][ArkitBlendshape.mouthSmileRight.ordinal()] = (i % 3) / 4f;
            poses[i][1] = (float)Math.toRadians(-15 + 2 * i);
            poses[i][0] = (float)Math.toRadians(5 * Math.sin(i));
        }
        i420 = new byte[size * size * 3 / 2];
    }

    /**
     * @return a pixel of the frame (so the work is not eliminated).
     */
    @Benchmark
    public int renderRgb()
    {
        final int i = frame++ & 15;
        renderer.render(weights[i], poses[i]);
        return renderer.renderer().rgb()[size * size / 2];
    }

    /**
     * The same frame through {@link BaselineFaceRenderer} (the renderer before the issue #3 speed work), for a
     * before/after ratio within one run.
     *
     * @return a pixel of the frame.
     */
    @Benchmark
    public int renderRgbBaseline()
    {
        final int i = frame++ & 15;
        baselineRig.apply(weights[i], baselineBase, baselinePositions);
        baseline.render(baselinePositions, poses[i], 0);
        return baseline.rgb()[size * size / 2];
    }

    /**
     * @return a byte of the I420 frame.
     */
    @Benchmark
    public byte renderI420()
    {
        final int i = frame++ & 15;
        renderer.render(weights[i], poses[i]);
        renderer.renderer().writeI420(i420);
        return i420[size * size / 2];
    }

    /**
     * A plain timing harness (no JMH runner needed) for a loaded machine: alternates short rounds of the optimised
     * and the baseline renderer and prints, per renderer, the minimum and the median thread-CPU milliseconds per
     * frame over the rounds (the minimum is the least disturbed by other processes).
     *
     * @param args {@code [rounds [frames per round [size]]]} (default 40 rounds of 200 frames at 512).
     * @throws IOException when the canonical mesh asset is missing.
     */
    public static void main(final String[] args) throws IOException
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        final int frames = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        final FaceRendererBenchmark b = new FaceRendererBenchmark();
        b.size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        b.setUp();
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        final double[][] ms = new double[2][rounds];
        int sink = 0;
        for (int warm = 0; warm < 3 * frames; warm++)
        {
            sink += b.renderRgb() + b.renderRgbBaseline();
        }
        for (int round = 0; round < 2 * rounds; round++)
        {
            final int which = round & 1;
            final long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < frames; i++)
            {
                sink += which == 1 ? b.renderRgbBaseline() : b.renderRgb();
            }
            ms[which][round >> 1] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / frames;
        }
        for (int which = 0; which < 2; which++)
        {
            java.util.Arrays.sort(ms[which]);
            System.out.printf("%-9s %dx%d: min %.3f, median %.3f ms/frame thread CPU (%d rounds of %d frames)%n",
                which == 1 ? "baseline" : "optimised", b.size, b.size, ms[which][0], ms[which][rounds / 2], rounds,
                frames);
        }
        System.out.printf("optimised / baseline: min %.3f, median %.3f%n", ms[0][0] / ms[1][0],
            ms[0][rounds / 2] / ms[1][rounds / 2]);
        if (sink == 42)
        {
            System.out.println();
        }
    }
}
