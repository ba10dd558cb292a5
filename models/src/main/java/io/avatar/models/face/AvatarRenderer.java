package io.avatar.models.face;

import io.avatar.kernels.render.DetailTexture;
import io.avatar.kernels.render.FaceRenderer;
import io.avatar.kernels.render.RenderCamera;
import io.avatar.kernels.render.RenderMesh;
import io.avatar.kernels.render.RenderSetup;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import io.avatar.models.rig.HeadPose;

/**
 * Renders a portrait driven by rig weights and a head pose: deforms the identity-shaped rig
 * ({@link FaceRig#apply}) and hands the vertices to a {@link FaceRenderer}; the portrait's driven texture detail
 * ({@link Portrait#detail()}: a photo's smile creases) follows the weights (the renderer then owns a private copy of
 * its texels). Everything is preallocated at
 * construction; {@link #render} allocates nothing. One instance per session, one thread at a time.
 */
public final class AvatarRenderer
{
    private final FaceRig rig;
    private final float[] base;
    private final float[] positions;
    private final FaceRenderer renderer;
    private final RenderCamera camera;
    private final RenderMesh mesh;
    private final Portrait portrait;
    private final RenderTexture mouthAtlas;
    /** The portrait's driven texture detail (the photo's smile creases), or null. */
    private final DrivenDetail detail;

    /**
     * Assembles the render mesh from the rig and the portrait. Setup time; any thread.
     *
     * @param rig        the face rig.
     * @param portrait   the portrait (texture, landmarks, identity shape, camera, background).
     * @param mouthAtlas the mouth-interior texture ({@link MouthAtlas#generate()}; shareable).
     * @param width      output width (even, 256-1024).
     * @param height     output height (even, 256-1024).
     */
    public AvatarRenderer(final FaceRig rig, final Portrait portrait, final RenderTexture mouthAtlas, final int width,
        final int height)
    {
        final int n = rig.vertexCount();
        final float[] neutral = rig.neutral();
        final float[] offsets = rig.extendFromLandmarks(portrait.identityOffsets(), 3);
        base = new float[3 * n];
        for (int i = 0; i < 3 * n; i++)
        {
            base[i] = neutral[i] + offsets[i];
        }
        this.rig = rig.retargetedTo(base);
        camera = portrait.camera();
        positions = new float[3 * n];
        final float[] fromLandmarks = rig.extendFromLandmarks(portrait.landmarkPixels(), 2);
        final float[] atlasUv = rig.atlasUv();
        final float[] tex = new float[2 * n];
        final float[] pt = new float[2];
        for (int i = 0; i < n; i++)
        {
            switch (rig.texSource(i))
            {
                case FaceRig.TEX_ATLAS ->
                {
                    tex[2 * i] = atlasUv[2 * i] * mouthAtlas.width();
                    tex[2 * i + 1] = atlasUv[2 * i + 1] * mouthAtlas.height();
                }
                case FaceRig.TEX_PROJECTED ->
                {
                    portrait.camera().projectRest(base, 3 * i, pt);
                    tex[2 * i] = pt[0];
                    tex[2 * i + 1] = pt[1];
                }
                default ->
                {
                    tex[2 * i] = fromLandmarks[2 * i];
                    tex[2 * i + 1] = fromLandmarks[2 * i + 1];
                }
            }
        }
        // the side of the cheek the portrait saw edge-on gets skin unfolded from inside the silhouette, not the
        // stretched sliver of outline pixels it covers in the portrait (HiddenSurfaceTexture)
        final boolean[] landmarkTexture = HiddenSurfaceTexture.nearFaceOval(rig.faceTriangles(), n);
        for (int i = 0; i < n; i++)
        {
            landmarkTexture[i] &= rig.texSource(i) == FaceRig.TEX_LANDMARK;
        }
        HiddenSurfaceTexture.unfold(base, rig.faceTriangles(), portrait.camera(), landmarkTexture, tex);
        this.portrait = portrait;
        this.mouthAtlas = mouthAtlas;
        this.mesh = new RenderMesh(base, rig.pin(), tex, rig.skirtTriangles(), rig.mouthTriangles(),
            rig.eyeTriangles(), rig.faceTriangles());
        detail = portrait.detail();
        renderer = new FaceRenderer(mesh, portrait.camera(), portrait.image(), detailTexture(), mouthAtlas,
            portrait.background(), width, height, false);
    }

    /**
     * Renders one frame. Allocation-free; owning thread only.
     *
     * @param weights 52 rig weights in {@link ArkitBlendshape} order.
     * @param pose    head pose, {@link HeadPose} layout.
     */
    public void render(final float[] weights, final float[] pose)
    {
        deform(weights, pose);
        // the texture detail follows the weights: texels are rewritten only when a region's amount moved
        for (int r = 0; r < renderer.blendRegions(); r++)
        {
            renderer.blend(r, detail.amount(r, weights));
        }
        renderer.render(positions, pose, 0);
    }

    /**
     * @return the number of regions of the portrait's driven texture detail (0 when none), for a renderer that runs
     *     elsewhere and blends them as {@link #render} does. Any thread.
     */
    public int detailRegions()
    {
        return detail == null ? 0 : detail.regions();
    }

    /**
     * @param region  a region of the driven texture detail, 0-based, below {@link #detailRegions()}.
     * @param weights the frame's 52 rig weights.
     * @return the amount of detail the region shows this frame, 0 to 1 (what {@link #render} blends). Allocation-free;
     *     any thread.
     */
    public float detailAmount(final int region, final float[] weights)
    {
        return detail.amount(region, weights);
    }

    private DetailTexture detailTexture()
    {
        return detail == null ? null : detail.texture();
    }

    /**
     * Deforms the rig without rendering, for a renderer that runs elsewhere (the CUDA renderer). Allocation-free;
     * owning thread only.
     *
     * @param weights 52 rig weights in {@link ArkitBlendshape} order.
     * @param pose    head pose, {@link HeadPose} layout (only its length is checked here).
     * @return the deformed positions (the array behind {@link #positions()}).
     */
    public float[] deform(final float[] weights, final float[] pose)
    {
        if (weights.length < ArkitBlendshape.COUNT || pose.length < HeadPose.SIZE)
        {
            throw new IllegalArgumentException("need 52 weights and 6 pose numbers, got " + weights.length + " and "
                + pose.length);
        }
        rig.apply(weights, base, positions);
        return positions;
    }

    /**
     * The CPU renderer's precomputed tables for this avatar, for a GPU renderer that must match it. Setup time; any
     * thread (builds a new object each call: a few milliseconds).
     *
     * @return the tables.
     */
    public RenderSetup renderSetup()
    {
        return new RenderSetup(mesh, portrait.camera(), portrait.image(), detailTexture(), mouthAtlas,
            portrait.background(), renderer.width(), renderer.height());
    }

    /**
     * @return the kernel renderer (its {@code rgb()}, {@code writeI420()} and screen positions of the last frame).
     */
    public FaceRenderer renderer()
    {
        return renderer;
    }

    /**
     * @return the portrait's rest camera (immutable; its focal length and principal point are in the portrait's
     *     pixels: scale by output size / {@code refWidth()} for the rendered frame's).
     */
    public RenderCamera camera()
    {
        return camera;
    }

    /**
     * @return the deformed positions of the last frame (owning thread only; do not modify).
     */
    public float[] positions()
    {
        return positions;
    }

    /**
     * @return a copy of the identity-shaped rest positions.
     */
    public float[] basePositions()
    {
        return base.clone();
    }
}
