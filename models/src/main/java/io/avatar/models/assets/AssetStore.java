package io.avatar.models.assets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The asset cache: where assets live, whether they are intact, and the setup step that fetches them.
 * <p>
 * The directory is, in order: the {@code avatar.cache.dir} system property, the {@code AVATAR_CACHE_DIR}
 * environment variable, {@code $XDG_CACHE_HOME/avatar/assets}, {@code ~/.cache/avatar/assets}. Each asset is stored
 * with a {@code <file>.manifest.json} recording its source package and version, its path inside the package, its
 * licence, size and SHA-256. Thread-safe; fetching is serialised.
 */
public final class AssetStore
{
    /** System property naming the cache directory. */
    public static final String CACHE_DIR_PROP_NAME = "avatar.cache.dir";
    /** Environment variable naming the cache directory. */
    public static final String CACHE_DIR_ENV_NAME = "AVATAR_CACHE_DIR";
    /** The command users run to fetch assets. */
    public static final String SETUP_COMMAND = "./avatar setup";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NPM_TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final Set<AssetId> verified = new HashSet<>();

    /**
     * @param dir the cache directory (created on first fetch).
     */
    public AssetStore(final Path dir)
    {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * @return a store on the default cache directory.
     */
    public static AssetStore openDefault()
    {
        return new AssetStore(defaultDirectory());
    }

    /**
     * @return the cache directory the default store uses.
     */
    public static Path defaultDirectory()
    {
        final String prop = System.getProperty(CACHE_DIR_PROP_NAME);
        if (prop != null && !prop.isBlank())
        {
            return Path.of(prop);
        }
        final String env = System.getenv(CACHE_DIR_ENV_NAME);
        if (env != null && !env.isBlank())
        {
            return Path.of(env);
        }
        final String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank())
        {
            return Path.of(xdg, "avatar", "assets");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "avatar", "assets");
    }

    /**
     * @return the cache directory.
     */
    public Path directory()
    {
        return dir;
    }

    /**
     * What state an asset is in.
     */
    public enum State
    {
        /** Present with the expected size and checksum. */
        OK,
        /** Not in the cache. */
        MISSING,
        /** Present but of the wrong size or checksum. */
        CORRUPT
    }

    /**
     * @param id the asset.
     * @return its state, checking size and checksum.
     * @throws IOException when the file cannot be read.
     */
    public synchronized State state(final AssetId id) throws IOException
    {
        final Path p = dir.resolve(id.fileName());
        if (!Files.isRegularFile(p))
        {
            return State.MISSING;
        }
        if (verified.contains(id))
        {
            return State.OK;
        }
        if (Files.size(p) != id.size() || !id.sha256().equals(sha256(Files.readAllBytes(p))))
        {
            return State.CORRUPT;
        }
        verified.add(id);
        return State.OK;
    }

    /**
     * @param id the asset.
     * @return the path of the intact asset.
     * @throws AssetMissingException when it is missing or corrupt, naming the fix.
     */
    public Path path(final AssetId id)
    {
        final State s;
        try
        {
            s = state(id);
        }
        catch (final IOException ex)
        {
            throw new AssetMissingException("cannot read asset " + id.fileName() + " in " + dir + ": "
                + ex.getMessage() + " (run: " + SETUP_COMMAND + ")", ex);
        }
        if (s != State.OK)
        {
            throw new AssetMissingException("asset " + id.fileName() + " (from npm " + id.source().spec() + ") is "
                + (s == State.MISSING ? "missing" : "corrupt (size or SHA-256 mismatch)") + " in " + dir
                + "; run: " + SETUP_COMMAND, null);
        }
        return dir.resolve(id.fileName());
    }

    /**
     * Returns the asset, fetching it first when it is missing or corrupt (the "run setup automatically" path).
     *
     * @param id the asset.
     * @return the path of the intact asset.
     * @throws AssetMissingException when it cannot be fetched, saying why and what to run.
     */
    public synchronized Path ensure(final AssetId id)
    {
        try
        {
            if (state(id) != State.OK)
            {
                fetch(id.source(), null);
            }
        }
        catch (final IOException ex)
        {
            throw new AssetMissingException("asset " + id.fileName() + " is not in " + dir
                + " and could not be fetched from npm " + id.source().spec() + ": " + ex.getMessage()
                + " (needs npm and access to the npm registry; then run: " + SETUP_COMMAND + ")", ex);
        }
        return path(id);
    }

    /**
     * Fetches every asset that is missing or corrupt.
     *
     * @param progress where to report what happens, or null.
     * @param force    fetch even assets that are intact.
     * @return the state of each asset afterwards.
     * @throws IOException when a fetch fails.
     */
    public synchronized Map<AssetId, State> fetchAll(final PrintStream progress, final boolean force)
        throws IOException
    {
        for (final NpmSource source : NpmSource.values())
        {
            boolean need = force;
            for (final AssetId id : AssetId.values())
            {
                if (id.source() == source && state(id) != State.OK)
                {
                    need = true;
                }
            }
            if (need)
            {
                fetch(source, progress);
            }
            else if (progress != null)
            {
                progress.println("ok      " + source.spec() + " (already in " + dir + ")");
            }
        }
        final Map<AssetId, State> states = new EnumMap<>(AssetId.class);
        for (final AssetId id : AssetId.values())
        {
            states.put(id, state(id));
        }
        return states;
    }

