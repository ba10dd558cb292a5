package io.avatar.engine.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Streams feature rows to a file, one row per frame, without holding them in memory. Two formats, picked by the
 * file name: {@code .npy} (NumPy v1.0, {@code <f4}, C order, shape {@code (frames, columns)}; the header is written
 * with room for any frame count and rewritten with the real count on {@link #close()}) and {@code .csv} (a header
 * line {@code t_ms,<name>0,<name>1,...}, then one line per frame, {@code t_ms} = the frame's window centre).
 * Used by one thread.
 */
abstract class FeatureFileWriter implements AutoCloseable
{
    /**
     * @param file    {@code .npy} or {@code .csv} file to create (replaced if it exists).
     * @param columns values per row.
     * @param name    column name prefix for CSV, e.g. {@code "mel"}.
     * @return a writer.
     * @throws IOException when the file cannot be created.
     * @throws CliArgs.UsageException when the extension is neither.
     */
    static FeatureFileWriter create(final Path file, final int columns, final String name) throws IOException
    {
        final String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".npy"))
        {
            return new Npy(file, columns);
        }
        if (lower.endsWith(".csv"))
        {
            return new Csv(file, columns, name);
        }
        throw new CliArgs.UsageException("--out must end in .npy or .csv, got " + file);
    }

    abstract void write(double timeMs, float[] row, int offset) throws IOException;

    @Override
    public abstract void close() throws IOException;

    private static final class Npy extends FeatureFileWriter
    {
        /** Header length including magic and length fields: a multiple of 64 with room for a 19-digit count. */
        private static final int HEADER = 128;
        private final FileChannel channel;
        private final int columns;
        private final ByteBuffer rowBytes;
        private long rows;

        Npy(final Path file, final int columns) throws IOException
        {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            this.columns = columns;
            this.rowBytes = ByteBuffer.allocate(columns * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            writeHeader();
        }

        private void writeHeader() throws IOException
        {
            final String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
            final StringBuilder sb = new StringBuilder(dict);
            while (sb.length() < HEADER - 10 - 1)
            {
                sb.append(' ');
            }
            sb.append('\n');
            final ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            h.put((byte)0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte)1).put((byte)0);
            h.putShort((short)(HEADER - 10));
            h.put(sb.toString().getBytes(StandardCharsets.US_ASCII));
            h.flip();
            long pos = 0;
            while (h.hasRemaining())
            {
                pos += channel.write(h, pos);
            }
        }

        @Override
        void write(final double timeMs, final float[] row, final int offset) throws IOException
        {
            rowBytes.clear();
            for (int i = 0; i < columns; i++)
            {
                rowBytes.putFloat(row[offset + i]);
            }
            rowBytes.flip();
            final long at = HEADER + rows * columns * Float.BYTES;
            long pos = at;
            while (rowBytes.hasRemaining())
            {
                pos += channel.write(rowBytes, pos);
            }
            rows++;
        }

        @Override
        public void close() throws IOException
        {
            if (channel.isOpen())
            {
                try (channel)
                {
                    writeHeader();
                }
            }
        }
    }

    private static final class Csv extends FeatureFileWriter
    {
        private final BufferedWriter out;
        private final int columns;
        private final StringBuilder line = new StringBuilder(1024);

        Csv(final Path file, final int columns, final String name) throws IOException
        {
            this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
            this.columns = columns;
            out.write("t_ms");
            for (int i = 0; i < columns; i++)
            {
                out.write("," + name + i);
            }
            out.newLine();
        }

        @Override
        void write(final double timeMs, final float[] row, final int offset) throws IOException
        {
            line.setLength(0);
            line.append(String.format(Locale.ROOT, "%.1f", timeMs));
            for (int i = 0; i < columns; i++)
            {
                line.append(',').append(row[offset + i]);
            }
            out.write(line.toString());
            out.newLine();
        }

        @Override
        public void close() throws IOException
        {
            out.close();
        }
    }
}
