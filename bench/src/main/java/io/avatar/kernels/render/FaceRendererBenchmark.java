package io.avatar.kernels.render;

import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
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
 * Run: {@code java -cp <bench classpath> org.openjdk.jmh.Main FaceRendererBenchmark}, or the plain harness
 * {@code FaceRendererBenchmark.main} (wall and thread-CPU time per frame). JDK 23+ no longer runs annotation
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
        renderer = new AvatarRenderer(FaceRig.loadDefault(), BuiltInAvatar.create(CanonicalFaceMesh.loadDefault()),
            MouthAtlas.generate(), size, size);
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
     * A plain timing harness (no JMH runner needed): prints wall and thread-CPU milliseconds per frame.
     *
     * @param args {@code [frames]} (default 2000).
     * @throws IOException when the canonical mesh asset is missing.
     */
    public static void main(final String[] args) throws IOException
    {
        final int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final FaceRendererBenchmark b = new FaceRendererBenchmark();
        b.size = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        b.setUp();
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int round = 0; round < 3; round++)
        {
            final long c0 = mx.getCurrentThreadCpuTime();
            final long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++)
            {
                sink += b.renderRgb();
            }
            final long t1 = System.nanoTime();
            final long c1 = mx.getCurrentThreadCpuTime();
            System.out.printf("round %d: %.3f ms/frame wall, %.3f ms/frame thread CPU (%dx%d, %d frames)%n", round,
                (t1 - t0) / 1e6 / frames, (c1 - c0) / 1e6 / frames, b.size, b.size, frames);
        }
        if (sink == 42)
        {
            System.out.println();
        }
    }
}
