package io.avatar.models.image;

/**
 * Lets tests in other packages build EXIF-tagged files.
 */
public final class ExifTestFilesAccess
{
    private ExifTestFilesAccess()
    {
    }

    /**
     * @param jpeg        a JPEG file.
     * @param orientation the tag value.
     * @return the file with an APP1 Exif segment carrying the tag.
     */
    public static byte[] withJpegOrientation(final byte[] jpeg, final int orientation)
    {
        return ExifTestFiles.withJpegOrientation(jpeg, orientation, true);
    }
}
