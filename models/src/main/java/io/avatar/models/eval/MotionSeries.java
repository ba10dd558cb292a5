package io.avatar.models.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A motion clip: {@code frames} x 52 ARKit weights (Apple order, {@link ArkitBlendshape}) and {@code frames} x 6 head
 * pose numbers ({@link HeadPose} layout) at a frame rate; frame {@code k} is at time {@code k / fps}. Immutable (the
 * arrays are copied in and out). Reads and writes the JSON and CSV formats of {@code avatar motion}
 * (docs/MOTION_FORMAT.md). Any thread.
 */
public final class MotionSeries
{
    /** Weights per frame. */
    public static final int W = ArkitBlendshape.COUNT;
    /** Pose numbers per frame. */
    public static final int P = HeadPose.SIZE;
    /** Pose column names, in {@link HeadPose} order. */
    public static final List<String> POSE_NAMES = List.of("pitch", "yaw", "roll", "tx", "ty", "tz");
    /** Highest accepted frame rate. */
    public static final double MAX_FPS = 240;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final double fps;
    private final int frames;
    private final float[] weights;
    private final float[] pose;

    /**
     * @param fps     frame rate, in (0, {@value #MAX_FPS}].
     * @param weights frames x 52, row-major; copied.
     * @param pose    frames x 6, row-major; copied.
     * @throws IllegalArgumentException when the shapes disagree, the clip is empty or a value is not finite.
     */
    public MotionSeries(final double fps, final float[] weights, final float[] pose)
    {
        if (!(fps > 0 && fps <= MAX_FPS))
        {
            throw new IllegalArgumentException("fps must be in (0, " + MAX_FPS + "], got " + fps);
        }
        if (weights.length % W != 0 || weights.length == 0)
        {
            throw new IllegalArgumentException("weights must be a non-empty multiple of " + W + " long, got "
                + weights.length);
        }
        final int n = weights.length / W;
        if (pose.length != n * P)
        {
            throw new IllegalArgumentException("pose must have " + P + " numbers for each of the " + n
                + " frames (" + n * P + "), got " + pose.length);
        }
        checkFinite(weights, W, "weight");
        checkFinite(pose, P, "pose");
        this.fps = fps;
        this.frames = n;
        this.weights = weights.clone();
        this.pose = pose.clone();
    }

    /**
     * Builds a series from per-frame weight vectors with a still, zero head pose (tools such as the HeadAudio
     * baseline animate the mouth only).
     *
     * @param fps    frame rate.
     * @param frames arrays of 52 weights.
     * @return the series.
     */
    public static MotionSeries ofWeights(final double fps, final List<float[]> frames)
    {
        final float[] w = new float[frames.size() * W];
        for (int k = 0; k < frames.size(); k++)
        {
            if (frames.get(k).length != W)
            {
                throw new IllegalArgumentException("frame " + k + " has " + frames.get(k).length + " weights, need "
                    + W);
            }
            System.arraycopy(frames.get(k), 0, w, k * W, W);
        }
        return new MotionSeries(fps, w, new float[frames.size() * P]);
    }

    private static void checkFinite(final float[] a, final int stride, final String what)
    {
        for (int i = 0; i < a.length; i++)
        {
            if (!Float.isFinite(a[i]))
            {
                throw new IllegalArgumentException(what + " " + i % stride + " of frame " + i / stride
                    + " is not finite: " + a[i]);
            }
        }
    }

    /** @return frames per second. */
    public double fps()
    {
        return fps;
    }

    /** @return number of frames. */
    public int frames()
    {
        return frames;
    }

    /** @return duration in seconds ({@code frames / fps}). */
    public double durationSeconds()
    {
        return frames / fps;
    }

    /**
     * @param frame frame index.
     * @param b     blendshape.
     * @return the weight.
     */
    public float weight(final int frame, final ArkitBlendshape b)
    {
        return weights[frame * W + b.ordinal()];
    }

    /**
     * @param frame frame index.
     * @param index pose index ({@link HeadPose#PITCH} ...).
     * @return the pose number.
     */
    public float pose(final int frame, final int index)
    {
        return pose[frame * P + index];
    }

    /** @return a copy of the frames x 52 weights. */
    public float[] weights()
    {
        return weights.clone();
    }

    /** @return a copy of the frames x 6 pose numbers. */
    public float[] pose()
    {
        return pose.clone();
    }

