package io.avatar.engine.eval;

import io.avatar.engine.offline.OfflineRender;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.decoder.OnnxMotionDecoder;
import io.avatar.models.style.StylePresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real-time engine's acceptance check: the bundled speech clip rendered by {@code avatar render}'s path (trained
 * decoder, built-in avatar, MP4) and then judged only by an independent face mesh on the output frames against the
 * file's own audio track.
 */
class RenderAcceptanceTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldRenderAVideoThatAnIndependentCheckFindsInSyncAndAlive() throws Exception
    {
        final Path audio = tmp.resolve("speech.wav");
        try (InputStream in = getClass().getResourceAsStream("/io/avatar/models/samples/sample_speech.wav"))
        {
            Files.copy(in, audio);
        }
        final Path video = tmp.resolve("out.mp4");
        final OfflineRender.Summary s = OfflineRender.render(audio, StylePresets.load("neutral").code(),
            FaceRenderers.builtIn(256), OnnxMotionDecoder.openDefault(16), video, 25, List.of(), null);
        final VideoCheck.Result r = VideoCheck.run(video);
        final String what = r.describe() + "; render: " + OfflineRender.describe(s);
        System.out.println(what);
        assertTrue(Math.abs(r.videoSeconds() - s.audioSeconds()) <= 1.0 / 25, "duration: " + what);
        assertTrue(r.faceFoundRatio() >= 0.99, "face found: " + what);
        assertTrue(Math.abs(r.lipSync().bestLagMs()) <= 40, "lip-sync lag: " + what);
        assertTrue(r.lipSync().rBest() > 0.3, "mouth does not follow the speech: " + what);
        assertTrue(r.mouthMoveSpeech() > 2 * r.mouthMovePause(), "mouth not livelier in speech: " + what);
        assertTrue(r.blinksInPauses() >= 1, "no blink in pauses: " + what);
    }
}