    private void fetch(final NpmSource source, final PrintStream progress) throws IOException
    {
        Files.createDirectories(dir);
        final Path work = Files.createTempDirectory(dir, ".fetch-");
        try
        {
            if (progress != null)
            {
                progress.println("fetch   npm pack " + source.spec());
            }
            final Path tarball = npmPack(source, work);
            final String tarballSha = sha256(Files.readAllBytes(tarball));

            final Set<String> wanted = new HashSet<>();
            if (source.packedData() != null)
            {
                wanted.add(source.packedData());
                wanted.add(source.packedLoader());
            }
            for (final AssetId id : AssetId.values())
            {
                if (id.source() == source && source.packedData() == null)
                {
                    wanted.add(id.pathInPackage());
                }
            }
            final Map<String, byte[]> entries = TarGz.read(tarball, wanted);
            for (final String w : wanted)
            {
                if (!entries.containsKey(w))
                {
                    throw new IOException(source.spec() + " tarball has no " + w);
                }
            }
            for (final AssetId id : AssetId.values())
            {
                if (id.source() != source)
                {
                    continue;
                }
                final byte[] bytes = source.packedData() == null ? entries.get(id.pathInPackage())
                    : EmscriptenPackedFiles.extract(
                        new String(entries.get(source.packedLoader()), StandardCharsets.UTF_8),
                        entries.get(source.packedData()), id.pathInPackage());
                final String sha = sha256(bytes);
                if (bytes.length != id.size() || !sha.equals(id.sha256()))
                {
                    throw new IOException(id.fileName() + " from " + source.spec() + " has " + bytes.length
                        + " bytes, SHA-256 " + sha + "; expected " + id.size() + " bytes, " + id.sha256());
                }
                writeAtomically(dir.resolve(id.fileName()), bytes);
                writeAtomically(dir.resolve(id.fileName() + ".manifest.json"), manifest(id, sha, tarballSha));
                verified.add(id);
                if (progress != null)
                {
                    progress.println("stored  " + id.fileName() + " (" + bytes.length + " bytes, sha256 "
                        + sha.substring(0, 12) + "..., " + source.licence() + ")");
                }
            }
        }
        finally
        {
            deleteTree(work);
        }
    }

    private static byte[] manifest(final AssetId id, final String sha, final String tarballSha) throws IOException
    {
        final ObjectNode m = JSON.createObjectNode();
        m.put("name", id.fileName());
        m.put("asset", id.name());
        m.put("sourceRegistry", "npm");
        m.put("sourcePackage", id.source().packageName());
        m.put("sourceVersion", id.source().version());
        m.put("sourceTarballSha256", tarballSha);
        m.put("pathInPackage", id.pathInPackage());
        if (id.source().packedData() != null)
        {
            m.put("packedIn", id.source().packedData());
        }
        m.put("licence", id.source().licence());
        m.put("size", id.size());
        m.put("sha256", sha);
        m.put("fetchedAt", Instant.now().toString());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    private static Path npmPack(final NpmSource source, final Path work) throws IOException
    {
        final ProcessBuilder pb = new ProcessBuilder("npm", "pack", source.spec(), "--silent")
            .directory(work.toFile())
            .redirectErrorStream(true);
        final Process p;
        try
        {
            p = pb.start();
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot start 'npm' (is Node.js/npm installed?): " + ex.getMessage(), ex);
        }
        final byte[] output;
        try (InputStream in = p.getInputStream())
        {
            output = in.readAllBytes();
        }
        try
        {
            if (!p.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IOException("npm pack " + source.spec() + " timed out after " + NPM_TIMEOUT_SECONDS + " s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running npm pack " + source.spec(), ex);
        }
        if (p.exitValue() != 0)
        {
            final String text = new String(output, StandardCharsets.UTF_8).strip();
            throw new IOException("npm pack " + source.spec() + " failed with exit code " + p.exitValue() + ": "
                + (text.length() > 600 ? text.substring(text.length() - 600) : text));
        }
        try (var files = Files.list(work))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                .orElseThrow(() -> new IOException("npm pack " + source.spec() + " wrote no .tgz"));
        }
    }

    private static void writeAtomically(final Path target, final byte[] bytes) throws IOException
    {
        final Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        Files.write(tmp, bytes);
        try
        {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (var walk = Files.walk(root))
        {
            for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * @param bytes data.
     * @return its SHA-256, lower-case hex.
     */
    public static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("JDK without SHA-256", ex);
        }
    }
}
