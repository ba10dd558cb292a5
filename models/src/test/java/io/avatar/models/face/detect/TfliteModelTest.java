package io.avatar.models.face.detect;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TfliteModelTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRejectAModelWithOtherTensorShapesAtLoad()
    {
        final Path mesh = AssetStore.openDefault().ensure(AssetId.FACE_LANDMARKS);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FaceDetector(mesh, 1));
        assertTrue(e.getMessage().contains("face_landmark.tflite") && e.getMessage().contains("[1, 192, 192, 3]")
            && e.getMessage().contains("expected [1, 128, 128, 3]"), e.getMessage());
        final Path detector = AssetStore.openDefault().ensure(AssetId.FACE_DETECTOR);
        final IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> new FaceMesh(detector, 1));
        assertTrue(e2.getMessage().contains("expected [1, 192, 192, 3]"), e2.getMessage());
    }

    @Test
    void shouldRejectMissingAndNonModelFiles() throws Exception
    {
        final Path missing = dir.resolve("none.tflite");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new FaceDetector(missing, 1));
        assertTrue(e.getMessage().contains("none.tflite"), e.getMessage());
        final Path junk = Files.writeString(dir.resolve("junk.tflite"), "this is not a flatbuffer model at all");
        final IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> new FaceDetector(junk, 1));
        assertTrue(e2.getMessage().contains("junk.tflite"), e2.getMessage());
    }
}
