package io.avatar.bench.e2e;

import io.avatar.engine.render.FaceRenderers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end harness ({@link E2eRun}) for a GPU host that carries no FFmpeg (the device tool carries at most
 * 64 MiB per call, and FFmpeg's natives alone are 27 MiB): reads a 16-bit mono 16 kHz PCM WAV by hand and runs the
 * given session counts, printing {@link E2eRun.Result#line()} and the render stage's latency for each. The face
 * renderer is picked as in the product ({@code -Davatar.render.backend=cpu|cuda|auto}).
 * <p>
 * {@code GpuE2eMain WAV SECONDS SIZE N1 [N2 ...]}; packaged with the e2e GPU bundle ({@code gpu-bundle.sh --e2e}).
 */
public final class GpuE2eMain
{
    private GpuE2eMain()
    {
    }

    /**
     * Runs the harness. Main thread only.
     *
     * @param args WAV file, seconds per run, frame size, then one or more session counts
     * @throws Exception when a run fails
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length < 4)
        {
            throw new IllegalArgumentException("usage: GpuE2eMain WAV SECONDS SIZE N1 [N2 ...]");
        }
        final float[] speech = readPcm16Mono16k(Path.of(args[0]));
        final int seconds = Integer.parseInt(args[1]);
        final int size = Integer.parseInt(args[2]);
        for (int i = 3; i < args.length; i++)
        {
            final E2eRun.Result r = E2eRun.run(speech, Integer.parseInt(args[i]), seconds, size, 25);
            System.out.println(r.line());
            for (final Map.Entry<String, Map<String, Object>> stage : r.stages().entrySet())
            {
                System.out.printf(Locale.ROOT, "  stage %-10s p50 %.3f ms p99 %.3f ms max %.3f ms, deadline drops %s%n",
                    stage.getKey(), ((Number)stage.getValue().get("p50Ms")).doubleValue(),
                    ((Number)stage.getValue().get("p99Ms")).doubleValue(),
                    ((Number)stage.getValue().get("maxMs")).doubleValue(), stage.getValue().get("droppedDeadline"));
            }
            System.out.println("  renderer: " + FaceRenderers.backendDescription());
        }
    }

    /** A canonical PCM WAV (RIFF, fmt 1/1 ch/16 kHz/16 bit, data); anything else is refused by name. */
    private static float[] readPcm16Mono16k(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157)
        {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        boolean format = false;
        while (pos + 8 <= b.limit())
        {
            final int id = b.getInt(pos);
            final int len = b.getInt(pos + 4);
            if (id == 0x20746d66) // "fmt "
            {
                format = b.getShort(pos + 8) == 1 && b.getShort(pos + 10) == 1 && b.getInt(pos + 12) == 16_000
                    && b.getShort(pos + 22) == 16;
            }
            else if (id == 0x61746164) // "data"
            {
                if (!format)
                {
                    throw new IOException(file + ": expected 16-bit mono 16 kHz PCM before the data chunk");
                }
                final int n = Math.min(len, b.limit() - pos - 8) / 2;
                final float[] out = new float[n];
                for (int i = 0; i < n; i++)
                {
                    out[i] = b.getShort(pos + 8 + 2 * i) / 32768f;
                }
                return out;
            }
            pos += 8 + len + (len & 1);
        }
        throw new IOException(file + ": no data chunk");
    }
}
