package io.avatar.models.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The Gaussian phoneme prototypes of a HeadAudio model file ({@code model-en-mixed.bin} of
 * {@code @met4citizen/headaudio@0.1.0}, MIT; asset {@code AssetId.HEADAUDIO_MODEL}).
 * <p>
 * Layout, as written by {@code modules/training.mjs} {@code computePrototype} and read by its
 * {@code decodeBinaryRecord}/{@code loadModel}: a sequence of {@value #RECORD_BYTES}-byte records, each
 * <pre>
 * offset size
 *   0     4   phoneme: uint32 big-endian, (UTF-16 unit 1 &lt;&lt; 16) | UTF-16 unit 2 (0 when one unit)
 *   4     1   reserved
 *   5     1   group id
 *   6     1   reserved
 *   7     1   viseme id (HeadAudio numbering, see {@link OculusViseme#headAudioId()})
 *   8    48   mu: 12 float32, little-endian (the JS reads them through a Float32Array on an x86/ARM host)
 *  56   312   lower triangle of the inverse covariance, row by row (i = 0..11, j = 0..i): 78 float32 LE
 * </pre>
 * Loading validates the whole file (size a positive multiple of the record, viseme ids in range, every number
 * finite, a positive diagonal) and names the file and the record in every error.
 * <p>
 * Immutable after loading: any thread may read it.
 */
public final class HeadAudioModel
{
    /** Feature vector length (MFCC_COEFF_N_WITH_DELTAS in parameters.mjs, deltas disabled). */
    public static final int DIM = 12;
    /** Length of the packed lower triangle. */
    public static final int TRI = DIM * (DIM + 1) / 2;
    /** Bytes per prototype record (RECORD_OFFSET in parameters.mjs). */
    public static final int RECORD_BYTES = 8 + 4 * DIM + 4 * TRI;
    /** Largest file accepted; the shipped model is 14 352 bytes. */
    public static final int MAX_BYTES = 1 << 20;

    private final String origin;
    private final String[] phonemes;
    private final int[] groups;
    private final int[] visemes;
    private final float[] mu;
    private final float[] sigmaInvLower;

    private HeadAudioModel(final String origin, final String[] phonemes, final int[] groups, final int[] visemes,
        final float[] mu, final float[] sigmaInvLower)
    {
        this.origin = origin;
        this.phonemes = phonemes;
        this.groups = groups;
        this.visemes = visemes;
        this.mu = mu;
        this.sigmaInvLower = sigmaInvLower;
    }

    /**
     * Reads and validates a model file. Any thread.
     *
     * @param path the {@code .bin} file.
     * @return the model.
     * @throws IOException naming the file and what is wrong with it.
     */
    public static HeadAudioModel load(final Path path) throws IOException
    {
        final long size;
        try
        {
            size = Files.size(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IOException("HeadAudio model " + path + " does not exist", ex);
        }
        if (size > MAX_BYTES)
        {
            throw new IOException("HeadAudio model " + path + " has " + size + " bytes, more than the " + MAX_BYTES
                + " accepted");
        }
        try (InputStream in = Files.newInputStream(path))
        {
            return parse(in.readAllBytes(), path.toString());
        }
    }

    /**
     * Parses and validates model bytes. Any thread.
     *
     * @param bytes  the file contents.
     * @param origin where they came from, for error messages.
     * @return the model.
     * @throws IOException naming the origin and what is wrong.
     */
    public static HeadAudioModel parse(final byte[] bytes, final String origin) throws IOException
    {
        if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0 || bytes.length > MAX_BYTES)
        {
            throw new IOException("HeadAudio model " + origin + " has " + bytes.length + " bytes; expected a positive"
                + " multiple of the " + RECORD_BYTES + "-byte prototype record (at most " + MAX_BYTES + " bytes)");
        }
        final int n = bytes.length / RECORD_BYTES;
        final String[] phonemes = new String[n];
        final int[] groups = new int[n];
        final int[] visemes = new int[n];
        final float[] mu = new float[n * DIM];
        final float[] inv = new float[n * TRI];
        final ByteBuffer be = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        final ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < n; r++)
        {
            final int base = r * RECORD_BYTES;
            final int packed = be.getInt(base);
            final int unit1 = packed >>> 16;
            final int unit2 = packed & 0xFFFF;
            if (unit1 == 0)
            {
                throw new IOException("HeadAudio model " + origin + ": record " + r + " has an empty phoneme code");
            }
            phonemes[r] = unit2 == 0 ? String.valueOf((char)unit1) : new String(new char[] {(char)unit1,
                (char)unit2});
            groups[r] = bytes[base + 5] & 0xFF;
            visemes[r] = bytes[base + 7] & 0xFF;
            if (visemes[r] >= OculusViseme.COUNT)
            {
                throw new IOException("HeadAudio model " + origin + ": record " + r + " ('" + phonemes[r]
                    + "') has viseme id " + visemes[r] + "; allowed 0.." + (OculusViseme.COUNT - 1));
            }
            for (int i = 0; i < DIM; i++)
            {
                mu[r * DIM + i] = finite(le.getFloat(base + 8 + 4 * i), origin, r, phonemes[r], "mu[" + i + "]");
            }
            for (int i = 0; i < TRI; i++)
            {
                inv[r * TRI + i] = finite(le.getFloat(base + 8 + 4 * DIM + 4 * i), origin, r, phonemes[r],
                    "sigmaInvLower[" + i + "]");
            }
            for (int i = 0; i < DIM; i++)
            {
                final float diag = inv[r * TRI + i * (i + 1) / 2 + i];
                if (!(diag > 0f))
                {
                    throw new IOException("HeadAudio model " + origin + ": record " + r + " ('" + phonemes[r]
                        + "') has a non-positive inverse-covariance diagonal " + diag + " at " + i
                        + " (not a positive-definite matrix; wrong byte order or not a HeadAudio model?)");
                }
            }
        }
        return new HeadAudioModel(origin, phonemes, groups, visemes, mu, inv);
    }

    private static float finite(final float v, final String origin, final int record, final String phoneme,
        final String field) throws IOException
    {
        if (!Float.isFinite(v))
        {
            throw new IOException("HeadAudio model " + origin + ": record " + record + " ('" + phoneme + "') has "
                + field + " = " + v + "; every number must be finite");
        }
        return v;
    }

    /**
     * @return where the model was read from.
     */
    public String origin()
    {
        return origin;
    }

    /**
     * @return number of prototypes.
     */
    public int size()
    {
        return visemes.length;
    }

    /**
     * @param p prototype index.
     * @return its IPA phoneme (one or two UTF-16 units).
     */
    public String phoneme(final int p)
    {
        return phonemes[p];
    }

    /**
     * @param p prototype index.
     * @return its group id.
     */
    public int group(final int p)
    {
        return groups[p];
    }

    /**
     * @param p prototype index.
     * @return its viseme id in HeadAudio numbering (0 = aa ... 14 = sil).
     */
    public int viseme(final int p)
    {
        return visemes[p];
    }

    /**
     * @param p prototype index.
     * @param i feature index, 0..11.
     * @return the mean.
     */
    public float mu(final int p, final int i)
    {
        return mu[p * DIM + i];
    }

    /**
     * @param p prototype index.
     * @param k index into the packed lower triangle, 0..77 (row i, column j &lt;= i at i(i+1)/2 + j).
     * @return the inverse covariance element.
     */
    public float sigmaInvLower(final int p, final int k)
    {
        return sigmaInvLower[p * TRI + k];
    }

    /**
     * @return a copy of all means, prototype-major ({@code size() x DIM}).
     */
    public float[] muCopy()
    {
        return mu.clone();
    }

    /**
     * @return a copy of all packed inverse covariances, prototype-major ({@code size() x TRI}).
     */
    public float[] sigmaInvLowerCopy()
    {
        return sigmaInvLower.clone();
    }
}
