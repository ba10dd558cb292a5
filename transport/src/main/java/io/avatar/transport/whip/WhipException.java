package io.avatar.transport.whip;

/**
 * A WHIP exchange failed: the endpoint answered an error status, answered without what RFC 9725 requires (a
 * {@code Location}, an {@code application/sdp} answer), could not be reached in time, redirected in a loop, or the
 * peer connection did not come up. The message names the URL, the status and an excerpt of the body.
 */
public final class WhipException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param message what went wrong, naming the URL.
     * @param status  the HTTP status that caused it, or 0 when there was none (timeout, no connection, ICE).
     */
    public WhipException(final String message, final int status)
    {
        super(message);
        this.status = status;
    }

    /**
     * @param message what went wrong, naming the URL.
     * @param status  the HTTP status, or 0.
     * @param cause   the underlying failure.
     */
    public WhipException(final String message, final int status, final Throwable cause)
    {
        super(message, cause);
        this.status = status;
    }

    /**
     * @return the HTTP status the endpoint answered, or 0 when the failure was not an HTTP answer.
     */
    public int status()
    {
        return status;
    }
}
