package io.avatar.models.style;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StylePresetsTest
{
    @Test
    void shouldShipEveryPresetWithItsMotionClipAndMatchingCode() throws IOException
    {
        for (final String name : StylePresets.NAMES)
        {
            final StyleFile s = StylePresets.load(name);
            assertEquals(name, s.name());
            assertTrue(s.provenance().contains("make_presets.py"), s.provenance());
            assertNotNull(s.motion(), name + " has no motion clip");
            // The stored code is the code of the stored motion (Java and Python agree on Eq. 2).
            final StyleCode recomputed = StyleCode.compute(s.motion().weights(), s.motion().pose(),
                s.motion().frames());
            assertTrue(recomputed.distance(s.code()) < 1e-3, name + ": " + recomputed.distance(s.code()));
        }
    }

    @Test
    void shouldOrderPresetsAsTheirNamesSay() throws IOException
    {
        final StyleCode calm = StylePresets.load("calm").code();
        final StyleCode excited = StylePresets.load("excited").code();
        final StyleCode opera = StylePresets.load("opera").code();
        final int jaw = StyleCode.WEIGHT_STD + ArkitBlendshape.jawOpen.ordinal();
        assertTrue(excited.get(jaw) > calm.get(jaw), "excited moves the jaw more than calm");
        assertTrue(opera.get(StyleCode.WEIGHT_STD + ArkitBlendshape.browInnerUp.ordinal())
            > calm.get(StyleCode.WEIGHT_STD + ArkitBlendshape.browInnerUp.ordinal()));
        final int pitch = StyleCode.POSE_VELOCITY_STD + HeadPose.PITCH;
        assertTrue(StylePresets.load("rap").code().get(pitch) > calm.get(pitch), "rap nods more than calm");
    }

    @Test
    void shouldNameTheUnknownStyle()
    {
        final IOException ex = assertThrows(IOException.class, () -> StylePresets.resolve("whisper"));
        assertTrue(ex.getMessage().contains("whisper") && ex.getMessage().contains("neutral"), ex.getMessage());
    }
}
