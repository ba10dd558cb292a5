package io.avatar.engine.render;

import io.avatar.accel.Accel;
import io.avatar.accel.AccelProbeResult;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.kernels.render.RenderSetup;
import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backend selection of the face renderer: CPU with a stated cause whenever CUDA cannot run (the path every machine
 * without a GPU takes), and the tables the CUDA renderer would get match the CPU renderer on the real avatar.
 */
class FaceRenderersBackendTest
{
    private static final int SIZE = 256;

    private static AccelProbeResult killSwitch()
    {
        return new AccelProbeResult(false, "disabled by test", true, 0, 0, 0, null, null, 0, null, "not probed");
    }

    private static AvatarRenderer avatar() throws Exception
    {
        return FaceRenderers.builtIn(SIZE).avatar();
    }

    @Test
    void shouldFallBackToTheCpuRendererNamingTheCause() throws Exception
    {
        try (FaceRenderer r = FaceRenderers.select(avatar(), "auto", killSwitch()))
        {
            assertInstanceOf(AvatarFaceRenderer.class, r);
            assertEquals("cpu (disabled by test)", FaceRenderers.backendDescription());
        }
        try (FaceRenderer r = FaceRenderers.select(avatar(), "cpu", Accel.probe()))
        {
            assertInstanceOf(AvatarFaceRenderer.class, r);
            assertTrue(FaceRenderers.backendDescription().contains(FaceRenderers.BACKEND_PROP_NAME + "=cpu"));
        }
    }

    @Test
    void shouldFailInsteadOfFallingBackWhenCudaIsRequired() throws Exception
    {
        final AvatarRenderer a = avatar();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> FaceRenderers.select(a, "cuda", killSwitch()));
        assertTrue(ex.getMessage().contains("disabled by test"), ex.getMessage());
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> FaceRenderers.select(a, "vulkan", killSwitch()));
        assertTrue(bad.getMessage().contains("vulkan"), bad.getMessage());
    }

    @Test
    void shouldPickTheBackendTheProbeAllows() throws Exception
    {
        final AccelProbeResult probe = Accel.probe();
        try (FaceRenderer r = FaceRenderers.session(SIZE))
        {
            assertNotNull(FaceRenderers.backendDescription());
            if (probe.cudaAvailable())
            {
                assertInstanceOf(CudaAvatarFaceRenderer.class, r, FaceRenderers.backendDescription());
            }
            else
            {
                assertInstanceOf(AvatarFaceRenderer.class, r);
                assertTrue(FaceRenderers.backendDescription().contains(probe.cudaCause()),
                    FaceRenderers.backendDescription());
            }
        }
    }

    @Test
    void shouldProjectTheRealAvatarExactlyAsTheCpuRenderer() throws Exception
    {
        final AvatarRenderer a = avatar();
        final RenderSetup setup = a.renderSetup();
        final RenderSetup.Projector projector = setup.projector();
        final int n = setup.vertexCount();
        final float[] sx = new float[n];
        final float[] sy = new float[n];
        final float[] sz = new float[n];
        final float[] w = new float[ArkitBlendshape.COUNT];
        w[ArkitBlendshape.jawOpen.ordinal()] = 0.7f;
        w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
        final float[] pose = {0.1f, -0.35f, 0.05f, 0.5f, -0.3f, 1f};
        a.render(w, pose);
        projector.project(a.positions(), pose, 0, sx, sy, sz);
        for (int i = 0; i < n; i++)
        {
            assertEquals(a.renderer().screenX(i), sx[i], 0f, "vertex " + i);
            assertEquals(a.renderer().screenY(i), sy[i], 0f, "vertex " + i);
        }
        assertEquals(SIZE * SIZE, setup.background().length);
        assertTrue(setup.faceCount() > 100 && setup.skirtCount() > 0 && setup.mouthCount() > 0,
            "the rig has face, skirt and mouth layers");
    }
}
