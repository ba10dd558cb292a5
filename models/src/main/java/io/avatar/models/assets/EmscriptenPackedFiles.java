package io.avatar.models.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Arrays;

/**
 * Cuts one file out of an Emscripten packed {@code .data} blob, using the {@code "files": [{filename, start, end}]}
 * table that the package's loader script embeds.
 */
final class EmscriptenPackedFiles
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmscriptenPackedFiles()
    {
    }

    /**
     * @param loaderScript the loader JavaScript text.
     * @param data         the packed data.
     * @param fileName     the path recorded in the table.
     * @return the file's bytes.
     * @throws IOException when the table is missing, malformed or does not list the file.
     */
    static byte[] extract(final String loaderScript, final byte[] data, final String fileName) throws IOException
    {
        final int key = loaderScript.indexOf("\"files\"");
        if (key < 0)
        {
            throw new IOException("Emscripten loader script has no \"files\" table");
        }
        final int open = loaderScript.indexOf('[', key);
        final int close = loaderScript.indexOf(']', open);
        if (open < 0 || close < 0)
        {
            throw new IOException("Emscripten loader script has a malformed \"files\" table");
        }
        final JsonNode files = JSON.readTree(loaderScript.substring(open, close + 1));
        for (final JsonNode f : files)
        {
            if (fileName.equals(f.path("filename").asText()))
            {
                final long start = f.path("start").asLong(-1);
                final long end = f.path("end").asLong(-1);
                if (start < 0 || end < start || end > data.length)
                {
                    throw new IOException("packed file " + fileName + " has range [" + start + ", " + end
                        + ") outside the " + data.length + "-byte data blob");
                }
                return Arrays.copyOfRange(data, (int)start, (int)end);
            }
        }
        throw new IOException("packed data does not list " + fileName);
    }
}
