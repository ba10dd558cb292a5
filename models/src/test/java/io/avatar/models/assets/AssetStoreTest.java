package io.avatar.models.assets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssetStoreTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldNameTheMissingAssetAndTheFixingCommand()
    {
        final AssetStore store = new AssetStore(tmp);
        final AssetMissingException ex = assertThrows(AssetMissingException.class,
            () -> store.path(AssetId.SILERO_VAD));
        assertTrue(ex.getMessage().contains("silero_vad_v5.onnx"), ex.getMessage());
        assertTrue(ex.getMessage().contains("missing"), ex.getMessage());
        assertTrue(ex.getMessage().contains(AssetStore.SETUP_COMMAND), ex.getMessage());
    }

    @Test
    void shouldDetectACorruptAsset() throws IOException
    {
        Files.write(tmp.resolve(AssetId.HEADAUDIO_MODEL.fileName()), new byte[(int)AssetId.HEADAUDIO_MODEL.size()]);
        final AssetStore store = new AssetStore(tmp);
        assertEquals(AssetStore.State.CORRUPT, store.state(AssetId.HEADAUDIO_MODEL));
        final AssetMissingException ex = assertThrows(AssetMissingException.class,
            () -> store.path(AssetId.HEADAUDIO_MODEL));
        assertTrue(ex.getMessage().contains("corrupt"), ex.getMessage());
    }

    @Test
    void shouldReadSelectedEntriesOfATarball() throws IOException
    {
        final Path tgz = tmp.resolve("p.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz)))
        {
            writeEntry(out, "package/a.txt", "hello".getBytes(StandardCharsets.UTF_8));
            writeEntry(out, "package/b.bin", new byte[1000]);
            out.write(new byte[1024]);
        }
        final Map<String, byte[]> m = TarGz.read(tgz, Set.of("package/b.bin", "package/a.txt"));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), m.get("package/a.txt"));
        assertEquals(1000, m.get("package/b.bin").length);
        assertFalse(TarGz.read(tgz, Set.of("package/none")).containsKey("package/none"));
    }

    @Test
    void shouldRejectACorruptTarball() throws IOException
    {
        final Path tgz = tmp.resolve("bad.tgz");
        Files.write(tgz, "not a gzip file".getBytes(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> TarGz.read(tgz, Set.of("x")));
    }

    @Test
    void shouldCutFilesOutOfEmscriptenPackedData() throws IOException
    {
        final byte[] data = "AAAABBBBBBCC".getBytes(StandardCharsets.US_ASCII);
        final String loader = "var x = {\"files\": [{\"filename\": \"/a\", \"start\": 0, \"end\": 4}, "
            + "{\"filename\": \"/b\", \"start\": 4, \"end\": 10}], \"remote_package_size\": 12};";
        assertArrayEquals("BBBBBB".getBytes(StandardCharsets.US_ASCII),
            EmscriptenPackedFiles.extract(loader, data, "/b"));
        assertThrows(IOException.class, () -> EmscriptenPackedFiles.extract(loader, data, "/c"));
        final String outOfRange = "{\"files\": [{\"filename\": \"/a\", \"start\": 0, \"end\": 99}]}";
        assertThrows(IOException.class, () -> EmscriptenPackedFiles.extract(outOfRange, data, "/a"));
    }

    @Test
    void shouldFetchVerifyAndDescribeEveryAssetFromNpm() throws IOException
    {
        // The real setup step: npm pack of the pinned packages (the registry is reachable on CI and dev machines).
        final AssetStore store = new AssetStore(tmp.resolve("cache"));
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Map<AssetId, AssetStore.State> states = store.fetchAll(new java.io.PrintStream(log, true,
            StandardCharsets.UTF_8), false);
        for (final AssetId id : AssetId.values())
        {
            assertEquals(AssetStore.State.OK, states.get(id), id + "\n" + log);
            final Path manifest = tmp.resolve("cache").resolve(id.fileName() + ".manifest.json");
            final String text = Files.readString(manifest);
            assertTrue(text.contains(id.sha256()), text);
            assertTrue(text.contains(id.source().version()), text);
            assertTrue(text.contains(id.source().licence()), text);
        }
        // A second run finds everything intact and fetches nothing.
        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        new AssetStore(tmp.resolve("cache")).fetchAll(new java.io.PrintStream(again, true, StandardCharsets.UTF_8),
            false);
        assertFalse(again.toString(StandardCharsets.UTF_8).contains("fetch"), again.toString(StandardCharsets.UTF_8));
    }

    private static void writeEntry(final OutputStream out, final String name, final byte[] body) throws IOException
    {
        final byte[] h = new byte[512];
        final byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        final byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        out.write(h);
        out.write(body);
        out.write(new byte[(512 - body.length % 512) % 512]);
    }
}
