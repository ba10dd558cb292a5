package io.avatar.bench.e2e;

import com.sun.management.OperatingSystemMXBean;
import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.Stage;
import io.avatar.engine.core.StageCounter;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.engine.session.AvatarEngine;
import io.avatar.engine.session.FrameOutput;
import io.avatar.engine.session.SessionSpec;
import io.avatar.models.decoder.MotionDecoders;
import io.avatar.models.style.StyleCode;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of the harness: N live sessions for S seconds. The calling thread is the feeder: every 20 ms it pushes the
 * next 20 ms of speech into every session (the clip loops), like N microphones.
 */
final class E2eRun
{
    private static final int CHUNK = 320;

    private E2eRun()
    {
    }

    /** What one run measured. */
    record Result(int sessions, int seconds, int size, int fps, double algorithmicLatencyMs,
        Map<String, Object> e2e, Map<String, Map<String, Object>> stages, long framesExpected, long framesOut,
        long framesSkipped, long deadlineDrops, double cpuPercent, long heapUsedMb, long rssMb, String model,
        int renderThreads, int featureThreads)
    {
        boolean sustained()
        {
            // "No deadline misses at p99": at most 1% of frames late (dropped), and p99 lag within the budget.
            // Every session must also have delivered (nearly) all of its measured frames.
            return framesOut >= 0.99 * sessions * seconds * fps && framesSkipped <= framesExpected / 100
                && ((Number)e2e.get("p99Ms")).doubleValue() <= algorithmicLatencyMs + 250;
        }

        /** One line for a person: lag percentiles, frames, misses, CPU, memory and the verdict. */
        String line()
        {
            return String.format(Locale.ROOT, "sessions %d: e2e lag p50 %.1f ms p99 %.1f ms max %.1f ms (algorithmic "
                + "%.1f ms), frames %d/%d, skipped %d, deadline drops %d, CPU %.0f%%, heap %d MB, RSS %d MB, feature "
                + "/ render threads %d / %d -> %s",
                sessions, ((Number)e2e.get("p50Ms")).doubleValue(), ((Number)e2e.get("p99Ms")).doubleValue(),
                ((Number)e2e.get("maxMs")).doubleValue(), algorithmicLatencyMs, framesOut, framesExpected,
                framesSkipped, deadlineDrops, cpuPercent, heapUsedMb, rssMb, featureThreads,
                renderThreads, sustained() ? "sustained" : "NOT sustained");
        }
    }

    static Result run(final float[] speech, final int sessions, final int seconds, final int size, final int fps)
        throws Exception
    {
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.DEDICATED)
            .fullRingPolicy(FullRingPolicy.DROP_NEWEST).idleStrategy("backoff").fps(fps);
        final OperatingSystemMXBean os = (OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        try (AvatarEngine engine = new AvatarEngine(ctx,
            MotionDecoders.openDefault(Math.max(4, Math.min(64, 2 * sessions))), size, size))
        {
            final long[] ids = new long[sessions];
            final List<LatencyProbe> probes = new ArrayList<>();
            FaceRenderers.builtIn(size).close(); // generate the shared avatar once, before any clock starts
            final long warmup = 2L * fps;
            for (int i = 0; i < sessions; i++)
            {
                final LatencyProbe probe = new LatencyProbe(fps, warmup);
                probes.add(probe);
                ids[i] = engine.createSession(new SessionSpec(StyleCode.zero(), FaceRenderers.session(size),
                    List.<FrameOutput>of(probe), true, i + 1));
            }
            for (int i = 0; i < sessions; i++)
            {
                long t;
                while ((t = engine.status(ids[i]).clockStartNs()) == Long.MIN_VALUE)
                {
                    LockSupport.parkNanos(1_000_000);
                }
                probes.get(i).clockStartNs = t;
            }
            // Feed in real time from now on; sessions that started earlier have been idling on inserted silence.
            final long start = System.nanoTime();
            final long cpuStart = os.getProcessCpuTime();
            final long chunks = (long)(seconds + 2) * 16_000 / CHUNK;
            int pos = 0;
            for (long c = 0; c < chunks; c++)
            {
                final long due = start + (c + 1) * CHUNK * 62_500L;
                long now;
                while ((now = System.nanoTime()) < due)
                {
                    LockSupport.parkNanos(Math.min(due - now, 2_000_000));
                }
                for (int i = 0; i < sessions; i++)
                {
                    engine.pushAudio(ids[i], speech, pos, CHUNK, 16_000, 1);
                }
                pos += CHUNK;
                if (pos + CHUNK > speech.length)
                {
                    pos = 0;
                }
            }
            // Let the pipeline drain the last frames (latency is well under a second).
            LockSupport.parkNanos(1_000_000_000L);
            // Percent of one core (200% = both cores of a 2-core machine busy).
            final double cpu = 100.0 * (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - start);

            final Histogram all = new Histogram(60_000_000_000L, 3);
            long out = 0;
            long skipped = 0;
            for (int i = 0; i < sessions; i++)
            {
                all.add(probes.get(i).e2e);
                out += probes.get(i).frames;
                skipped += probes.get(i).gaps;
            }
            long deadline = 0;
            final Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
            for (final Stage<?, ?> s : engine.engine().stages())
            {
                final Histogram h = s.latency().snapshot();
                final Map<String, Object> m = summary(h);
                m.put("droppedDeadline", s.counters().get(StageCounter.DROPPED_DEADLINE));
                m.put("droppedRingFull", s.counters().get(StageCounter.DROPPED_RING_FULL));
                m.put("failed", s.counters().get(StageCounter.FAILED));
                deadline += s.counters().get(StageCounter.DROPPED_DEADLINE);
                m.put("eventsIn", s.counters().get(StageCounter.EVENTS_IN));
                m.put("eventsOut", s.counters().get(StageCounter.EVENTS_OUT));
                stages.put(s.roleName(), m);
            }
            final Runtime rt = Runtime.getRuntime();
            return new Result(sessions, seconds, size, fps, engine.algorithmicLatencyNs() / 1e6, summary(all), stages,
                out + skipped, out, skipped, deadline, cpu,
                (rt.totalMemory() - rt.freeMemory()) >> 20, rssMb(), engine.model().describe(),
                engine.renderStageNames().size(), engine.featureStageNames().size());
        }
    }

    static Map<String, Object> summary(final Histogram h)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50Ms", h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(50) / 1e6);
        m.put("p99Ms", h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(99) / 1e6);
        m.put("maxMs", h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1e6);
        return m;
    }

    private static long rssMb()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        }
        catch (final Exception ignored)
        {
            // not Linux: RSS unknown
        }
        return -1;
    }
}
