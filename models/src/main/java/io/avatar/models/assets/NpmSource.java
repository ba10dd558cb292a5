package io.avatar.models.assets;

/**
 * A pinned npm package that ships assets. Packages built with Emscripten keep their files inside one packed
 * {@code .data} blob whose byte ranges are listed in a loader script; {@link #packedData()} names both.
 */
public enum NpmSource
{
    /** MediaPipe face mesh solution (Apache-2.0). */
    FACE_MESH("@mediapipe/face_mesh", "0.4.1657299874", "Apache-2.0",
        "c08a7e0742a326285da666cf81d77c8b6f3a181a2ee948cadaf166008e0d3bc7",
        "package/face_mesh_solution_packed_assets.data", "package/face_mesh_solution_packed_assets_loader.js"),

    /** Silero VAD as shipped by vad-web (package ISC; the Silero model itself is MIT). */
    VAD_WEB("@ricky0123/vad-web", "0.0.31", "ISC (package), MIT (Silero VAD model)",
        "d1a211cf1a2ed26297da52cc08de79e75d79838a274bfc6de546feb1f828c940", null, null),

    /** HeadAudio viseme detector (MIT). */
    HEADAUDIO("@met4citizen/headaudio", "0.1.0", "MIT",
        "4281922839e1ab9732aecffdbd86c92b9e22aca3c72bbaa9901c04abe875131d", null, null);

    private final String name;
    private final String version;
    private final String licence;
    private final String tarballSha256;
    private final String packedData;
    private final String packedLoader;

    NpmSource(final String name, final String version, final String licence, final String tarballSha256,
        final String packedData, final String packedLoader)
    {
        this.name = name;
        this.version = version;
        this.licence = licence;
        this.tarballSha256 = tarballSha256;
        this.packedData = packedData;
        this.packedLoader = packedLoader;
    }

    /**
     * @return the package name, e.g. {@code @mediapipe/face_mesh}.
     */
    public String packageName()
    {
        return name;
    }

    /**
     * @return the pinned version.
     */
    public String version()
    {
        return version;
    }

    /**
     * @return the spec given to {@code npm pack}.
     */
    public String spec()
    {
        return name + "@" + version;
    }

    /**
     * @return the licence, as the package states it.
     */
    public String licence()
    {
        return licence;
    }

    /**
     * @return the SHA-256 of the tarball {@code npm pack} returns for the pinned version.
     */
    public String tarballSha256()
    {
        return tarballSha256;
    }

    /**
     * @return the tarball path of the Emscripten packed data, or null when files are stored plainly.
     */
    public String packedData()
    {
        return packedData;
    }

    /**
     * @return the tarball path of the loader script that lists the packed files' byte ranges, or null.
     */
    public String packedLoader()
    {
        return packedLoader;
    }
}
