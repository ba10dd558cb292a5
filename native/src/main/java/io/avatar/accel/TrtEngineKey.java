package io.avatar.accel;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a serialized TensorRT engine depends on: the ONNX graph (its SHA-256), the TensorRT version that built it, the
 * GPU's compute capability (plans are specific to both), the dynamic batch profile and the precision. A cached engine
 * is only used when its recorded key equals the wanted key exactly; anything else is rebuilt. Immutable; any thread.
 *
 * @param modelName         short model name, used in the cache file name ({@code [a-z0-9_-]+}).
 * @param modelSha256       SHA-256 of the ONNX bytes, 64 lower-case hex digits.
 * @param tensorRtVersion   e.g. {@code "11.2.0"}.
 * @param computeCapability e.g. {@code "9.0"}.
 * @param maxBatch          the profile's largest batch (the smallest is 1), 1..1024.
 * @param precision         {@code "fp32"} or {@code "fp16"}: the precision the plan computes in.
 */
public record TrtEngineKey(String modelName, String modelSha256, String tensorRtVersion, String computeCapability,
    int maxBatch, String precision)
{
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){1,3}");
    private static final Pattern CC = Pattern.compile("[0-9]{1,2}\\.[0-9]");

    /**
     * Validates every part; the message names the part and the bad value.
     */
    public TrtEngineKey
    {
        require(NAME, "model name", modelName);
        require(SHA, "model SHA-256", modelSha256);
        require(VERSION, "TensorRT version", tensorRtVersion);
        require(CC, "compute capability", computeCapability);
        if (maxBatch < 1 || maxBatch > 1024)
        {
            throw new IllegalArgumentException("engine max batch must be in [1, 1024], got " + maxBatch);
        }
        if (!"fp32".equals(precision) && !"fp16".equals(precision))
        {
            throw new IllegalArgumentException("engine precision must be fp32 or fp16, got '" + precision + "'");
        }
    }

    private static void require(final Pattern p, final String what, final String value)
    {
        if (value == null || !p.matcher(value).matches())
        {
            throw new IllegalArgumentException("bad " + what + " in a TensorRT engine key: '" + value + "'");
        }
    }

    /**
     * @return the cache file name: one file per model and GPU architecture, so an upgrade of TensorRT or a new model
     *     replaces the old plan instead of piling up files.
     */
    public String fileName()
    {
        return modelName + ".sm" + computeCapability.replace(".", "") + ".engine";
    }

    /**
     * @return the full key as one line, recorded in the cache file's header and compared on load.
     */
    public String text()
    {
        return String.format(Locale.ROOT, "model=%s sha256=%s tensorrt=%s cc=%s batch=1..%d precision=%s", modelName,
            modelSha256, tensorRtVersion, computeCapability, maxBatch, precision);
    }
}
