package io.avatar.engine.render;

import io.avatar.models.face.detect.FaceInputException;
import io.avatar.models.face.fit.FittedPortrait;
import io.avatar.models.face.fit.FittedPortraitFile;
import io.avatar.models.face.fit.PortraitFitter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Face renderers of photo portraits: fitted now from a photo ({@link PortraitFitter}, detection + landmarks, about a
 * second), or loaded from a saved fit ({@link FittedPortraitFile}, no detection). Setup time; any thread (each call
 * opens its own landmarker).
 */
public final class PortraitRenderers
{
    private PortraitRenderers()
    {
    }

    /**
     * Fits a photo.
     *
     * @param photo the photo (PNG, JPEG, WebP...).
     * @return the fit.
     * @throws IOException when the photo cannot be read, or has no usable face (the message names the file).
     */
    public static FittedPortrait fit(final Path photo) throws IOException
    {
        try (PortraitFitter fitter = PortraitFitter.open())
        {
            return fitter.fit(photo);
        }
        catch (final FaceInputException ex)
        {
            throw new IOException("cannot fit " + photo + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param photo a portrait photo.
     * @param size  output width and height (256-1024, even).
     * @return a renderer of the fitted photo.
     * @throws IOException when the photo cannot be fitted.
     */
    public static AvatarFaceRenderer fromImage(final Path photo, final int size) throws IOException
    {
        return FaceRenderers.of(fit(photo).toPortrait(), size);
    }

    /**
     * @param fitFile a fit saved by {@link FittedPortraitFile#save}.
     * @param size    output size.
     * @return a renderer of that fit.
     * @throws IOException when the file or its photo is missing, changed or malformed.
     */
    public static AvatarFaceRenderer fromFitted(final Path fitFile, final int size) throws IOException
    {
        return FaceRenderers.of(FittedPortraitFile.load(fitFile).toPortrait(), size);
    }

    /**
     * The portrait of a photo (fitted now) or of a saved fit ({@code .json}). Setup time; any thread.
     *
     * @param path the photo or fit file.
     * @return the portrait, for {@link FaceRenderers#session(io.avatar.models.face.Portrait, int)}.
     * @throws IOException as {@link #fromImage} or {@link #fromFitted}.
     */
    public static io.avatar.models.face.Portrait portrait(final Path path) throws IOException
    {
        return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
            ? FittedPortraitFile.load(path).toPortrait() : fit(path).toPortrait();
    }

    /**
     * A renderer of a photo or of a saved fit, chosen by the file name ({@code .json}: a saved fit).
     *
     * @param path the photo or fit file.
     * @param size output size.
     * @return the renderer.
     * @throws IOException as {@link #fromImage} or {@link #fromFitted}.
     */
    public static AvatarFaceRenderer of(final Path path, final int size) throws IOException
    {
        return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
            ? fromFitted(path, size) : fromImage(path, size);
    }

    /**
     * The renderer a command-line session uses: the built-in avatar when no portrait is given, else the photo or
     * saved fit at {@code path}, on the backend {@link FaceRenderers#session(int)} picks. Setup time; any thread.
     *
     * @param path a photo or a saved fit, or null for the built-in avatar.
     * @param size output size.
     * @return the renderer.
     * @throws IOException as {@link #portrait} or when the rig cannot be loaded.
     */
    public static io.avatar.engine.session.FaceRenderer session(final Path path, final int size) throws IOException
    {
        return path == null ? FaceRenderers.session(size) : FaceRenderers.session(portrait(path), size);
    }
}