    /**
     * Linear resampling to another frame rate over the same duration ({@code round(frames * fps / this.fps)} frames,
     * at least 1); used to compare clips at 25 and 30 fps (the style code is defined at 25 fps, docs/STYLE_CODE.md).
     *
     * @param newFps target frame rate.
     * @return this series when the rate is the same, else a new one.
     */
    public MotionSeries resample(final double newFps)
    {
        if (newFps == fps)
        {
            return this;
        }
        final int n = Math.max(1, (int)Math.round(frames * newFps / fps));
        final float[] w = new float[n * W];
        final float[] p = new float[n * P];
        for (int k = 0; k < n; k++)
        {
            final double src = Math.min(frames - 1, k * fps / newFps);
            final int a = (int)Math.floor(src);
            final int b = Math.min(frames - 1, a + 1);
            final double f = src - a;
            for (int d = 0; d < W; d++)
            {
                w[k * W + d] = (float)((1 - f) * weights[a * W + d] + f * weights[b * W + d]);
            }
            for (int d = 0; d < P; d++)
            {
                p[k * P + d] = (float)((1 - f) * pose[a * P + d] + f * pose[b * P + d]);
            }
        }
        return new MotionSeries(newFps, w, p);
    }

    /**
     * Reads a motion file; the format is chosen by the extension ({@code .json} or {@code .csv}).
     *
     * @param file the file.
     * @return the series.
     * @throws IOException when it cannot be read or is malformed (the message names the file and the problem).
     */
    public static MotionSeries read(final Path file) throws IOException
    {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try
        {
            if (name.endsWith(".json"))
            {
                return readJson(file);
            }
            if (name.endsWith(".csv"))
            {
                return readCsv(file);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
        throw new IOException(file + ": motion files must end in .json or .csv");
    }

    /**
     * Writes a motion file; the format is chosen by the extension ({@code .json} or {@code .csv}).
     *
     * @param file the file (parent folders are created).
     * @throws IOException on a write error or an unknown extension.
     */
    public void write(final Path file) throws IOException
    {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        if (name.endsWith(".json"))
        {
            writeJson(file);
        }
        else if (name.endsWith(".csv"))
        {
            writeCsv(file);
        }
        else
        {
            throw new IOException(file + ": motion files must end in .json or .csv");
        }
    }

    private static MotionSeries readJson(final Path file) throws IOException
    {
        final JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject())
        {
            throw new IOException(file + ": not a JSON object");
        }
        final JsonNode fpsNode = root.get("fps");
        if (fpsNode == null || !fpsNode.isNumber())
        {
            throw new IOException(file + ": missing number \"fps\"");
        }
        final int[] column = columnsOf(root.get("names"), file);
        final JsonNode rows = root.get("weights");
        if (rows == null || !rows.isArray() || rows.isEmpty())
        {
            throw new IOException(file + ": missing or empty array \"weights\"");
        }
        final int n = rows.size();
        final float[] w = new float[n * W];
        for (int k = 0; k < n; k++)
        {
            final JsonNode row = rows.get(k);
            if (!row.isArray() || row.size() != column.length)
            {
                throw new IOException(file + ": weights row " + k + " must have " + column.length + " numbers");
            }
            for (int j = 0; j < column.length; j++)
            {
                w[k * W + column[j]] = number(row.get(j), file, "weights", k);
            }
        }
        final float[] p = new float[n * P];
        final JsonNode poseRows = root.get("pose");
        if (poseRows != null && !poseRows.isNull())
        {
            if (!poseRows.isArray() || poseRows.size() != n)
            {
                throw new IOException(file + ": \"pose\" must have one row per weights row (" + n + ")");
            }
            for (int k = 0; k < n; k++)
            {
                final JsonNode row = poseRows.get(k);
                if (!row.isArray() || row.size() != P)
                {
                    throw new IOException(file + ": pose row " + k + " must have " + P + " numbers " + POSE_NAMES);
                }
                for (int j = 0; j < P; j++)
                {
                    p[k * P + j] = number(row.get(j), file, "pose", k);
                }
            }
        }
        return new MotionSeries(fpsNode.asDouble(), w, p);
    }

    private static float number(final JsonNode v, final Path file, final String what, final int row)
        throws IOException
    {
        if (v == null || !v.isNumber())
        {
            throw new IOException(file + ": " + what + " row " + row + " has a value that is not a number: " + v);
        }
        return (float)v.asDouble();
    }

    private static int[] columnsOf(final JsonNode names, final Path file) throws IOException
    {
        if (names == null || !names.isArray())
        {
            throw new IOException(file + ": missing array \"names\" (the 52 ARKit names in column order)");
        }
        final List<String> list = new ArrayList<>();
        names.forEach(n -> list.add(n.asText()));
        return columnsOf(list, file);
    }

    private static int[] columnsOf(final List<String> names, final Path file) throws IOException
    {
        if (names.size() != W)
        {
            throw new IOException(file + ": need the " + W + " ARKit names, got " + names.size());
        }
        final int[] column = new int[W];
        final boolean[] seen = new boolean[W];
        for (int j = 0; j < W; j++)
        {
            final int idx;
            try
            {
                idx = ArkitBlendshape.byName(names.get(j)).ordinal();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IOException(file + ": " + ex.getMessage(), ex);
            }
            if (seen[idx])
            {
                throw new IOException(file + ": blendshape name '" + names.get(j) + "' appears twice");
            }
            seen[idx] = true;
            column[j] = idx;
        }
        return column;
    }

    private void writeJson(final Path file) throws IOException
    {
        final ObjectNode root = JSON.createObjectNode();
        root.put("fps", fps);
        final ArrayNode names = root.putArray("names");
        for (int d = 0; d < W; d++)
        {
            names.add(ArkitBlendshape.at(d).name());
        }
        final ArrayNode w = root.putArray("weights");
        final ArrayNode p = root.putArray("pose");
        for (int k = 0; k < frames; k++)
        {
            final ArrayNode row = w.addArray();
            for (int d = 0; d < W; d++)
            {
                row.add(weights[k * W + d]);
            }
            final ArrayNode prow = p.addArray();
            for (int d = 0; d < P; d++)
            {
                prow.add(pose[k * P + d]);
            }
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static MotionSeries readCsv(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).startsWith("# fps="))
        {
            throw new IOException(file + ": a motion CSV starts with a '# fps=N' line, a header row and >= 1 frame");
        }
        final double fps;
        try
        {
            fps = Double.parseDouble(lines.get(0).substring("# fps=".length()).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException(file + ": bad fps line '" + lines.get(0) + "'", ex);
        }
        final String[] header = lines.get(1).split(",", -1);
        final int cols = 2 + W + P;
        if (header.length != cols || !header[0].equals("frame") || !header[1].equals("t"))
        {
            throw new IOException(file + ": header must be frame,t,<52 ARKit names>,"
                + String.join(",", POSE_NAMES) + " (" + cols + " columns), got " + header.length + " columns");
        }
        for (int j = 0; j < P; j++)
        {
            if (!header[2 + W + j].equals(POSE_NAMES.get(j)))
            {
                throw new IOException(file + ": column " + (2 + W + j) + " must be '" + POSE_NAMES.get(j) + "'");
            }
        }
        final int[] column = columnsOf(List.of(header).subList(2, 2 + W), file);
        final List<String> rows = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++)
        {
            if (!lines.get(i).isBlank())
            {
                rows.add(lines.get(i));
            }
        }
        final int n = rows.size();
        final float[] w = new float[n * W];
        final float[] p = new float[n * P];
        for (int k = 0; k < n; k++)
        {
            final String[] f = rows.get(k).split(",", -1);
            if (f.length != cols)
            {
                throw new IOException(file + ": frame row " + k + " has " + f.length + " columns, need " + cols);
            }
            try
            {
                for (int j = 0; j < W; j++)
                {
                    w[k * W + column[j]] = Float.parseFloat(f[2 + j]);
                }
                for (int j = 0; j < P; j++)
                {
                    p[k * P + j] = Float.parseFloat(f[2 + W + j]);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IOException(file + ": frame row " + k + " has a value that is not a number", ex);
            }
        }
        return new MotionSeries(fps, w, p);
    }

    private void writeCsv(final Path file) throws IOException
    {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            out.write("# fps=" + (fps == Math.rint(fps) ? Integer.toString((int)fps) : Double.toString(fps)));
            out.newLine();
            final StringBuilder h = new StringBuilder("frame,t");
            for (int d = 0; d < W; d++)
            {
                h.append(',').append(ArkitBlendshape.at(d).name());
            }
            for (final String s : POSE_NAMES)
            {
                h.append(',').append(s);
            }
            out.write(h.toString());
            out.newLine();
            for (int k = 0; k < frames; k++)
            {
                final StringBuilder r = new StringBuilder();
                r.append(k).append(',').append(String.format(Locale.ROOT, "%.4f", k / fps));
                for (int d = 0; d < W; d++)
                {
                    r.append(',').append(weights[k * W + d]);
                }
                for (int d = 0; d < P; d++)
                {
                    r.append(',').append(pose[k * P + d]);
                }
                out.write(r.toString());
                out.newLine();
            }
        }
    }
}
