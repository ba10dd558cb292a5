package io.avatar.models.assets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads selected entries of a gzip-compressed ustar archive (what {@code npm pack} writes). Enough of the format for
 * npm tarballs: regular files, ustar name prefixes and pax long names.
 */
final class TarGz
{
    private static final int BLOCK = 512;
    private static final long MAX_ENTRY = 256L << 20;

    private TarGz()
    {
    }

    /**
     * @param tarball the .tgz file.
     * @param wanted  entry names to return.
     * @return the wanted entries that were found, by name.
     * @throws IOException when the archive is corrupt or unreadable.
     */
    static Map<String, byte[]> read(final Path tarball, final Set<String> wanted) throws IOException
    {
        final Map<String, byte[]> found = new HashMap<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)), 65536))
        {
            final byte[] header = new byte[BLOCK];
            String paxName = null;
            while (found.size() < wanted.size())
            {
                if (!readFully(in, header))
                {
                    break;
                }
                if (isZero(header))
                {
                    break;
                }
                String name = cString(header, 0, 100);
                final String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty())
                {
                    name = prefix + "/" + name;
                }
                final long size = octal(header, 124, 12);
                if (size < 0 || size > MAX_ENTRY)
                {
                    throw new IOException("corrupt tar entry size " + size + " for '" + name + "' in " + tarball);
                }
                final byte type = header[156];
                final long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == 'x')
                {
                    final byte[] pax = new byte[(int)padded];
                    if (!readFully(in, pax))
                    {
                        throw new EOFException("truncated pax header in " + tarball);
                    }
                    paxName = paxPath(new String(pax, 0, (int)size, StandardCharsets.UTF_8));
                    continue;
                }
                if (paxName != null)
                {
                    name = paxName;
                    paxName = null;
                }
                if ((type == '0' || type == 0) && wanted.contains(name))
                {
                    final byte[] data = new byte[(int)size];
                    if (!readFully(in, data))
                    {
                        throw new EOFException("truncated entry '" + name + "' in " + tarball);
                    }
                    found.put(name, data);
                    in.skipNBytes(padded - size);
                }
                else
                {
                    in.skipNBytes(padded);
                }
            }
        }
        return found;
    }

    private static String paxPath(final String records)
    {
        for (final String line : records.split("\n"))
        {
            final int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1))
            {
                return line.substring(sp + 6);
            }
        }
        return null;
    }

    private static boolean readFully(final InputStream in, final byte[] b) throws IOException
    {
        int off = 0;
        while (off < b.length)
        {
            final int n = in.read(b, off, b.length - off);
            if (n < 0)
            {
                if (off == 0)
                {
                    return false;
                }
                throw new EOFException("truncated tar archive");
            }
            off += n;
        }
        return true;
    }

    private static boolean isZero(final byte[] b)
    {
        for (final byte x : b)
        {
            if (x != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static String cString(final byte[] b, final int off, final int len)
    {
        int end = off;
        while (end < off + len && b[end] != 0)
        {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(final byte[] b, final int off, final int len)
    {
        long v = 0;
        for (int i = off; i < off + len; i++)
        {
            final byte c = b[i];
            if (c == 0 || c == ' ')
            {
                if (v != 0)
                {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7')
            {
                return -1;
            }
            v = (v << 3) + (c - '0');
        }
        return v;
    }
}
