package io.avatar.models.face;

import io.avatar.models.face.detect.FaceLandmarker;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltInAvatarTest
{
    /**
     * The stored landmark pixels are what the detector reads on the current painting: a change to the painting makes
     * this fail until the resource is regenerated ({@code -Davatar.regenerate=true} writes it into src/main/resources).
     */
    @Test
    void shouldStoreTheLandmarksTheDetectorReadsOnThePainting() throws Exception
    {
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final float[] detected;
        try (FaceLandmarker landmarker = FaceLandmarker.open())
        {
            detected = BuiltInAvatar.detectLandmarks(mesh, landmarker);
        }
        if (Boolean.getBoolean("avatar.regenerate"))
        {
            final Path file = Path.of("src", "main", "resources", "io", "avatar", "models", "face",
                BuiltInAvatar.LANDMARKS_RESOURCE);
            Files.writeString(file, BuiltInAvatar.formatLandmarks(detected));
            System.out.println("wrote " + file.toAbsolutePath());
        }
        final float[] stored = BuiltInAvatar.loadLandmarks();
        double worst = 0;
        for (int i = 0; i < stored.length; i++)
        {
            worst = Math.max(worst, Math.abs(stored[i] - detected[i]));
        }
        assertTrue(worst < 0.5, "the stored built-in landmarks are stale by " + worst + " px: regenerate with mvn -pl "
            + "models test -Dtest=BuiltInAvatarTest -Davatar.regenerate=true");
    }

    @Test
    void shouldPlaceTheIdentityShapeOnTheStoredLandmarks() throws Exception
    {
        final Portrait p = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        final CanonicalFaceMesh mesh = CanonicalFaceMesh.loadDefault();
        final float[] id = p.identityOffsets();
        final float[] lm = p.landmarkPixels();
        final float[] pt = new float[2];
        double worst = 0;
        double maxOffset = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTEX_COUNT; i++)
        {
            final float[] v = {mesh.position(i, 0) + id[3 * i], mesh.position(i, 1) + id[3 * i + 1],
                mesh.position(i, 2) + id[3 * i + 2]};
            p.camera().projectRest(v, 0, pt);
            worst = Math.max(worst, Math.hypot(pt[0] - lm[2 * i], pt[1] - lm[2 * i + 1]));
            maxOffset = Math.max(maxOffset, Math.hypot(id[3 * i], id[3 * i + 1]));
        }
        assertEquals(0, worst, 0.01, "the identity projects onto the landmarks");
        for (int k = 0; k < FaceLandmarkSets.LIPS_UPPER_INNER.length; k++)
        {
            final int u = FaceLandmarkSets.LIPS_UPPER_INNER[k];
            final int l = FaceLandmarkSets.LIPS_LOWER_INNER[k];
            assertEquals(lm[2 * u + 1], lm[2 * l + 1], 0.01f, "closed lips: no vertical gap at inner-lip pair " + k);
        }
        assertTrue(maxOffset < 1.5, "the detected shape stays near the designed one: " + maxOffset + " cm");
    }
}
