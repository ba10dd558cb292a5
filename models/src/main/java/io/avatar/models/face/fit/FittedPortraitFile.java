package io.avatar.models.face.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.models.face.MouthPalette;
import io.avatar.models.image.ImageLoader;
import io.avatar.models.image.RgbImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves and loads a {@link FittedPortrait} as a small JSON file, so a session starts without re-running detection:
 * format version, the photo's path (relative to the fit file when it lies beside it) and SHA-256, the crop, pose,
 * landmarks, identity offsets, solved expression and camera, and the mouth-interior tooth colour ({@code teeth}:
 * {@code rgb} 0-1, {@code fromPhoto}, {@code origin}). The photo is referenced, not embedded; loading re-reads it and
 * refuses it when its digest differs (the photo changed since the fit).
 * <p>
 * {@code teeth} was added to version 1 without a version bump, because it is optional both ways: a file written
 * before it existed has its tooth colour measured on load from the photo and landmarks it already holds (exactly what
 * the fitter does, {@link PhotoTeeth}), and an older build ignores the field. A {@code teeth} that is present must be
 * well formed. Any thread.
 */
public final class FittedPortraitFile
{
    /** Format version written and read. */
    public static final int VERSION = 1;
    /** The format's name, checked on load. */
    public static final String FORMAT = "avatar-fitted-portrait";

    private FittedPortraitFile()
    {
    }

    /**
     * Writes the fit. The photo must be a file ({@link FittedPortrait#source()} a path with a digest).
     *
     * @param fit  the fit.
     * @param file where to write (e.g. {@code portrait.fit.json}).
     * @throws IOException when it cannot be written.
     */
    public static void save(final FittedPortrait fit, final Path file) throws IOException
    {
        if (fit.sha256().isEmpty())
        {
            throw new IllegalArgumentException("the fit of " + fit.source() + " has no photo file to reference");
        }
        final ObjectMapper om = new ObjectMapper();
        final ObjectNode root = om.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        final Path photo = Path.of(fit.source()).toAbsolutePath().normalize();
        final Path dir = file.toAbsolutePath().normalize().getParent();
        root.put("image", dir != null && photo.startsWith(dir) ? dir.relativize(photo).toString() : photo.toString());
        root.put("sha256", fit.sha256());
        ints(root.putArray("crop"), fit.crop());
        floats(root.putArray("pose"), fit.pose());
        floats(root.putArray("camera"), fit.camera());
        floats(root.putArray("expression"), fit.expression());
        floats(root.putArray("landmarks"), fit.landmarks());
        floats(root.putArray("identity"), fit.identity());
        final ObjectNode teeth = root.putObject("teeth");
        floats(teeth.putArray("rgb"), new float[]{fit.mouth().red(), fit.mouth().green(), fit.mouth().blue()});
        teeth.put("fromPhoto", fit.mouth().fromPhoto());
        teeth.put("origin", fit.mouth().origin());
        if (fit.warning() != null)
        {
            root.put("warning", fit.warning());
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(file, om.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    /**
     * Reads a fit and its photo.
     *
     * @param file the fit file.
     * @return the fit.
     * @throws IOException naming the file and what is wrong (not a fit file, other version, missing or changed photo,
     *     malformed numbers).
     */
    public static FittedPortrait load(final Path file) throws IOException
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IOException("fitted portrait " + file + " is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()))
        {
            throw new IOException("fitted portrait " + file + " is not a " + FORMAT + " file");
        }
        final int version = root.path("version").asInt(-1);
        if (version != VERSION)
        {
            throw new IOException("fitted portrait " + file + " has version " + version + "; this build reads "
                + VERSION);
        }
        final String imageName = root.path("image").asText("");
        if (imageName.isEmpty())
        {
            throw new IOException("fitted portrait " + file + " names no image");
        }
        final Path dir = file.toAbsolutePath().getParent();
        final Path photo = dir == null ? Path.of(imageName) : dir.resolve(imageName);
        if (!Files.isRegularFile(photo))
        {
            throw new IOException("fitted portrait " + file + ": its photo " + photo + " does not exist");
        }
        final byte[] bytes = Files.readAllBytes(photo);
        final String sha = PortraitFitter.sha256(bytes);
        if (!sha.equals(root.path("sha256").asText()))
        {
            throw new IOException("fitted portrait " + file + ": the photo " + photo + " changed since the fit "
                + "(sha256 " + sha + ", fit made from " + root.path("sha256").asText() + "); fit it again");
        }
        try
        {
            final RgbImage image = new ImageLoader().load(bytes, photo.toString()).image();
            final int[] crop = ints(root, "crop", file);
            final RgbImage cropped = PortraitFitter.crop(image, crop, photo.toString());
            final float[] landmarks = floats(root, "landmarks", file);
            final MouthPalette mouth = root.has("teeth") ? teeth(root.get("teeth"), file)
                : PhotoTeeth.measure(cropped, landmarks);
            return new FittedPortrait(photo.toString(), sha, crop, cropped, landmarks, floats(root, "pose", file),
                floats(root, "identity", file), floats(root, "expression", file), floats(root, "camera", file),
                root.hasNonNull("warning") ? root.get("warning").asText() : null, mouth);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("fitted portrait " + file + " is inconsistent: " + ex.getMessage(), ex);
        }
    }

    private static MouthPalette teeth(final JsonNode teeth, final Path file) throws IOException
    {
        if (!teeth.isObject())
        {
            throw new IOException("fitted portrait " + file + ": teeth is not an object");
        }
        final float[] rgb = floats(teeth, "rgb", file);
        if (rgb.length != 3)
        {
            throw new IOException("fitted portrait " + file + ": teeth.rgb needs 3 numbers, got " + rgb.length);
        }
        if (!teeth.path("fromPhoto").isBoolean() || !teeth.path("origin").isTextual())
        {
            throw new IOException("fitted portrait " + file + ": teeth needs a boolean fromPhoto and a text origin");
        }
        return new MouthPalette(rgb[0], rgb[1], rgb[2], teeth.get("fromPhoto").asBoolean(),
            teeth.get("origin").asText());
    }

    private static void ints(final ArrayNode a, final int[] v)
    {
        for (final int x : v)
        {
            a.add(x);
        }
    }

    private static void floats(final ArrayNode a, final float[] v)
    {
        for (final float x : v)
        {
            a.add(x);
        }
    }

    private static int[] ints(final JsonNode root, final String key, final Path file) throws IOException
    {
        final JsonNode a = array(root, key, file);
        final int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++)
        {
            if (!a.get(i).canConvertToInt())
            {
                throw new IOException("fitted portrait " + file + ": " + key + "[" + i + "] is not an integer");
            }
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    private static float[] floats(final JsonNode root, final String key, final Path file) throws IOException
    {
        final JsonNode a = array(root, key, file);
        final float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++)
        {
            if (!a.get(i).isNumber())
            {
                throw new IOException("fitted portrait " + file + ": " + key + "[" + i + "] is not a number");
            }
            v[i] = (float)a.get(i).asDouble();
        }
        return v;
    }

    private static JsonNode array(final JsonNode root, final String key, final Path file) throws IOException
    {
        final JsonNode a = root.path(key);
        if (!a.isArray())
        {
            throw new IOException("fitted portrait " + file + " has no " + key + " array");
        }
        return a;
    }
}
