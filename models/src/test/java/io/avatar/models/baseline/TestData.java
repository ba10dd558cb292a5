package io.avatar.models.baseline;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures: the committed test data folder, 16-bit WAV reading and the HeadAudio model asset. */
final class TestData
{
    private TestData()
    {
    }

    /**
     * @param relative path under models/testdata.
     * @return the file, which must exist.
     */
    static Path file(final String relative)
    {
        final String repo = System.getProperty("avatar.repo.dir");
        final Path base = repo != null ? Path.of(repo, "models", "testdata") : Path.of("testdata");
        final Path p = base.resolve(relative);
        if (!Files.isRegularFile(p))
        {
            throw new IllegalStateException("test data " + p.toAbsolutePath() + " is missing");
        }
        return p;
    }

    /**
     * Reads a 16 kHz 16-bit mono PCM WAV as floats in [-1, 1) (sample / 32768, as the Node.js generator does).
     */
    static float[] readWav16k(final Path wav) throws IOException
    {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile()))
        {
            final AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16
                || f.getChannels() != 1 || f.getSampleRate() != 16_000f || f.isBigEndian())
            {
                throw new IOException(wav + ": need 16 kHz 16-bit little-endian mono PCM, got " + f);
            }
            final byte[] b = in.readAllBytes();
            final float[] out = new float[b.length / 2];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = (short)((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8)) / 32768f;
            }
            return out;
        }
        catch (final UnsupportedAudioFileException ex)
        {
            throw new IOException(wav + ": not a WAV file javax.sound can read", ex);
        }
    }

    /** The shipped HeadAudio model (fetched through the asset store when missing). */
    static HeadAudioModel model() throws IOException
    {
        return HeadAudioModel.load(AssetStore.openDefault().ensure(AssetId.HEADAUDIO_MODEL));
    }

    /** Festival segment file: end time (s) and phone name per line after the '#' header line. */
    static java.util.List<String[]> readLab(final Path lab) throws IOException
    {
        final java.util.List<String[]> out = new java.util.ArrayList<>();
        boolean body = false;
        for (final String line : Files.readAllLines(lab))
        {
            if (line.startsWith("#"))
            {
                body = true;
                continue;
            }
            final String[] parts = line.trim().split("\\s+");
            if (body && parts.length == 3)
            {
                out.add(new String[] {parts[0], parts[2]});
            }
        }
        return out;
    }
}
