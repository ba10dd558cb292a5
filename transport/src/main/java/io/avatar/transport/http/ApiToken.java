package io.avatar.transport.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API bearer token: given on the command line or in {@code AVATAR_TOKEN}, else read from a file, else generated
 * (256 random bits) at first start and stored in that file with owner-only permissions.
 */
public final class ApiToken
{
    private ApiToken()
    {
    }

    /**
     * @param file where a generated token is kept.
     * @return the stored token, generating and storing one when the file does not exist.
     * @throws IOException when the file cannot be read or written.
     */
    public static String loadOrCreate(final Path file) throws IOException
    {
        if (Files.exists(file))
        {
            final String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.length() < 16)
            {
                throw new IOException("token file " + file + " holds fewer than 16 characters; delete it to generate "
                    + "a new token");
            }
            return t;
        }
        final byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        final String t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, t + "\n", StandardCharsets.UTF_8);
        try
        {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (final UnsupportedOperationException ex)
        {
            // not a POSIX file system: the file keeps the default permissions
        }
        return t;
    }

    /**
     * Constant-time comparison, so the token cannot be guessed byte by byte from response times.
     *
     * @param expected the configured token.
     * @param given    what the client sent, or null.
     * @return whether they are equal.
     */
    public static boolean matches(final String expected, final String given)
    {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
            given.getBytes(StandardCharsets.UTF_8));
    }
}
