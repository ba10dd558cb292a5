package io.avatar.models.face.fit;

import io.avatar.kernels.render.DetailTexture;
import io.avatar.kernels.render.RenderCamera;
import io.avatar.kernels.render.RenderTexture;
import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.face.DrivenDetail;
import io.avatar.models.face.MouthPalette;
import io.avatar.models.face.Portrait;
import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.ArkitBlendshape;

/**
 * The result of fitting one photo ({@link PortraitFitter}): the square crop of the photo that becomes the texture and
 * background, the 468 landmarks in crop pixels, the head pose read from them, the identity offsets (cm, the photo's
 * own expression removed), that expression in rig weights, the rest camera parameters, and the colour of the photo's
 * own teeth for the rendered mouth interior ({@link PhotoTeeth}). Immutable (arrays are copied in and out); any thread.
 *
 * @param source        where the photo came from (a path or a name).
 * @param sha256        hex SHA-256 of the photo file's bytes (empty when fitted from pixels).
 * @param crop          the square crop in the loaded (upright, possibly downscaled) photo: {@code x, y, side}.
 * @param image         the cropped pixels.
 * @param landmarks     468 x (x, y) in crop pixels.
 * @param pose          pitch, yaw, roll (radians, {@code HeadPose} convention) and scale (crop px per cm).
 * @param identity      468 x (dx, dy, dz) offsets from the rig's neutral, cm, expression removed.
 * @param expression    52 weights of the photo's expression in {@link ArkitBlendshape} order.
 * @param camera        focal, cx, cy, rest rotation (9, row-major), rest translation (3), pivot (3): 18 numbers.
 * @param warning       a warning from detection (several faces), or null.
 * @param mouth         the mouth-interior colours: the photo's tooth colour, or the default and why.
 */
public record FittedPortrait(String source, String sha256, int[] crop, RgbImage image, float[] landmarks,
    float[] pose, float[] identity, float[] expression, float[] camera, String warning, MouthPalette mouth)
{
    /** Number of camera numbers. */
    public static final int CAMERA_SIZE = 18;

    /**
     * Checks the array sizes and values.
     */
    public FittedPortrait
    {
        final int n = CanonicalFaceMesh.VERTEX_COUNT;
        check(crop.length == 3 && crop[2] >= 2, "crop must be x, y, side (side >= 2)");
        check(image.width() == crop[2] && image.height() == crop[2], "image size " + image.width() + "x"
            + image.height() + " differs from the crop side " + crop[2]);
        check(landmarks.length == 2 * n, "landmarks need " + 2 * n + " numbers, got " + landmarks.length);
        check(pose.length == 4, "pose needs pitch, yaw, roll, scale");
        check(identity.length == 3 * n, "identity needs " + 3 * n + " numbers, got " + identity.length);
        check(expression.length == ArkitBlendshape.COUNT, "expression needs " + ArkitBlendshape.COUNT
            + " weights, got " + expression.length);
        check(camera.length == CAMERA_SIZE, "camera needs " + CAMERA_SIZE + " numbers, got " + camera.length);
        check(mouth != null, "no mouth palette (MouthPalette.DEFAULT or a fallback when the photo shows no teeth)");
        for (final float[] a : new float[][]{landmarks, pose, identity, expression, camera})
        {
            for (final float f : a)
            {
                check(Float.isFinite(f), "fitted portrait holds a non-finite number");
            }
        }
        crop = crop.clone();
        landmarks = landmarks.clone();
        pose = pose.clone();
        identity = identity.clone();
        expression = expression.clone();
        camera = camera.clone();
    }

    private static void check(final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new IllegalArgumentException("invalid fitted portrait: " + what);
        }
    }

    /**
     * @return the rest camera of the crop. Any thread.
     */
    public RenderCamera renderCamera()
    {
        final float[] c = camera;
        return new RenderCamera(crop[2], crop[2], c[0], c[1], c[2], java.util.Arrays.copyOfRange(c, 3, 12),
            java.util.Arrays.copyOfRange(c, 12, 15), java.util.Arrays.copyOfRange(c, 15, 18));
    }

    /**
     * Builds the renderer's input: the crop as background (the skirt fades into the photo itself) and, with the
     * shading of the photo's smile taken out of the fold band ({@link SmileShading}; the crop itself when the photo
     * does not smile), as texture, with the photo's creases as driven detail ({@link DrivenDetail}: each side's
     * creases follow that side's driven smile); the landmarks, the expression-free identity, the camera and the mouth
     * colours.
     * Setup time; any thread.
     *
     * @return the portrait.
     */
    public Portrait toPortrait()
    {
        final RenderTexture photo = texture(image);
        // the face texture without the smile's fold shading (the smile is removed from the geometry, and the neutral
        // must not keep its creases); the background, which the skirt fades into, stays the photo
        final RgbImage face = SmileShading.apply(image, landmarks, expression);
        if (face == image)
        {
            return new Portrait(photo, photo, landmarks, identity, renderCamera(), mouth);
        }
        // ... but a driven smile must: each side's creases come back in proportion to that side's driven smile over
        // the photo's (the photo's own expression draws the photo's creases, the neutral none)
        final int left = ArkitBlendshape.mouthSmileLeft.ordinal();
        final int right = ArkitBlendshape.mouthSmileRight.ordinal();
        final DrivenDetail creases = new DrivenDetail(new DetailTexture(photo, SmileShading.sides(image, face,
            landmarks), 2), new int[]{left, right}, new float[]{smileWeight(left), smileWeight(right)});
        return new Portrait(texture(face), photo, landmarks, identity, renderCamera(), mouth, creases);
    }

    /** The photo's weight of a smile shape as {@link SmileShading} reads it (clamped to [0, 1]). */
    private float smileWeight(final int shape)
    {
        return Math.max(0f, Math.min(1f, expression[shape]));
    }

    private static RenderTexture texture(final RgbImage img)
    {
        final int w = img.width();
        final int h = img.height();
        final byte[] rgb = img.rgb();
        final int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++)
        {
            argb[i] = 0xFF000000 | (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
        }
        return new RenderTexture(w, h, argb);
    }

    /**
     * @return a copy of the crop: x, y, side in the loaded photo. Any thread.
     */
    @Override
    public int[] crop()
    {
        return crop.clone();
    }

    /**
     * @return a copy of the landmarks, crop pixels. Any thread.
     */
    @Override
    public float[] landmarks()
    {
        return landmarks.clone();
    }

    /**
     * @return a copy of pitch, yaw, roll (radians) and scale (px/cm). Any thread.
     */
    @Override
    public float[] pose()
    {
        return pose.clone();
    }

    /**
     * @return a copy of the identity offsets, cm. Any thread.
     */
    @Override
    public float[] identity()
    {
        return identity.clone();
    }

    /**
     * @return a copy of the photo's expression weights. Any thread.
     */
    @Override
    public float[] expression()
    {
        return expression.clone();
    }

    /**
     * @return a copy of the camera numbers. Any thread.
     */
    @Override
    public float[] camera()
    {
        return camera.clone();
    }
}
