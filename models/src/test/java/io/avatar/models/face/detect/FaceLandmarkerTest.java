package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceLandmarkerTest
{
    private static FaceLandmarker landmarker;

    @BeforeAll
    static void open()
    {
        landmarker = FaceLandmarker.open();
    }

    @AfterAll
    static void close()
    {
        landmarker.close();
    }

    @Test
    void shouldFindOneFaceWithLandmarksInsideTheBox() throws Exception
    {
        final RgbImage img = Portraits.astronaut();
        final List<Face> faces = landmarker.detect(img);
        System.out.println(faces);
        assertEquals(1, faces.size());
        final Face face = faces.get(0);
        final float[] lm = landmarker.landmarks(img, face);
        System.out.println("presence " + landmarker.lastPresence());
        for (final int i : new int[] {1, 33, 263, 13, 14, 152, 10})
        {
            System.out.printf("%d: %.1f %.1f %.1f%n", i, lm[3 * i], lm[3 * i + 1], lm[3 * i + 2]);
        }
        assertTrue(face.score() > 0.5f);
        final ProcrustesReference ref = ProcrustesReference.openDefault();
        final FacePose pose = new PoseSolver(468).solve(lm, ref.vertices(), ref.weights(), new FacePose());
        System.out.println(pose);
        javax.imageio.ImageIO.write(LandmarkOverlay.draw(img, face, lm), "png",
            java.nio.file.Path.of("target/overlay-astronaut.png").toFile());
        final java.awt.image.BufferedImage rot = Portraits.rotate(img.toBufferedImage(), 20);
        final RgbImage rimg = RgbImage.fromBufferedImage(rot, "rot20");
        final Face rf = landmarker.select(rimg).face();
        final float[] rlm = landmarker.landmarks(rimg, rf);
        System.out.println(rf + " " + new PoseSolver(468).solve(rlm, ref.vertices(), ref.weights(), new FacePose()));
        javax.imageio.ImageIO.write(LandmarkOverlay.draw(rimg, rf, rlm), "png",
            java.nio.file.Path.of("target/overlay-rot20.png").toFile());
    }
}
