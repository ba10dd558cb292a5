package io.avatar.transport.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request error with its HTTP status and a short machine-readable code; the message names the problem. Sent as
 * {@code {"error": code, "message": message}}.
 */
public final class ApiException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;

    /**
     * @param status  HTTP status.
     * @param code    short code, e.g. "bad_json".
     * @param message what was wrong.
     */
    public ApiException(final HttpResponseStatus status, final String code, final String message)
    {
        super(message);
        this.status = status;
        this.code = code;
    }

    /**
     * @return the HTTP status.
     */
    public HttpResponseStatus status()
    {
        return status;
    }

    /**
     * @return the short error code.
     */
    public String code()
    {
        return code;
    }

    /**
     * @param message what was wrong.
     * @return a 400 with code "bad_request".
     */
    public static ApiException badRequest(final String message)
    {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }
}
