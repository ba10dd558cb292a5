package io.avatar.engine.render;

import io.avatar.accel.Accel;
import io.avatar.accel.AccelProbeResult;
import io.avatar.accel.CudaFaceRenderer;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.MouthPalette;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.FaceRig;

import java.io.IOException;

/**
 * Builds per-session face renderers. The rig, the canonical mesh, the built-in avatar's generated portrait and the
 * default mouth atlas are made once per process (they are immutable) and shared by every session; a portrait whose
 * mouth palette differs from the default (a photo's own tooth colour) gets its own atlas
 * ({@link MouthAtlas#generate(io.avatar.models.face.MouthPalette)}, tens of milliseconds at setup). Thread-safe.
 * <p>
 * {@link #session} picks the backend: the CUDA renderer when the GPU probe ({@link Accel}) finds a CUDA device and
 * the kill switch is off, else the CPU renderer. The reason for running on the CPU is logged once (System.Logger
 * {@code io.avatar.engine.render}, INFO; WARNING when a GPU was found but the CUDA renderer failed to start) and kept
 * ({@link #backendDescription()}); a CUDA start failure is cached and not retried for later sessions.
 */
public final class FaceRenderers
{
    /** System property choosing the face renderer: {@code auto} (GPU when usable), {@code cpu}, or {@code cuda}. */
    public static final String BACKEND_PROP_NAME = "avatar.render.backend";
    /** Default of {@link #BACKEND_PROP_NAME}. */
    public static final String BACKEND_DEFAULT = "auto";

    private static final System.Logger LOG = System.getLogger("io.avatar.engine.render");
    private static volatile Shared shared;
    private static volatile String cudaFailure;
    private static volatile String lastBackend;

    private FaceRenderers()
    {
    }

    /**
     * @param size output width and height in pixels (256-1024, even).
     * @return a renderer of the built-in avatar.
     * @throws IOException when the rig or the canonical mesh asset cannot be loaded.
     */
    public static AvatarFaceRenderer builtIn(final int size) throws IOException
    {
        final Shared s = shared();
        return new AvatarFaceRenderer(new AvatarRenderer(s.rig, s.builtIn, s.atlas, size, size));
    }

    /**
     * @param portrait a fitted portrait.
     * @param size     output size.
     * @return a renderer of that portrait.
     * @throws IOException when the rig cannot be loaded.
     */
    public static AvatarFaceRenderer of(final Portrait portrait, final int size) throws IOException
    {
        final Shared s = shared();
        return new AvatarFaceRenderer(new AvatarRenderer(s.rig, portrait, s.atlasFor(portrait), size, size));
    }

    /**
     * A renderer of the built-in avatar on the best usable backend (see the class comment). Setup time; any thread.
     *
     * @param size output width and height in pixels (256-1024, even).
     * @return the renderer.
     * @throws IOException when the rig or the canonical mesh asset cannot be loaded.
     */
    public static FaceRenderer session(final int size) throws IOException
    {
        final Shared s = shared();
        return select(new AvatarRenderer(s.rig, s.builtIn, s.atlas, size, size),
            System.getProperty(BACKEND_PROP_NAME, BACKEND_DEFAULT), Accel.probe());
    }

    /**
     * A renderer of a portrait on the best usable backend. Setup time; any thread.
     *
     * @param portrait a fitted portrait.
     * @param size     output size.
     * @return the renderer.
     * @throws IOException when the rig cannot be loaded.
     */
    public static FaceRenderer session(final Portrait portrait, final int size) throws IOException
    {
        final Shared s = shared();
        return select(new AvatarRenderer(s.rig, portrait, s.atlasFor(portrait), size, size),
            System.getProperty(BACKEND_PROP_NAME, BACKEND_DEFAULT), Accel.probe());
    }

    /**
     * Chooses the backend for one avatar. Setup time; any thread.
     *
     * @param avatar  the avatar.
     * @param backend {@code auto}, {@code cpu} or {@code cuda} ({@code cuda} fails instead of falling back).
     * @param probe   the GPU probe's answer.
     * @return the renderer.
     */
    static FaceRenderer select(final AvatarRenderer avatar, final String backend, final AccelProbeResult probe)
    {
        final String b = backend.trim().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals("auto") && !b.equals("cpu") && !b.equals("cuda"))
        {
            throw new IllegalArgumentException(BACKEND_PROP_NAME + " must be auto, cpu or cuda, got '" + backend + "'");
        }
        String cause;
        if (b.equals("cpu"))
        {
            cause = "-D" + BACKEND_PROP_NAME + "=cpu";
        }
        else if (!probe.cudaAvailable())
        {
            cause = probe.cudaCause();
        }
        else
        {
            cause = cudaFailure;
        }
        if (cause == null)
        {
            try
            {
                final CudaFaceRenderer gpu = new CudaFaceRenderer(avatar.renderSetup(),
                    CudaFaceRenderer.MAX_FRAGMENTS_DEFAULT);
                note("cuda on " + gpu.deviceDescription(), System.Logger.Level.INFO);
                return new CudaAvatarFaceRenderer(avatar, gpu);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                cause = "CUDA renderer failed to start: " + ex;
                cudaFailure = cause;
                note("cpu (" + cause + ")", System.Logger.Level.WARNING);
                if (b.equals("cuda"))
                {
                    throw new IllegalStateException(cause, ex);
                }
                return new AvatarFaceRenderer(avatar);
            }
        }
        if (b.equals("cuda"))
        {
            throw new IllegalStateException(BACKEND_PROP_NAME + "=cuda but the CUDA renderer cannot run: " + cause);
        }
        note("cpu (" + cause + ")", System.Logger.Level.INFO);
        return new AvatarFaceRenderer(avatar);
    }

    private static void note(final String backend, final System.Logger.Level level)
    {
        final String previous = lastBackend;
        lastBackend = backend;
        if (!backend.equals(previous))
        {
            LOG.log(level, "face renderer: " + backend);
        }
    }

    /**
     * @return the backend the last {@link #session} call chose and why, e.g. {@code "cpu (no CUDA driver ...)"}, or
     *     null before the first call. Any thread.
     */
    public static String backendDescription()
    {
        return lastBackend;
    }

    /**
     * @return the rig shared by all renderers.
     * @throws IOException when it cannot be loaded.
     */
    public static FaceRig rig() throws IOException
    {
        return shared().rig;
    }

    private static Shared shared() throws IOException
    {
        Shared s = shared;
        if (s == null)
        {
            synchronized (FaceRenderers.class)
            {
                s = shared;
                if (s == null)
                {
                    s = new Shared(FaceRig.loadDefault(), BuiltInAvatar.create(CanonicalFaceMesh.loadDefault()),
                        MouthAtlas.generate());
                    shared = s;
                }
            }
        }
        return s;
    }

    private record Shared(FaceRig rig, Portrait builtIn, RenderTexture atlas)
    {
        /** The shared atlas when the portrait uses the default colours, else one generated for it. */
        RenderTexture atlasFor(final Portrait portrait)
        {
            return portrait.mouthPalette().sameColour(MouthPalette.DEFAULT) ? atlas
                : MouthAtlas.generate(portrait.mouthPalette());
        }
    }
}
