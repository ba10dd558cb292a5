package io.avatar.transport.service;

import io.avatar.engine.session.FaceRenderer;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.models.face.detect.FaceInputException;
import io.avatar.models.face.fit.FittedPortrait;
import io.avatar.models.face.fit.PortraitFitter;
import io.avatar.models.image.ImageLoader;
import io.avatar.models.image.RgbImage;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns an uploaded portrait (encoded image bytes) into a face renderer: decode ({@link ImageLoader}: PNG, JPEG,
 * GIF, BMP, EXIF orientation, large images shrunk), fit ({@link PortraitFitter}: detection, landmarks, pose, identity;
 * about a second), build the renderer. Runs on the caller's thread, which must not be a Netty event loop (the HTTP
 * API calls it from its API threads). Each call opens its own fitter (the landmarker is not thread-safe), so calls
 * may run concurrently.
 */
final class UploadedPortraits
{
    /** Name of an upload in messages and in the fit's provenance. */
    static final String SOURCE = "uploaded portrait";

    private static final ImageLoader LOADER = new ImageLoader();

    private UploadedPortraits()
    {
    }

    /**
     * @param image encoded image bytes.
     * @param size  output frame edge (validated by the caller).
     * @return the renderer of the fitted photo.
     * @throws IllegalArgumentException naming the problem when the bytes are not a decodable image or hold no usable
     *                                  face (none, too small, cut off: the fitter's own message).
     * @throws IllegalStateException    when the face models cannot be loaded (a server problem, not the client's).
     */
    static FaceRenderer renderer(final byte[] image, final int size)
    {
        if (image.length == 0)
        {
            throw new IllegalArgumentException("portrait is empty (0 bytes)");
        }
        final RgbImage rgb;
        try
        {
            rgb = LOADER.load(image, SOURCE).image();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("portrait cannot be decoded (PNG, JPEG, GIF or BMP expected): "
                + ex.getMessage(), ex);
        }
        final FittedPortrait fit;
        try (PortraitFitter fitter = PortraitFitter.open())
        {
            fit = fitter.fit(rgb, SOURCE, sha256(image));
        }
        catch (final FaceInputException ex)
        {
            throw new IllegalArgumentException("portrait has no usable face: " + ex.getMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the face models cannot be loaded: " + ex.getMessage(), ex);
        }
        try
        {
            return FaceRenderers.session(fit.toPortrait(), size);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the renderer cannot be built: " + ex.getMessage(), ex);
        }
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK lacks SHA-256", ex);
        }
    }
}
