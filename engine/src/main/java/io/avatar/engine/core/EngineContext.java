package io.avatar.engine.core;

import java.nio.ByteBuffer;
import java.util.Locale;

import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Engine configuration, Aeron style: every value starts from a system property ({@code *_PROP_NAME}) or its default
 * ({@code *_DEFAULT}), may be overridden by a setter, and is validated once by {@link #conclude()}, whose messages
 * name the property, the value and the allowed range. {@code conclude()} also creates what the context owns (the
 * counters buffers), which {@link #close()} frees.
 * <p>
 * Threading: configure and conclude on one thread before building the engine; after {@code conclude()} the values
 * are immutable and the getters may be called from any thread.
 */
public final class EngineContext implements AutoCloseable
{
    /** Threading mode: {@code DEDICATED}, {@code SHARED} or {@code INVOKER}. */
    public static final String THREADING_MODE_PROP_NAME = "avatar.engine.threading.mode";
    /** Default threading mode. */
    public static final ThreadingMode THREADING_MODE_DEFAULT = ThreadingMode.DEDICATED;

    /** Slots per event ring, a power of two. */
    public static final String RING_SIZE_PROP_NAME = "avatar.engine.ring.size";
    /** Default slots per event ring. */
    public static final int RING_SIZE_DEFAULT = 256;
    /** Smallest ring size. */
    public static final int RING_SIZE_MIN = 2;
    /** Largest ring size. */
    public static final int RING_SIZE_MAX = 1 << 20;

    /** Slots per stage command ring, a power of two. */
    public static final String COMMAND_RING_SIZE_PROP_NAME = "avatar.engine.command.ring.size";
    /** Default slots per stage command ring. */
    public static final int COMMAND_RING_SIZE_DEFAULT = 64;
    /** Largest command ring size. */
    public static final int COMMAND_RING_SIZE_MAX = 1 << 16;

    /** Most input events a stage takes per duty cycle. */
    public static final String MAX_BATCH_PROP_NAME = "avatar.engine.max.batch";
    /** Default batch limit. */
    public static final int MAX_BATCH_DEFAULT = 64;
    /** Largest batch limit. */
    public static final int MAX_BATCH_MAX = 1 << 16;

    /** Most proxy commands a stage handles per duty cycle. */
    public static final String COMMAND_DRAIN_LIMIT_PROP_NAME = "avatar.engine.command.drain.limit";
    /** Default command drain limit. */
    public static final int COMMAND_DRAIN_LIMIT_DEFAULT = 8;
    /** Largest command drain limit. */
    public static final int COMMAND_DRAIN_LIMIT_MAX = 1024;

    /** Video frames per second: 25 or 30. */
    public static final String FPS_PROP_NAME = "avatar.engine.fps";
    /** Default video rate. */
    public static final int FPS_DEFAULT = 25;

    /** Samples per audio chunk event at 16 kHz. */
    public static final String AUDIO_CHUNK_SAMPLES_PROP_NAME = "avatar.engine.audio.chunk.samples";
    /** Default chunk: 640 samples = 40 ms. */
    public static final int AUDIO_CHUNK_SAMPLES_DEFAULT = 640;
    /** Smallest chunk (1 ms). */
    public static final int AUDIO_CHUNK_SAMPLES_MIN = 16;
    /** Largest chunk (1 s). */
    public static final int AUDIO_CHUNK_SAMPLES_MAX = 16_000;

    /** Time budget sources give events (deadline = origin + budget), in milliseconds. */
    public static final String DEADLINE_BUDGET_MS_PROP_NAME = "avatar.engine.deadline.budget.ms";
    /** Default budget. */
    public static final int DEADLINE_BUDGET_MS_DEFAULT = 200;
    /** Largest budget. */
    public static final int DEADLINE_BUDGET_MS_MAX = 60_000;

    /** Duty cycles longer than this (ms) are counted in {@link StageCounter#CYCLE_THRESHOLD_EXCEEDED}. */
    public static final String CYCLE_THRESHOLD_MS_PROP_NAME = "avatar.engine.cycle.threshold.ms";
    /** Default cycle threshold. */
    public static final int CYCLE_THRESHOLD_MS_DEFAULT = 20;
    /** Largest cycle threshold. */
    public static final int CYCLE_THRESHOLD_MS_MAX = 60_000;

    /** Video frame buffers per pool. */
    public static final String FRAME_POOL_SIZE_PROP_NAME = "avatar.engine.frame.pool.size";
    /** Default frame buffers per pool. */
    public static final int FRAME_POOL_SIZE_DEFAULT = 32;
    /** Smallest pool (one being filled, one being sent). */
    public static final int FRAME_POOL_SIZE_MIN = 2;
    /** Largest pool. */
    public static final int FRAME_POOL_SIZE_MAX = 4096;

    /**
     * Render stages (threads) sharing the sessions, each session drawn by one of them: the renderer is the pipeline's
     * most expensive step per frame (about 3.6 ms at 512x512 on one core), so one render thread caps the engine at
     * about 6 live sessions however many cores the machine has (bench/RESULTS.md). 0 = automatic: half the
     * available processors (1 to {@value #RENDER_THREADS_AUTO_MAX}) in DEDICATED mode with the DROP_NEWEST policy
     * (live), 1 otherwise. More than 1 with BACKPRESSURE is refused outside INVOKER mode (see {@link #conclude()}).
     */
    public static final String RENDER_THREADS_PROP_NAME = "avatar.engine.render.threads";
    /** Default render threads: automatic. */
    public static final int RENDER_THREADS_DEFAULT = 0;
    /** Most render threads the automatic choice picks. */
    public static final int RENDER_THREADS_AUTO_MAX = 16;
    /** Most render threads. */
    public static final int RENDER_THREADS_MAX = 32;

    /**
     * Feature stages (threads) sharing the sessions, like the render stages: each session's log-mel and voice
     * activity (a small ONNX model per session) is computed by one of them. 0 = automatic = 1. Measured with the CUDA
     * renderer on 16 cores: 2 feature threads with {@code avatar.decoder.threads=4} carry 96 live sessions (72 with
     * 1 and 1); alone they do not help, the decoder saturates first (bench/RESULTS.md).
     */
    public static final String FEATURE_THREADS_PROP_NAME = "avatar.engine.feature.threads";
    /** Default feature threads: automatic. */
    public static final int FEATURE_THREADS_DEFAULT = 0;

    /** Capacity of the counters buffers, in counters. */
    public static final String COUNTERS_MAX_PROP_NAME = "avatar.engine.counters.max";
    /** Default counters capacity. */
    public static final int COUNTERS_MAX_DEFAULT = 1024;
    /** Smallest counters capacity. */
    public static final int COUNTERS_MAX_MIN = 16;
    /** Largest counters capacity. */
    public static final int COUNTERS_MAX_MAX = 1 << 16;

    /** Full-ring policy: {@code DROP_NEWEST} (live) or {@code BACKPRESSURE} (offline render). */
    public static final String FULL_RING_POLICY_PROP_NAME = "avatar.engine.full.ring.policy";
    /** Default full-ring policy. */
    public static final FullRingPolicy FULL_RING_POLICY_DEFAULT = FullRingPolicy.DROP_NEWEST;

    /** Idle strategy of runner threads: {@code backoff}, {@code yielding}, {@code busy-spin} or {@code sleeping}. */
    public static final String IDLE_STRATEGY_PROP_NAME = "avatar.engine.idle.strategy";
    /** Default idle strategy. */
    public static final String IDLE_STRATEGY_DEFAULT = "backoff";

    private ThreadingMode threadingMode;
    private int ringSize;
    private int commandRingSize;
    private int maxBatch;
    private int commandDrainLimit;
    private int fps;
    private int audioChunkSamples;
    private int deadlineBudgetMs;
    private int cycleThresholdMs;
    private int framePoolSize;
    private int countersMax;
    private int renderThreads;
    private int featureThreads;
    private String idleStrategy;
    private FullRingPolicy fullRingPolicy;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private ErrorHandler errorHandler = EngineContext::printError;

    private boolean concluded;
    private boolean closed;
    private ByteBuffer countersMetaData;
    private ByteBuffer countersValues;
    private CountersManager countersManager;

    /**
     * Reads every property. Configuration thread.
     *
     * @throws IllegalArgumentException naming the property when a value does not parse.
     */
    public EngineContext()
    {
        threadingMode = enumProperty(THREADING_MODE_PROP_NAME, ThreadingMode.class, THREADING_MODE_DEFAULT);
        fullRingPolicy = enumProperty(FULL_RING_POLICY_PROP_NAME, FullRingPolicy.class, FULL_RING_POLICY_DEFAULT);
        ringSize = intProperty(RING_SIZE_PROP_NAME, RING_SIZE_DEFAULT);
        commandRingSize = intProperty(COMMAND_RING_SIZE_PROP_NAME, COMMAND_RING_SIZE_DEFAULT);
        maxBatch = intProperty(MAX_BATCH_PROP_NAME, MAX_BATCH_DEFAULT);
        commandDrainLimit = intProperty(COMMAND_DRAIN_LIMIT_PROP_NAME, COMMAND_DRAIN_LIMIT_DEFAULT);
        fps = intProperty(FPS_PROP_NAME, FPS_DEFAULT);
        audioChunkSamples = intProperty(AUDIO_CHUNK_SAMPLES_PROP_NAME, AUDIO_CHUNK_SAMPLES_DEFAULT);
        deadlineBudgetMs = intProperty(DEADLINE_BUDGET_MS_PROP_NAME, DEADLINE_BUDGET_MS_DEFAULT);
        cycleThresholdMs = intProperty(CYCLE_THRESHOLD_MS_PROP_NAME, CYCLE_THRESHOLD_MS_DEFAULT);
        framePoolSize = intProperty(FRAME_POOL_SIZE_PROP_NAME, FRAME_POOL_SIZE_DEFAULT);
        countersMax = intProperty(COUNTERS_MAX_PROP_NAME, COUNTERS_MAX_DEFAULT);
        renderThreads = intProperty(RENDER_THREADS_PROP_NAME, RENDER_THREADS_DEFAULT);
        featureThreads = intProperty(FEATURE_THREADS_PROP_NAME, FEATURE_THREADS_DEFAULT);
        idleStrategy = System.getProperty(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
    }

    /**
     * Validates every value and creates the counters. Call once, on the configuration thread.
     *
     * @return this.
     * @throws IllegalArgumentException naming the property, value and allowed range of the first bad value.
     * @throws IllegalStateException    if already concluded.
     */
    public EngineContext conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException("EngineContext already concluded");
        }
        if (null == threadingMode)
        {
            throw new IllegalArgumentException(THREADING_MODE_PROP_NAME + " must be one of DEDICATED, SHARED, INVOKER");
        }
        if (null == fullRingPolicy)
        {
            throw new IllegalArgumentException(FULL_RING_POLICY_PROP_NAME + " must be one of DROP_NEWEST, BACKPRESSURE");
        }
        requirePowerOfTwo(RING_SIZE_PROP_NAME, ringSize, RING_SIZE_MIN, RING_SIZE_MAX);
        requirePowerOfTwo(COMMAND_RING_SIZE_PROP_NAME, commandRingSize, 2, COMMAND_RING_SIZE_MAX);
        requireRange(MAX_BATCH_PROP_NAME, maxBatch, 1, MAX_BATCH_MAX);
        requireRange(COMMAND_DRAIN_LIMIT_PROP_NAME, commandDrainLimit, 1, COMMAND_DRAIN_LIMIT_MAX);
        if (fps != 25 && fps != 30)
        {
            throw new IllegalArgumentException(FPS_PROP_NAME + "=" + fps + " must be 25 or 30");
        }
        requireRange(
            AUDIO_CHUNK_SAMPLES_PROP_NAME, audioChunkSamples, AUDIO_CHUNK_SAMPLES_MIN, AUDIO_CHUNK_SAMPLES_MAX);
        requireRange(DEADLINE_BUDGET_MS_PROP_NAME, deadlineBudgetMs, 1, DEADLINE_BUDGET_MS_MAX);
        requireRange(CYCLE_THRESHOLD_MS_PROP_NAME, cycleThresholdMs, 1, CYCLE_THRESHOLD_MS_MAX);
        requireRange(FRAME_POOL_SIZE_PROP_NAME, framePoolSize, FRAME_POOL_SIZE_MIN, FRAME_POOL_SIZE_MAX);
        requireRange(COUNTERS_MAX_PROP_NAME, countersMax, COUNTERS_MAX_MIN, COUNTERS_MAX_MAX);
        renderThreads = stageThreads(RENDER_THREADS_PROP_NAME, renderThreads, 2, RENDER_THREADS_AUTO_MAX);
        // Automatic = 1: more pay only with a GPU renderer and a decoder on several threads (bench/RESULTS.md).
        featureThreads = stageThreads(FEATURE_THREADS_PROP_NAME, featureThreads, Integer.MAX_VALUE, 1);
        if (null == idleStrategy)
        {
            throw new IllegalArgumentException(IDLE_STRATEGY_PROP_NAME + " must not be null");
        }
        newIdleStrategy(); // validates the name
        if (null == nanoClock)
        {
            throw new IllegalArgumentException("nanoClock must not be null");
        }
        if (null == errorHandler)
        {
            throw new IllegalArgumentException("errorHandler must not be null");
        }

        countersValues = BufferUtil.allocateDirectAligned(countersMax * CountersReader.COUNTER_LENGTH, 64);
        countersMetaData = BufferUtil.allocateDirectAligned(countersMax * CountersReader.METADATA_LENGTH, 64);
        countersManager = new CountersManager(new UnsafeBuffer(countersMetaData), new UnsafeBuffer(countersValues));
        concluded = true;
        return this;
    }

    /**
     * @return true once {@link #conclude()} has succeeded.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * Releases the counters buffers to the GC (see the comment inside for why not eagerly). Idempotent. Call after every stage and counter has closed ({@link Engine#close()}
     * does).
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            // Not freed eagerly: readers may still hold AtomicCounters over these buffers (final counter values are
            // read after close), and a freed buffer would crash them. The GC frees them once unreachable.
            countersManager = null;
            countersValues = null;
            countersMetaData = null;
        }
    }

    /**
     * @return a fresh idle strategy instance of the configured kind (one per runner thread; they hold state).
     * @throws IllegalArgumentException naming the property for an unknown name.
     */
    public IdleStrategy newIdleStrategy()
    {
        return switch (idleStrategy.toLowerCase(Locale.ROOT))
        {
            case "backoff" -> new BackoffIdleStrategy();
            case "yielding" -> new YieldingIdleStrategy();
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "sleeping" -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException(
                IDLE_STRATEGY_PROP_NAME + "=" + idleStrategy + " must be one of backoff, yielding, busy-spin, sleeping");
        };
    }

    /**
     * @return the counters every stage registers in; readable from any thread as a {@link CountersReader}.
     * @throws IllegalStateException before {@link #conclude()} or after {@link #close()}.
     */
    public CountersManager countersManager()
    {
        if (null == countersManager)
        {
            throw new IllegalStateException("counters exist only between conclude() and close()");
        }
        return countersManager;
    }

    /**
     * @param mode threading mode.
     * @return this.
     */
    public EngineContext threadingMode(final ThreadingMode mode)
    {
        threadingMode = mode;
        return this;
    }

    /**
     * @return threading mode.
     */
    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /**
     * @param policy what stages do when downstream is full.
     * @return this.
     */
    public EngineContext fullRingPolicy(final FullRingPolicy policy)
    {
        fullRingPolicy = policy;
        return this;
    }

    /**
     * @return what stages do when downstream is full.
     */
    public FullRingPolicy fullRingPolicy()
    {
        return fullRingPolicy;
    }

    /**
     * @param size default slots per event ring (power of two).
     * @return this.
     */
    public EngineContext ringSize(final int size)
    {
        ringSize = size;
        return this;
    }

    /**
     * @return default slots per event ring.
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @param size slots per command ring (power of two).
     * @return this.
     */
    public EngineContext commandRingSize(final int size)
    {
        commandRingSize = size;
        return this;
    }

    /**
     * @return slots per command ring.
     */
    public int commandRingSize()
    {
        return commandRingSize;
    }

    /**
     * @param maxBatch most input events per duty cycle.
     * @return this.
     */
    public EngineContext maxBatch(final int maxBatch)
    {
        this.maxBatch = maxBatch;
        return this;
    }

    /**
     * @return most input events per duty cycle.
     */
    public int maxBatch()
    {
        return maxBatch;
    }

    /**
     * @param limit most commands per duty cycle.
     * @return this.
     */
    public EngineContext commandDrainLimit(final int limit)
    {
        commandDrainLimit = limit;
        return this;
    }

    /**
     * @return most commands per duty cycle.
     */
    public int commandDrainLimit()
    {
        return commandDrainLimit;
    }

    /**
     * @param fps video frames per second (25 or 30).
     * @return this.
     */
    public EngineContext fps(final int fps)
    {
        this.fps = fps;
        return this;
    }

    /**
     * @return video frames per second.
     */
    public int fps()
    {
        return fps;
    }

    /**
     * @param samples samples per audio chunk event.
     * @return this.
     */
    public EngineContext audioChunkSamples(final int samples)
    {
        audioChunkSamples = samples;
        return this;
    }

    /**
     * @return samples per audio chunk event.
     */
    public int audioChunkSamples()
    {
        return audioChunkSamples;
    }

    /**
     * @param ms deadline budget in milliseconds.
     * @return this.
     */
    public EngineContext deadlineBudgetMs(final int ms)
    {
        deadlineBudgetMs = ms;
        return this;
    }

    /**
     * @return deadline budget in ns (sources set {@code deadline = origin + budget}).
     */
    public long deadlineBudgetNs()
    {
        return deadlineBudgetMs * 1_000_000L;
    }

    /**
     * @param ms duty-cycle threshold in milliseconds.
     * @return this.
     */
    public EngineContext cycleThresholdMs(final int ms)
    {
        cycleThresholdMs = ms;
        return this;
    }

    /**
     * @return duty-cycle threshold in ns.
     */
    public long cycleThresholdNs()
    {
        return cycleThresholdMs * 1_000_000L;
    }

    /**
     * @param size frame buffers per pool.
     * @return this.
     */
    public EngineContext framePoolSize(final int size)
    {
        framePoolSize = size;
        return this;
    }

    /**
     * @return frame buffers per pool.
     */
    public int framePoolSize()
    {
        return framePoolSize;
    }

    /**
     * @param threads render stages sharing the sessions; 0 = automatic ({@link #RENDER_THREADS_PROP_NAME}).
     * @return this.
     */
    public EngineContext renderThreads(final int threads)
    {
        renderThreads = threads;
        return this;
    }

    /**
     * @return render stages sharing the sessions (resolved from 0 = automatic by {@link #conclude()}).
     */
    public int renderThreads()
    {
        return renderThreads;
    }

    /**
     * @param threads feature stages sharing the sessions; 0 = automatic ({@link #FEATURE_THREADS_PROP_NAME}).
     * @return this.
     */
    public EngineContext featureThreads(final int threads)
    {
        featureThreads = threads;
        return this;
    }

    /**
     * @return feature stages sharing the sessions (resolved from 0 = automatic by {@link #conclude()}).
     */
    public int featureThreads()
    {
        return featureThreads;
    }

    /**
     * @param max capacity of the counters buffers, in counters.
     * @return this.
     */
    public EngineContext countersMax(final int max)
    {
        countersMax = max;
        return this;
    }

    /**
     * @return capacity of the counters buffers.
     */
    public int countersMax()
    {
        return countersMax;
    }

    /**
     * @param name idle strategy name (see {@link #IDLE_STRATEGY_PROP_NAME}).
     * @return this.
     */
    public EngineContext idleStrategy(final String name)
    {
        idleStrategy = name;
        return this;
    }

    /**
     * @return idle strategy name.
     */
    public String idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param clock the clock stages read once per duty cycle (tests inject a settable one, e.g.
     *              {@link org.agrona.concurrent.CachedNanoClock}).
     * @return this.
     */
    public EngineContext nanoClock(final NanoClock clock)
    {
        nanoClock = clock;
        return this;
    }

    /**
     * @return the stages' clock.
     */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param handler receives every contained per-event exception and agent error; called on stage threads, so it
     *                must be thread-safe and must not block for long.
     * @return this.
     */
    public EngineContext errorHandler(final ErrorHandler handler)
    {
        errorHandler = handler;
        return this;
    }

    /**
     * @return the error handler.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    private static void printError(final Throwable ex)
    {
        ex.printStackTrace(System.err);
    }

    private static void requireRange(final String property, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(property + "=" + value + " is outside [" + min + ", " + max + "]");
        }
    }

    /**
     * Resolves a sharded step's thread count: 0 = automatic (cores / {@code coresPerThread}, 1 to {@code autoMax},
     * for a live engine on its own threads; 1 otherwise); more than 1 with BACKPRESSURE is refused outside INVOKER.
     */
    private int stageThreads(final String property, final int value, final int coresPerThread, final int autoMax)
    {
        requireRange(property, value, 0, RENDER_THREADS_MAX);
        if (0 == value)
        {
            return threadingMode != ThreadingMode.DEDICATED || fullRingPolicy == FullRingPolicy.BACKPRESSURE ? 1 :
                Math.max(1, Math.min(autoMax, Runtime.getRuntime().availableProcessors() / coresPerThread));
        }
        if (value > 1 && fullRingPolicy == FullRingPolicy.BACKPRESSURE && threadingMode != ThreadingMode.INVOKER)
        {
            // Back-pressure sizes each batch to the room left in the output ring; stages on their own threads that
            // share one output ring can take each other's room between the check and the claim, and an event would
            // be lost. (Stepped by one caller thread, INVOKER mode has no such race.)
            throw new IllegalArgumentException(property + "=" + value + " needs " + FULL_RING_POLICY_PROP_NAME
                + "=DROP_NEWEST (or INVOKER threading): stages sharing one output ring cannot each wait for room in "
                + "it; offline renders use 1");
        }
        return value;
    }

    private static void requirePowerOfTwo(final String property, final int value, final int min, final int max)
    {
        if (value < min || value > max || Integer.bitCount(value) != 1)
        {
            throw new IllegalArgumentException(
                property + "=" + value + " must be a power of two in [" + min + ", " + max + "]");
        }
    }

    private static int intProperty(final String name, final int defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + "=" + value + " is not an integer", ex);
        }
    }

    private static <E extends Enum<E>> E enumProperty(final String name, final Class<E> type, final E defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                name + "=" + value + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()), ex);
        }
    }
}
