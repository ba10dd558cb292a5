package io.avatar.engine.cli;

import io.avatar.models.face.AvatarRenderer;
import io.avatar.models.face.BuiltInAvatar;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.MouthAtlas;
import io.avatar.models.face.Portrait;
import io.avatar.engine.render.PortraitRenderers;
import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.face.detect.ProcrustesReference;
import io.avatar.models.face.fit.FittedPortrait;
import io.avatar.models.face.fit.FittedPortraitFile;
import io.avatar.models.face.fit.RedetectionCheck;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import io.avatar.models.rig.HeadPose;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code avatar portrait}: renders a contact sheet of the face for a human to look at: neutral, the main mouth, eye
 * and brow shapes at full weight, and four head poses (yaw and pitch of +-15 degrees). Without {@code --image} it
 * uses the built-in avatar; with {@code --image} it fits the photo (or loads a saved fit, {@code .json}), can save the
 * fit ({@code --fit-out}) and, with {@code --check}, prints the re-detection numbers ({@link RedetectionCheck}).
 */
public final class PortraitCommand implements CliCommand
{
    private static final String[] LABELS = {"neutral", "jawOpen", "mouthFunnel", "mouthPucker", "smile (L+R)",
        "eyeBlink (L+R)", "browInnerUp", "jawOpen 0.5 + smile", "yaw +15", "yaw -15", "pitch +15", "pitch -15"};
    private static final int COLUMNS = 4;

    @Override
    public String name()
    {
        return "portrait";
    }

    @Override
    public String summary()
    {
        return "render a contact sheet of the avatar (neutral, mouth/eye/brow shapes, head poses) to a PNG";
    }

    @Override
    public String usage()
    {
        return "[--image P] [--out sheet.png] [--fit-out F.fit.json] [--check] [--size N]\n--out PATH   the PNG to "
            + "write\n--size N     side of each frame, even, 256-1024 (default 512)\n--image P    a portrait photo, or a "
            + "fit saved with --fit-out (default: the built-in avatar)\n--fit-out F  save the photo's fit (JSON)\n"
            + "--check      print the re-detection numbers (landmarks, pose, jaw, blink, turns, seams)";
    }

    @Override
    public java.util.Set<String> flags()
    {
        return java.util.Set.of("check");
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final String outOption = args.option("out", null);
        final int size = args.frameSize();
        final String image = args.option("image", null);
        final String fitOut = args.option("fit-out", null);
        final boolean check = args.flag("check");
        args.rejectUnknown();
        if (outOption == null && !check && fitOut == null)
        {
            throw new CliArgs.UsageException("nothing to do: give --out, --check or --fit-out");
        }
        if (fitOut != null && image == null)
        {
            throw new CliArgs.UsageException("--fit-out needs --image (the built-in avatar has no fit)");
        }
        final long t0 = System.nanoTime();
        final FaceRig rig = FaceRig.loadDefault();
        final Portrait portrait;
        final double[] rest = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        float[] fitted = null;
        if (image == null)
        {
            portrait = BuiltInAvatar.create(CanonicalFaceMesh.loadDefault());
        }
        else
        {
            final Path path = Path.of(image);
            final FittedPortrait fit = path.getFileName().toString().endsWith(".json") ? FittedPortraitFile.load(path)
                : PortraitRenderers.fit(path);
            if (fit.warning() != null)
            {
                err.println("warning: " + fit.warning());
            }
            if (fitOut != null)
            {
                FittedPortraitFile.save(fit, Path.of(fitOut));
                out.println("wrote " + fitOut);
            }
            portrait = fit.toPortrait();
            for (int k = 0; k < 9; k++)
            {
                rest[k] = fit.camera()[3 + k];
            }
            fitted = fit.expression();
        }
        err.println("mouth interior: " + portrait.mouthPalette().describe());
        final AvatarRenderer renderer = new AvatarRenderer(rig, portrait, MouthAtlas.generate(portrait.mouthPalette()),
            size, size);
        err.printf("avatar set up in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        if (outOption != null)
        {
            final Path outPath = Path.of(outOption);
            final BufferedImage sheet = render(renderer, size);
            writePng(sheet, outPath);
            out.println("wrote " + outPath + " (" + sheet.getWidth() + "x" + sheet.getHeight() + ", "
                + LABELS.length + " frames)");
        }
        if (check)
        {
            try (FaceLandmarker landmarker = FaceLandmarker.open())
            {
                out.print(new RedetectionCheck(landmarker, ProcrustesReference.openDefault(), rig.pin())
                    .run(renderer, rest, fitted, null).format());
            }
        }
        return 0;
    }

    /**
     * Renders the sheet. Main thread.
     *
     * @param renderer the avatar renderer.
     * @param size     frame side.
     * @return the sheet image.
     */
    static BufferedImage render(final AvatarRenderer renderer, final int size)
    {
        final int rows = (LABELS.length + COLUMNS - 1) / COLUMNS;
        final BufferedImage sheet = new BufferedImage(COLUMNS * size, rows * size, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, size / 24)));
        for (int i = 0; i < LABELS.length; i++)
        {
            final float[] w = new float[ArkitBlendshape.COUNT];
            final float[] pose = new float[HeadPose.SIZE];
            drive(i, w, pose);
            renderer.render(w, pose);
            final int x = (i % COLUMNS) * size;
            final int y = (i / COLUMNS) * size;
            sheet.setRGB(x, y, size, size, renderer.renderer().rgb(), 0, size);
            g.setColor(new Color(0, 0, 0, 140));
            g.fillRect(x, y + size - size / 14, size, size / 14);
            g.setColor(Color.WHITE);
            g.drawString(LABELS[i], x + size / 40, y + size - size / 50);
        }
        g.dispose();
        return sheet;
    }

    private static void drive(final int i, final float[] w, final float[] pose)
    {
        final float deg15 = (float)Math.toRadians(15);
        switch (i)
        {
            case 1 -> w[ArkitBlendshape.jawOpen.ordinal()] = 1f;
            case 2 -> w[ArkitBlendshape.mouthFunnel.ordinal()] = 1f;
            case 3 -> w[ArkitBlendshape.mouthPucker.ordinal()] = 1f;
            case 4 ->
            {
                w[ArkitBlendshape.mouthSmileLeft.ordinal()] = 1f;
                w[ArkitBlendshape.mouthSmileRight.ordinal()] = 1f;
            }
            case 5 ->
            {
                w[ArkitBlendshape.eyeBlinkLeft.ordinal()] = 1f;
                w[ArkitBlendshape.eyeBlinkRight.ordinal()] = 1f;
            }
            case 6 -> w[ArkitBlendshape.browInnerUp.ordinal()] = 1f;
            case 7 ->
            {
                w[ArkitBlendshape.jawOpen.ordinal()] = 0.5f;
                w[ArkitBlendshape.mouthSmileLeft.ordinal()] = 0.6f;
                w[ArkitBlendshape.mouthSmileRight.ordinal()] = 0.6f;
            }
            case 8 -> pose[HeadPose.YAW] = deg15;
            case 9 -> pose[HeadPose.YAW] = -deg15;
            case 10 -> pose[HeadPose.PITCH] = deg15;
            case 11 -> pose[HeadPose.PITCH] = -deg15;
            default ->
            {
                // neutral
            }
        }
    }

    private static void writePng(final BufferedImage image, final Path path) throws IOException
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", path.toFile()))
        {
            throw new IOException("no PNG writer available to write " + path);
        }
    }
}
