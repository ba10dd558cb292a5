package io.avatar.models.assets;

/**
 * Every asset the product uses, pinned to a package version, a path inside the package and a checksum.
 */
public enum AssetId
{
    /** MediaPipe short-range face detector: in 1x128x128x3 in [-1,1]; out 896x16 boxes and 896 scores. */
    FACE_DETECTOR("face_detection_short_range.tflite", NpmSource.FACE_MESH,
        "/third_party/mediapipe/modules/face_detection/face_detection_short_range.tflite",
        229_032, "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633"),

    /** MediaPipe 468-point face mesh: in 1x192x192x3 in [0,1]; out 1404 (x,y,z per landmark) and a face flag. */
    FACE_LANDMARKS("face_landmark.tflite", NpmSource.FACE_MESH,
        "/third_party/mediapipe/modules/face_landmark/face_landmark.tflite",
        1_241_896, "c603fa6149219a3e9487dc9abd7a0c24474c77263273d24868378cdf40aa26d1"),

    /** Canonical face mesh (468 vertices in landmark order, UVs, triangles, Procrustes weights), protobuf. */
    CANONICAL_MESH("geometry_pipeline_metadata_landmarks.binarypb", NpmSource.FACE_MESH,
        "/third_party/mediapipe/modules/face_geometry/data/geometry_pipeline_metadata_landmarks.binarypb",
        19_376, "bdbcda96dfcb7da883da124aaa2c55dee49770d934f0fcc71747f8c21bdc75b4"),

    /** Silero VAD v5: inputs {@code input}, {@code state[2,?,128]}, {@code sr} (int64); 512-sample chunks at 16 kHz. */
    SILERO_VAD("silero_vad_v5.onnx", NpmSource.VAD_WEB, "package/dist/silero_vad_v5.onnx",
        2_327_524, "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"),

    /** HeadAudio viseme classifier (39 phoneme Gaussian prototypes over MFCC), for the named baseline. */
    HEADAUDIO_MODEL("model-en-mixed.bin", NpmSource.HEADAUDIO, "package/dist/model-en-mixed.bin",
        14_352, "0358f68989b5861f9b7d18871b010fa6cbf88a53bda4954a954d8c548bbcf251");

    private final String fileName;
    private final NpmSource source;
    private final String pathInPackage;
    private final long size;
    private final String sha256;

    AssetId(final String fileName, final NpmSource source, final String pathInPackage, final long size,
        final String sha256)
    {
        this.fileName = fileName;
        this.source = source;
        this.pathInPackage = pathInPackage;
        this.size = size;
        this.sha256 = sha256;
    }

    /**
     * @return the file name in the cache directory.
     */
    public String fileName()
    {
        return fileName;
    }

    /**
     * @return the npm package that ships it.
     */
    public NpmSource source()
    {
        return source;
    }

    /**
     * @return the path inside the package tarball, or inside the Emscripten packed data when the source is packed.
     */
    public String pathInPackage()
    {
        return pathInPackage;
    }

    /**
     * @return the expected size in bytes.
     */
    public long size()
    {
        return size;
    }

    /**
     * @return the expected SHA-256, lower-case hex.
     */
    public String sha256()
    {
        return sha256;
    }
}
