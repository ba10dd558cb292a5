package io.avatar.models.assets;

/**
 * An asset is absent, corrupt or could not be fetched. The message names the asset, what was wrong and the command
 * that fixes it.
 */
public final class AssetMissingException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is missing and how to fix it.
     * @param cause   the underlying failure, or null.
     */
    public AssetMissingException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
