package io.avatar.engine.render;

import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import io.avatar.models.rig.FaceRig;

import java.io.IOException;

/**
 * Builds per-session face renderers. The rig, the canonical mesh, the built-in avatar's generated portrait and the
 * mouth atlas are made once per process (they are immutable) and shared by every session. Thread-safe.
 */
public final class FaceRenderers
{
    private static volatile Shared shared;

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
        return new AvatarFaceRenderer(new AvatarRenderer(s.rig, portrait, s.atlas, size, size));
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
    }
}
