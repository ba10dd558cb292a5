package io.avatar.engine.cli;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.avatar.accel.Accel;
import io.avatar.accel.AccelProbeResult;
import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.decoder.OnnxMotionDecoder;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code avatar doctor [--json]}: what this machine can run. Exit 0 when the CPU path is usable, 1 with the reasons
 * when not. The GPU section never fails the check: its absence only means CPU mode.
 */
public final class DoctorCommand implements CliCommand
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ENCODERS = {"libx264", "libopenh264", "aac", "libvpx", "libvpx-vp9"};

    @Override
    public String name()
    {
        return "doctor";
    }

    @Override
    public String summary()
    {
        return "report JDK, assets, ONNX Runtime, TensorFlow Lite, FFmpeg, webrtc-java and GPU status";
    }

    @Override
    public String usage()
    {
        return "[--json] [--cache-dir DIR]\n--json  print one JSON object instead of text";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final boolean json = args.flag("json");
        final AssetStore store = new AssetStore(args.path("cache-dir", AssetStore.defaultDirectory()));
        args.rejectUnknown();

        final ObjectNode report = JSON.createObjectNode();
        final List<String> problems = new ArrayList<>();
        addProblem(problems, jdk(report.putObject("jdk")));
        addProblem(problems, assets(report.putObject("assets"), store));
        addProblem(problems, onnxRuntime(report.putObject("onnxruntime")));
        addProblem(problems, tensorFlowLite(report.putObject("tensorflowLite")));
        addProblem(problems, ffmpeg(report.putObject("ffmpeg")));
        for (final DoctorCheck check : ServiceLoader.load(DoctorCheck.class))
        {
            addProblem(problems, check.check(report.putObject(check.name())));
        }
        gpu(report.putObject("gpu"));
        addProblem(problems, engineThreads(report.putObject("engine")));
        report.put("cpuModeUsable", problems.isEmpty());
        final ArrayNode p = report.putArray("problems");
        problems.forEach(p::add);

        if (json)
        {
            out.println(JSON.writeValueAsString(report));
        }
        else
        {
            printText(report, out);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /** The thread counts a live engine would use here (the sharded steps resolve "automatic" from the cores). */
    private static String engineThreads(final ObjectNode n)
    {
        n.put("cores", Runtime.getRuntime().availableProcessors());
        try
        {
            final EngineContext live = new EngineContext().threadingMode(ThreadingMode.DEDICATED)
                .fullRingPolicy(FullRingPolicy.DROP_NEWEST).conclude();
            n.put("liveRenderThreads", live.renderThreads());
            n.put("liveFeatureThreads", live.featureThreads());
            n.put("decoderThreads", System.getProperty(OnnxMotionDecoder.THREADS_PROP_NAME, "1"));
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            n.put("error", ex.getMessage());
            return "engine settings: " + ex.getMessage();
        }
    }

    private static void addProblem(final List<String> problems, final String problem)
    {
        if (problem != null)
        {
            problems.add(problem);
        }
    }

    private static String jdk(final ObjectNode n)
    {
        final int feature = Runtime.version().feature();
        n.put("version", Runtime.version().toString());
        n.put("feature", feature);
        n.put("vendor", System.getProperty("java.vendor"));
        n.put("home", System.getProperty("java.home"));
        n.put("ok", feature >= 21);
        return feature >= 21 ? null : "JDK " + feature + " is too old: the engine needs JDK >= 21";
    }

    private static String assets(final ObjectNode n, final AssetStore store)
    {
        n.put("cacheDir", store.directory().toString());
        final ObjectNode items = n.putObject("items");
        final List<String> bad = new ArrayList<>();
        for (final AssetId id : AssetId.values())
        {
            final ObjectNode a = items.putObject(id.fileName());
            String state;
            try
            {
                state = store.state(id).name();
            }
            catch (final Exception ex)
            {
                state = "UNREADABLE: " + ex.getMessage();
            }
            a.put("present", !"MISSING".equals(state));
            a.put("checksumOk", "OK".equals(state));
            a.put("state", state);
            a.put("sha256", id.sha256());
            a.put("licence", id.source().licence());
            a.put("source", "npm " + id.source().spec());
            if (!"OK".equals(state))
            {
                bad.add(id.fileName() + " " + state.toLowerCase(java.util.Locale.ROOT));
            }
        }
        n.put("ok", bad.isEmpty());
        return bad.isEmpty() ? null : "assets not ready (" + String.join(", ", bad) + "): run "
            + AssetStore.SETUP_COMMAND;
    }

    private static String onnxRuntime(final ObjectNode n)
    {
        try
        {
            final OrtEnvironment env = OrtEnvironment.getEnvironment();
            n.put("loads", true);
            n.put("version", env.getVersion());
            n.put("providers", String.valueOf(OrtEnvironment.getAvailableProviders()));
            return null;
        }
        catch (final Throwable t)
        {
            n.put("loads", false);
            n.put("error", t.toString());
            return "ONNX Runtime does not load: " + t;
        }
    }

    private static String tensorFlowLite(final ObjectNode n)
    {
        try
        {
            Loader.load(tensorflowlite.class);
            n.put("loads", true);
            n.put("version", tensorflowlite.TfLiteVersion().getString());
            return null;
        }
        catch (final Throwable t)
        {
            n.put("loads", false);
            n.put("error", t.toString());
            return "TensorFlow Lite does not load: " + t;
        }
    }

    private static String ffmpeg(final ObjectNode n)
    {
        try
        {
            Loader.load(avcodec.class);
            n.put("loads", true);
            n.put("version", avutil.av_version_info().getString());
            final ObjectNode enc = n.putObject("encoders");
            for (final String e : ENCODERS)
            {
                enc.put(e, avcodec.avcodec_find_encoder_by_name(e) != null);
            }
            final boolean h264 = enc.get("libx264").asBoolean() || enc.get("libopenh264").asBoolean();
            return h264 && enc.get("aac").asBoolean() ? null
                : "FFmpeg has no H.264 or no AAC encoder (needed for MP4 output)";
        }
        catch (final Throwable t)
        {
            n.put("loads", false);
            n.put("error", t.toString());
            return "FFmpeg does not load: " + t;
        }
    }

    private static void gpu(final ObjectNode n)
    {
        final AccelProbeResult r = Accel.probe();
        n.put("available", r.available());
        n.put("cause", r.cause());
        n.put("disabledByUser", r.disabledByUser());
        n.put("cudaDriver", r.cudaDriverVersion() == 0 ? null : Accel.versionText(r.cudaDriverVersion()));
        n.put("cudaRuntime", r.cudaRuntimeVersion() == 0 ? null : Accel.versionText(r.cudaRuntimeVersion()));
        n.put("deviceCount", r.deviceCount());
        n.put("deviceName", r.deviceName());
        n.put("computeCapability", r.computeCapability());
        n.put("totalMemoryBytes", r.totalMemoryBytes());
        n.put("tensorRt", r.tensorRtVersion());
        n.put("tensorRtCause", r.tensorRtCause());
        n.put("mode", r.available() ? "gpu" : "cpu");
        // the CUDA face renderer needs CUDA only (no TensorRT)
        n.put("faceRenderer", r.cudaAvailable() ? "cuda" : "cpu");
        n.put("faceRendererCause", r.cudaCause());
    }

    private static void printText(final ObjectNode report, final PrintStream out)
    {
        for (final Map.Entry<String, JsonNode> e : report.properties())
        {
            if (e.getValue().isObject())
            {
                out.println(e.getKey() + ":");
                printObject(e.getValue(), "  ", out);
            }
            else
            {
                out.println(e.getKey() + ": " + e.getValue());
            }
        }
    }

    private static void printObject(final JsonNode node, final String indent,
        final PrintStream out)
    {
        for (final Map.Entry<String, JsonNode> e : node.properties())
        {
            if (e.getValue().isObject())
            {
                out.println(indent + e.getKey() + ":");
                printObject(e.getValue(), indent + "  ", out);
            }
            else
            {
                out.println(indent + e.getKey() + ": " + (e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
            }
        }
    }
}
