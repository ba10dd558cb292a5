package io.avatar.engine.session;

import io.avatar.models.decoder.MotionModel;
import io.avatar.engine.core.Engine;
import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.EventRing;
import io.avatar.engine.core.PipelineBuilder;
import io.avatar.engine.core.StageProxy;
import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.FeatureFrameEvent;
import io.avatar.engine.core.event.FramePool;
import io.avatar.engine.core.event.MotionFrameEvent;
import io.avatar.engine.core.event.VideoFrameEvent;
import io.avatar.kernels.dsp.LogMel80;
import io.avatar.models.style.StyleCode;
import io.avatar.models.vad.SileroVad;
import org.agrona.CloseHelper;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's session API. Callers on any thread create sessions, push audio, change style, interrupt and close;
 * every call only enqueues (into the session's lock-free audio inbox or a stage's command proxy), so no caller ever
 * waits on the pipeline and no stage ever waits on a caller.
 * <p>
 * Pipeline: {@code ingest -> features -> decoder -> motion -> render -> output}, one stage each, shared by all
 * sessions, except the features and render steps: {@link EngineContext#featureThreads()} feature stages and
 * {@link EngineContext#renderThreads()} render stages read their input rings side by side and each handles the
 * sessions it was given (the least loaded at creation), so the per-session work (voice activity, rendering) scales
 * with cores while every session's events stay in order (see the package documentation for timing and
 * threading).
 */
public final class AvatarEngine implements AutoCloseable
{
    /** Inbox size per session: 2 MiB, about 10 s of 48 kHz stereo float. */
    public static final int INBOX_BYTES = 1 << 21;
    /** Audio history per session in 16 kHz samples (about 8 s): far more than the pipeline latency. */
    public static final int HISTORY_SAMPLES = 1 << 17;
    /** Style transitions take this long (a live style change never jumps). */
    public static final double STYLE_TRANSITION_SECONDS = 0.5;

    private static final int VIDEO_RING = 16;
    private static final String[] STAGES = {"ingest", "features", "decoder", "motion", "render", "output"};
    private static final int FEATURES = 1;
    private static final int RENDER = 4;

    private final EngineContext context;
    private final MotionModel model;
    private final FramePool pool;
    private final Engine engine;
    private final int fps;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final long lookaheadSamples;
    private final StageShards featureStages;
    private final StageShards renderStages;

    /**
     * Builds and starts the pipeline (in INVOKER mode the caller steps it with {@code engine().invoke()}). Takes ownership of the model.
     *
     * @param context    engine configuration (concluded here).
     * @param model      the speech-to-motion model.
     * @param maxWidth   largest frame width any session will use.
     * @param maxHeight  largest frame height any session will use.
     */
    public AvatarEngine(final EngineContext context, final MotionModel model, final int maxWidth, final int maxHeight)
    {
        this.context = context.isConcluded() ? context : context.conclude();
        this.model = model;
        this.fps = this.context.fps();
        this.lookaheadSamples = DecoderLogic.lookaheadSamples(model.pastFeatureFrames(), model.futureFeatureFrames(),
            fps);
        FramePool createdPool = null;
        Engine built = null;
        try
        {
            // The video ring is smaller than the frame pool, so under back-pressure the ring fills (and the render
            // stage waits) before the pool runs dry: a render stage without a free buffer would have to drop.
            // Each render stage holds at most one leased buffer it has not published yet.
            createdPool = new FramePool(Math.max(this.context.framePoolSize(),
                VIDEO_RING + 4 + this.context.renderThreads()), maxWidth * maxHeight * 3 / 2);
            final int chunk = this.context.audioChunkSamples();
            final int pad = (int)(lookaheadSamples + (long)model.windowFrames() * LogMel80.HOP + LogMel80.WINDOW
                + 2L * MediaTime.SAMPLE_RATE / fps);
            final PipelineBuilder b = new PipelineBuilder(this.context);
            final EventRing<AudioChunkEvent> audio = b.ring("audio", AudioChunkEvent.factory(chunk));
            final int featureCopies = this.context.featureThreads();
            final EventRing<FeatureFrameEvent> features = b.ring("features", FeatureFrameEvent.FACTORY,
                this.context.ringSize(), featureCopies > 1);
            final EventRing<MotionFrameEvent> decoded = b.ring("decoded", MotionFrameEvent.FACTORY);
            final EventRing<MotionFrameEvent> motion = b.ring("motion", MotionFrameEvent.FACTORY);
            final int shards = this.context.renderThreads();
            final EventRing<VideoFrameEvent> video = b.ring("video", VideoFrameEvent.factory(createdPool), VIDEO_RING,
                shards > 1);
            b.source(STAGES[0], new IngestLogic(chunk, pad, INBOX_BYTES / Float.BYTES), audio);
            featureStages = new StageShards(STAGES[FEATURES], featureCopies);
            for (final String name : featureStages.names())
            {
                b.stage(name, audio, new FeatureLogic(chunk), features);
            }
            b.stage(STAGES[2], features, new DecoderLogic(model, fps, this.context.deadlineBudgetNs()), decoded)
                .stage(STAGES[3], decoded, new MotionLogic(fps), motion);
            renderStages = new StageShards(STAGES[RENDER], shards);
            for (final String name : renderStages.names())
            {
                b.stage(name, motion, new RenderLogic(createdPool), video);
            }
            b.sink(STAGES[5], video, new OutputLogic());
            built = b.build();
            built.start(); // in INVOKER mode this only prepares the agents; the caller steps them with invoke()
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(built, createdPool);
            throw ex;
        }
        this.pool = createdPool;
        this.engine = built;
    }

    /**
     * @return the render stages' names (one per render thread: {@code render}, or {@code render-0 .. render-(n-1)}),
     *     e.g. to read their counters. Any thread.
     */
    public java.util.List<String> renderStageNames()
    {
        return renderStages.names();
    }

    /**
     * @return the feature stages' names (one per feature thread: {@code features}, or {@code features-0 ..}). Any
     *     thread.
     */
    public java.util.List<String> featureStageNames()
    {
        return featureStages.names();
    }

    /**
     * Creates a session. Any thread. The spec's renderer now belongs to the engine.
     *
     * @param spec what the session is made of.
     * @return the session id.
     * @throws java.io.IOException                when the voice-activity model asset is missing.
     * @throws ai.onnxruntime.OrtException when ONNX Runtime cannot load it.
     */
    public long createSession(final SessionSpec spec) throws java.io.IOException, ai.onnxruntime.OrtException
    {
        final long id = nextId.getAndIncrement();
        final Session s = new Session(id, spec, fps, INBOX_BYTES, HISTORY_SAMPLES);
        s.vad = SileroVad.open();
        s.featureShard = featureStages.take();
        s.renderShard = renderStages.take();
        sessions.put(id, s);
        for (int i = 0; i < STAGES.length; i++)
        {
            offer(stageOf(i, s), SessionCommands.ADD, id, 0, s);
        }
        return id;
    }

    /**
     * Queues audio for a session. Any thread, any rate (4-192 kHz), mono or stereo. Never blocks.
     *
     * @param id         session.
     * @param pcm        interleaved float PCM in [-1, 1].
     * @param offset     first value.
     * @param frames     frames (samples per channel).
     * @param sampleRate rate in Hz.
     * @param channels   1 or 2.
     * @return frames accepted; fewer than offered when the session's queue is full (counted).
     */
    public int pushAudio(final long id, final float[] pcm, final int offset, final int frames, final int sampleRate,
        final int channels)
    {
        if (sampleRate < 4_000 || sampleRate > 192_000)
        {
            throw new IllegalArgumentException("sample rate must be in [4000, 192000] Hz, got " + sampleRate);
        }
        if (channels != 1 && channels != 2)
        {
            throw new IllegalArgumentException("channels must be 1 or 2, got " + channels);
        }
        final Session s = session(id);
        final int n = s.inbox.offer(pcm, offset, frames, sampleRate, channels);
        if (n < frames)
        {
            s.inputFramesRejected.addAndGet(frames - n);
        }
        return n;
    }

    /**
     * Ends a session's input: the rest is flushed, padded for the model's look-ahead, and frames are published up to
     * the end of the real audio. Any thread.
     *
     * @param id session.
     */
    public void finish(final long id)
    {
        session(id);
        offer(STAGES[0], SessionCommands.FINISH, id, 0, null);
    }

    /**
     * Barge-in: queued speech is dropped and the face returns to idle at the next frame. Any thread.
     *
     * @param id session.
     */
    public void interrupt(final long id)
    {
        session(id);
        offer(STAGES[0], SessionCommands.INTERRUPT, id, 0, null);
        offer(STAGES[3], SessionCommands.INTERRUPT, id, 0, null);
    }

    /**
     * Changes the style with a {@value #STYLE_TRANSITION_SECONDS} s transition. Any thread.
     *
     * @param id    session.
     * @param style the new style.
     */
    public void setStyle(final long id, final StyleCode style)
    {
        session(id);
        final long frames = Math.round(STYLE_TRANSITION_SECONDS * fps);
        offer(STAGES[2], SessionCommands.STYLE, id, frames, style);
        offer(STAGES[3], SessionCommands.STYLE, id, frames, style);
    }

    /**
     * Closes a session: every stage frees its state (the outputs see {@link FrameOutput#onClose()}). Any thread.
     *
     * @param id session.
     */
    public void closeSession(final long id)
    {
        final Session s = sessions.remove(id);
        if (s == null)
        {
            throw new NoSuchElementException("no session " + id);
        }
        for (int i = 0; i < STAGES.length; i++)
        {
            offer(stageOf(i, s), SessionCommands.REMOVE, id, 0, null);
        }
        featureStages.release(s.featureShard);
        renderStages.release(s.renderShard);
    }

    /** The stage of pipeline step {@code step} that handles session {@code s} (its own copy of a sharded step). */
    private String stageOf(final int step, final Session s)
    {
        return switch (step)
        {
            case FEATURES -> featureStages.name(s.featureShard);
            case RENDER -> renderStages.name(s.renderShard);
            default -> STAGES[step];
        };
    }

    /**
     * @param id session.
     * @return a snapshot of the session's progress. Any thread.
     */
    public SessionStatus status(final long id)
    {
        final Session s = session(id);
        return new SessionStatus(id, s.samplesIngested, s.framesOut, s.expectedFrames, s.done,
            s.inputFramesRejected.get(), s.silenceSamplesInserted.get(), s.framesSkipped.get(), s.startNs);
    }

    /**
     * @param id session.
     * @return the name of the render stage that draws it (its counters are that stage's). Any thread.
     */
    public String renderStageOf(final long id)
    {
        return renderStages.name(session(id).renderShard);
    }

    /**
     * @return the algorithmic latency: one frame (audio is published with the frame that ends it) plus the decoder's
     *     look-ahead past the frame's end; processing time comes on top and is measured by the bench harness.
     */
    public long algorithmicLatencyNs()
    {
        return MediaTime.NANOS_PER_SECOND / fps + MediaTime.samplePtsNs(lookaheadSamples);
    }

    /**
     * @return the underlying pipeline (counters, latency histograms, {@link Engine#invoke()} in INVOKER mode).
     */
    public Engine engine()
    {
        return engine;
    }

    /**
     * @return the model in use.
     */
    public MotionModel model()
    {
        return model;
    }

    /**
     * @return frames per second of every session.
     */
    public int fps()
    {
        return fps;
    }

    private Session session(final long id)
    {
        final Session s = sessions.get(id);
        if (s == null)
        {
            throw new NoSuchElementException("no session " + id);
        }
        return s;
    }

    private void offer(final String stage, final int type, final long id, final long value, final Object attachment)
    {
        final StageProxy proxy = engine.proxy(stage);
        if (!proxy.offer(type, id, value, attachment))
        {
            throw new IllegalStateException("stage '" + stage + "' command queue is full; try again");
        }
    }

    /**
     * Stops the pipeline and frees everything, in reverse order of creation. Idempotent.
     */
    @Override
    public void close()
    {
        sessions.clear();
        CloseHelper.closeAll(engine, pool, model);
    }
}
