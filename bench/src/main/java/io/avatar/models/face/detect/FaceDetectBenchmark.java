package io.avatar.models.face.detect;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.image.ImageLoader;
import io.avatar.models.image.RgbImage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Face detector and face mesh on the 512x512 astronaut portrait, one interpreter thread each: the single-pass
 * detector (letterbox + BlazeFace + decode/NMS), the multi-scale still-image search, one mesh run on a tracked crop
 * (warp + model + mapping: the per-frame cost of video tracking), and a full tracked frame.
 * The portrait is read from {@code -Davatar.shared.dir} (default {@code ../shared}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FaceDetectBenchmark
{
    private FaceDetector detector;
    private FaceMesh mesh;
    private FaceLandmarker landmarker;
    private RgbImage image;
    private final FaceRoi roi = new FaceRoi();
    private final float[] landmarks = new float[3 * FaceMesh.LANDMARKS];
    private final AreaSampler areaSampler = new AreaSampler(FaceDetector.INPUT_SIZE);
    private final double[] crop = new double[6];
    private final FloatBuffer detectorInput = ByteBuffer.allocateDirect(4 * 3 * FaceDetector.INPUT_SIZE
        * FaceDetector.INPUT_SIZE).order(ByteOrder.nativeOrder()).asFloatBuffer();
    private final FloatBuffer meshInput = ByteBuffer.allocateDirect(4 * 3 * FaceMesh.INPUT_SIZE
        * FaceMesh.INPUT_SIZE).order(ByteOrder.nativeOrder()).asFloatBuffer();

    /**
     * Loads the models and the portrait. JMH thread.
     *
     * @throws IOException when the portrait cannot be read.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path shared = Path.of(System.getProperty("avatar.shared.dir", "../shared"));
        image = ImageLoader.readRgb(shared.resolve("assets/astronaut.png"));
        final AssetStore store = AssetStore.openDefault();
        detector = new FaceDetector(store.ensure(AssetId.FACE_DETECTOR), 1);
        mesh = new FaceMesh(store.ensure(AssetId.FACE_LANDMARKS), 1);
        landmarker = FaceLandmarker.open(store, 1);
        final List<Face> faces = detector.detect(image, FaceDetector.MIN_SCORE_DEFAULT);
        if (faces.isEmpty())
        {
            throw new IllegalStateException("no face in " + image);
        }
        mesh.run(image, roi.fromDetection(faces.get(0)), landmarks);
        roi.fromLandmarks(landmarks);
        roi.toAffine(FaceMesh.INPUT_SIZE, crop);
    }

    /**
     * Frees the interpreters. JMH thread.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        landmarker.close();
        mesh.close();
        detector.close();
    }

    /**
     * @return faces found in one pass.
     */
    @Benchmark
    public List<Face> detectSinglePass()
    {
        return detector.detect(image, FaceDetector.MIN_SCORE_DEFAULT);
    }

    /**
     * @return faces found by the multi-scale still-image search (whole image + 9 tiles of 256 on 512x512, each
     *     detection confirmed by the mesh in FaceLandmarker, not here).
     */
    @Benchmark
    public List<Face> detectMultiScale()
    {
        return detector.detectMultiScale(image, FaceDetector.MIN_SCORE_DEFAULT,
            FaceLandmarker.MIN_FACE_SIZE_DEFAULT);
    }

    /**
     * @return face presence of one mesh run on a fixed crop.
     */
    @Benchmark
    public float meshOnCrop()
    {
        return mesh.run(image, roi, landmarks);
    }

    /**
     * @return the detector input after the letterbox alone (512 -> 128 by area averaging, as the detector does).
     */
    @Benchmark
    public FloatBuffer warpDetectorInput()
    {
        areaSampler.sample(image, 0, 0, Math.max(image.width(), image.height()), FaceDetector.INPUT_SIZE,
            detectorInput, -1f, 1f, 0f);
        return detectorInput;
    }

    /**
     * @return the mesh input after the rotated-crop warp alone.
     */
    @Benchmark
    public FloatBuffer warpMeshInput()
    {
        AffineSampler.sample(image, crop, FaceMesh.INPUT_SIZE, meshInput, 0f, 1f, false, 0f);
        return meshInput;
    }

    /**
     * @return the tracker's status for one frame (mesh + next crop from landmarks).
     */
    @Benchmark
    public FaceLandmarker.TrackStatus trackFrame()
    {
        return landmarker.track(image, landmarks);
    }
}
