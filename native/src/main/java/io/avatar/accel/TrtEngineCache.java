package io.avatar.accel;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * On-disk cache of serialized TensorRT engines (plans). Building a plan takes seconds to minutes, so it is built once
 * per model, TensorRT version and GPU architecture and reused. Each file holds a magic line, the full
 * {@link TrtEngineKey#text() key}, the plan's length and SHA-256, then the plan. A file whose key differs (new model,
 * TensorRT upgrade, other batch profile or precision) is rebuilt and replaced; a truncated or corrupt file is
 * rebuilt too, and the reason is reported in {@link Lookup#reason()}. Writes go to a temporary file that is then
 * moved into place, so a crash never leaves a half-written plan under the real name.
 * <p>
 * Pure Java (no native code). Methods may be called from any thread; two processes building the same plan at once
 * both succeed (the last move wins with an equally valid plan).
 */
public final class TrtEngineCache
{
    /** System property overriding the cache folder. */
    public static final String DIR_PROP_NAME = "avatar.trt.cache";
    /** First line of every cache file. */
    static final String MAGIC = "avatar-trt-engine v1";

    private final Path dir;

    /**
     * Builds a plan when the cache has none for a key.
     */
    @FunctionalInterface
    public interface PlanBuilder
    {
        /**
         * @return the serialized engine.
         * @throws Exception when the build fails (the cache is left unchanged).
         */
        byte[] build() throws Exception;
    }

    /**
     * The result of {@link #getOrBuild}.
     *
     * @param plan   the serialized engine.
     * @param built  whether it was built now (false: read from the cache).
     * @param reason why it was built ("no cached engine", "key mismatch: ...", "corrupt: ...") or "cache hit".
     * @param file   the cache file.
     */
    public record Lookup(byte[] plan, boolean built, String reason, Path file)
    {
    }

    /**
     * @param dir the cache folder (created on first store).
     */
    public TrtEngineCache(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * @return the cache in {@code -Davatar.trt.cache} or else {@code ~/.cache/avatar/trt}.
     */
    public static TrtEngineCache openDefault()
    {
        final String p = System.getProperty(DIR_PROP_NAME);
        return new TrtEngineCache(p != null ? Path.of(p)
            : Path.of(System.getProperty("user.home"), ".cache", "avatar", "trt"));
    }

    /**
     * @return the cache folder.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Returns the cached plan for a key, building and storing it when the cache has none, a different key or a
     * damaged file. Setup time; any thread.
     *
     * @param key     what the plan must match.
     * @param builder builds the plan on a miss.
     * @return the plan and whether/why it was built.
     * @throws IOException when the cache cannot be written, or the build fails (its cause attached).
     */
    public Lookup getOrBuild(final TrtEngineKey key, final PlanBuilder builder) throws IOException
    {
        final Path file = dir.resolve(key.fileName());
        final String miss = check(file, key);
        if (miss == null)
        {
            return new Lookup(readPlan(file), false, "cache hit", file);
        }
        final byte[] plan;
        try
        {
            plan = builder.build();
        }
        catch (final Exception ex)
        {
            throw new IOException("building TensorRT engine " + key.text() + " failed: " + ex.getMessage(), ex);
        }
        if (plan == null || plan.length == 0)
        {
            throw new IOException("building TensorRT engine " + key.text() + " returned no plan");
        }
        store(file, key, plan);
        return new Lookup(plan, true, miss, file);
    }

    /**
     * @return null when the file holds a valid plan for the key, else why not.
     */
    private static String check(final Path file, final TrtEngineKey key)
    {
        if (!Files.isRegularFile(file))
        {
            return "no cached engine";
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file)))
        {
            final String magic = readLine(in);
            if (!MAGIC.equals(magic))
            {
                return "corrupt: not an engine cache file (first line '" + abbreviate(magic) + "')";
            }
            final String recorded = readLine(in);
            if (!key.text().equals(recorded))
            {
                return "key mismatch: cached " + abbreviate(recorded) + ", wanted " + key.text();
            }
            final long length = in.readLong();
            final byte[] sha = in.readNBytes(32);
            final long actual = Files.size(file) - headerBytes(key);
            if (sha.length != 32 || length != actual || length <= 0)
            {
                return "corrupt: plan length " + length + " but " + actual + " bytes follow the header";
            }
            final MessageDigest d = sha256();
            final byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0)
            {
                d.update(buf, 0, n);
            }
            if (!Arrays.equals(sha, d.digest()))
            {
                return "corrupt: plan SHA-256 does not match its header";
            }
            return null;
        }
        catch (final EOFException ex)
        {
            return "corrupt: truncated file";
        }
        catch (final IOException ex)
        {
            return "corrupt: cannot read (" + ex.getMessage() + ")";
        }
    }

    private static byte[] readPlan(final Path file) throws IOException
    {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file)))
        {
            readLine(in);
            readLine(in);
            final long length = in.readLong();
            in.readNBytes(32);
            return in.readNBytes((int)length);
        }
    }

    private static void store(final Path file, final TrtEngineKey key, final byte[] plan) throws IOException
    {
        Files.createDirectories(file.getParent());
        final Path tmp = Files.createTempFile(file.getParent(), key.fileName(), ".tmp");
        try
        {
            final ByteArrayOutputStream header = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(header))
            {
                out.write((MAGIC + "\n" + key.text() + "\n").getBytes(StandardCharsets.UTF_8));
                out.writeLong(plan.length);
                out.write(sha256().digest(plan));
            }
            try (var out = Files.newOutputStream(tmp))
            {
                header.writeTo(out);
                out.write(plan);
            }
            try
            {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    private static long headerBytes(final TrtEngineKey key)
    {
        return (MAGIC + "\n" + key.text() + "\n").getBytes(StandardCharsets.UTF_8).length + 8L + 32L;
    }

    /** Reads up to a newline (at most 4 KiB: a cache file's header lines are short). */
    private static String readLine(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 4096; i++)
        {
            final int c = in.read();
            if (c < 0)
            {
                throw new EOFException();
            }
            if (c == '\n')
            {
                return b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(final String s)
    {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }
}
