package io.avatar.engine.cli;

import io.avatar.models.face.detect.Face;
import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.face.detect.FacePose;
import io.avatar.models.face.detect.LandmarkOverlay;
import io.avatar.models.face.detect.PoseSolver;
import io.avatar.models.face.detect.ProcrustesReference;
import io.avatar.models.image.ImageLoader;
import io.avatar.models.image.LoadedImage;
import io.avatar.models.image.RgbImage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code avatar landmarks --image P [--out overlay.png]}: detects the face in a picture, fits the 468-point mesh and
 * the head pose, prints them, and optionally draws the points over the picture for a person to check.
 */
public final class LandmarksCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "landmarks";
    }

    @Override
    public String summary()
    {
        return "detect the face in a picture: box, score, 468 landmarks, head pose (optionally an overlay PNG)";
    }

    @Override
    public String usage()
    {
        return "--image P [--out overlay.png] [--json]\n--image P   a PNG, JPEG or WebP picture with one face (the "
            + "largest is used)\n--out F     write the picture with the box, keypoints and landmarks drawn on it\n"
            + "--json      print one JSON object instead of text";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path imagePath = Path.of(args.required("image"));
        final Path overlay = args.path("out", null);
        final boolean json = args.flag("json");
        args.rejectUnknown();
        final LoadedImage loaded = new ImageLoader().load(imagePath);
        final RgbImage image = loaded.image();
        final ProcrustesReference reference = ProcrustesReference.openDefault();
        try (FaceLandmarker landmarker = FaceLandmarker.open())
        {
            final long t0 = System.nanoTime();
            final FaceLandmarker.Selection selection = landmarker.select(image);
            final Face face = selection.face();
            final float[] lm = landmarker.landmarks(image, face);
            final long t1 = System.nanoTime();
            final FacePose pose = new PoseSolver(lm.length / 3).solve(lm, reference.vertices(), reference.weights(),
                new FacePose());
            if (selection.warning() != null)
            {
                err.println("warning: " + selection.warning());
            }
            final double iod = Math.hypot(lm[3 * 263] - lm[3 * 33], lm[3 * 263 + 1] - lm[3 * 33 + 1]);
            if (json)
            {
                out.printf(Locale.ROOT, "{\"image\":\"%s\",\"width\":%d,\"height\":%d,\"orientation\":%d,"
                    + "\"scale\":%.4f,\"faces\":%d,\"box\":[%.1f,%.1f,%.1f,%.1f],\"score\":%.3f,\"presence\":%.3f,"
                    + "\"pitchDeg\":%.2f,\"yawDeg\":%.2f,\"rollDeg\":%.2f,\"pxPerCm\":%.3f,\"depthScale\":%.3f,"
                    + "\"rmsPx\":%.2f,\"interOcularPx\":%.1f}%n", jsonEscape(imagePath.toString()), image.width(),
                    image.height(), loaded.orientation(), loaded.scale(), selection.faceCount(), face.x(), face.y(),
                    face.width(), face.height(), face.score(), landmarker.lastPresence(),
                    Math.toDegrees(pose.pitch()), Math.toDegrees(pose.yaw()), Math.toDegrees(pose.roll()),
                    pose.scale(), pose.depthScale(), pose.rmsError(), iod);
            }
            else
            {
                out.printf(Locale.ROOT, "image      %s (%dx%d as used, %s, EXIF orientation %d, scale %.3f)%n",
                    imagePath, image.width(), image.height(), loaded.format(), loaded.orientation(),
                    loaded.scale());
                out.printf(Locale.ROOT, "faces      %d%n", selection.faceCount());
                out.printf(Locale.ROOT, "box        x=%.1f y=%.1f w=%.1f h=%.1f px%n", face.x(), face.y(),
                    face.width(), face.height());
                out.printf(Locale.ROOT, "score      %.3f (mesh presence %.3f)%n", face.score(),
                    landmarker.lastPresence());
                out.printf(Locale.ROOT, "landmarks  468, inter-ocular %.1f px, nose tip at %.1f,%.1f%n", iod, lm[3],
                    lm[4]);
                out.printf(Locale.ROOT, "pose       pitch %.1f  yaw %.1f  roll %.1f deg (HeadPose convention)%n",
                    Math.toDegrees(pose.pitch()), Math.toDegrees(pose.yaw()), Math.toDegrees(pose.roll()));
                out.printf(Locale.ROOT, "fit        %.2f px/cm, depth scale %.2f, rms %.2f px, %.0f ms%n",
                    pose.scale(), pose.depthScale(), pose.rmsError(), (t1 - t0) / 1e6);
            }
            if (overlay != null)
            {
                final String name = overlay.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!name.endsWith(".png"))
                {
                    throw new CliArgs.UsageException("--out must name a .png file, got " + overlay);
                }
                if (!ImageIO.write(LandmarkOverlay.draw(image, face, lm), "png", overlay.toFile()))
                {
                    throw new IllegalStateException("no PNG writer available to write " + overlay);
                }
                err.println("overlay written to " + overlay);
            }
        }
        return 0;
    }

    private static String jsonEscape(final String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
