package io.avatar.transport.service;

import io.avatar.engine.core.EngineContext;
import io.avatar.engine.core.FullRingPolicy;
import io.avatar.engine.core.StageCounter;
import io.avatar.engine.core.ThreadingMode;
import io.avatar.engine.render.FaceRenderers;
import io.avatar.engine.session.AvatarEngine;
import io.avatar.engine.session.FaceRenderer;
import io.avatar.engine.session.FrameOutput;
import io.avatar.engine.session.SessionSpec;
import io.avatar.engine.session.SessionStatus;
import io.avatar.models.decoder.MotionDecoders;
import io.avatar.models.decoder.OnnxMotionDecoder;
import io.avatar.models.style.StyleFile;
import io.avatar.models.style.StylePresets;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.FrameListener;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.api.StyleChoice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AvatarService} on the real engine: live sessions (wall-clock paced, late frames dropped) of the built-in
 * avatar or of an uploaded portrait (fitted on the calling thread, {@link UploadedPortraits}), driven by the trained
 * decoder, in a preset style, an uploaded style file, or the style extracted from an uploaded reference video
 * ({@link VideoStyles}, one extraction at a time on its own thread). Portrait fitting and style extraction block the
 * caller for a second or more: the HTTP API calls this from its API threads, never from a Netty event loop. The engine
 * starts on first use; {@link #close()} stops it. Thread-safe.
 */
public final class EngineAvatarService implements AvatarService, AutoCloseable
{
    /** Most sessions at once (a 2-core machine renders a handful of 512x512 faces in real time). */
    public static final String MAX_SESSIONS_PROP_NAME = "avatar.serve.max.sessions";
    /** Default session limit. */
    public static final int MAX_SESSIONS_DEFAULT = 4;
    /** Largest frame size a session may ask for. */
    public static final int MAX_SIZE = 1024;

    private final int maxSessions = Integer.getInteger(MAX_SESSIONS_PROP_NAME, MAX_SESSIONS_DEFAULT);
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** Sessions live or being created: reserved before the slow set-up so concurrent creations cannot pass the limit. */
    private final AtomicInteger slotsTaken = new AtomicInteger();
    private final VideoStyles videoStyles = new VideoStyles();
    private volatile AvatarEngine engine;

    /** A live session; {@code info} changes (style name) when a new style is applied. */
    private static final class Entry
    {
        final long id;
        final ListenerOutput listeners;
        volatile SessionInfo info;

        Entry(final long id, final SessionInfo info, final ListenerOutput listeners)
        {
            this.id = id;
            this.info = info;
            this.listeners = listeners;
        }

        long id()
        {
            return id;
        }

        SessionInfo info()
        {
            return info;
        }

        ListenerOutput listeners()
        {
            return listeners;
        }
    }

    private AvatarEngine engine()
    {
        AvatarEngine e = engine;
        if (e == null)
        {
            synchronized (this)
            {
                e = engine;
                if (e == null)
                {
                    try
                    {
                        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.DEDICATED)
                            .fullRingPolicy(FullRingPolicy.DROP_NEWEST).idleStrategy("backoff").fps(25);
                        e = new AvatarEngine(ctx, MotionDecoders.openDefault(OnnxMotionDecoder.MAX_BATCH_DEFAULT),
                            MAX_SIZE, MAX_SIZE);
                    }
                    catch (final Exception ex)
                    {
                        throw new IllegalStateException("the engine cannot start: " + ex.getMessage(), ex);
                    }
                    engine = e;
                }
            }
        }
        return e;
    }

    @Override
    public SessionInfo createSession(final SessionRequest request)
    {
        final AvatarEngine e = engine();
        if (request.fps() != e.fps())
        {
            throw new IllegalArgumentException("fps must be " + e.fps() + " on this server, got " + request.fps());
        }
        if (request.width() != request.height() || request.width() < 256 || request.width() > MAX_SIZE
            || (request.width() & 1) != 0)
        {
            throw new IllegalArgumentException("frame size must be square, even and in [256, " + MAX_SIZE + "], got "
                + request.width() + "x" + request.height());
        }
        reserveSlot();
        try
        {
            final ListenerOutput listeners = new ListenerOutput();
            final long id;
            // the slow parts (fitting, extraction) come before the engine sees the session
            final StyleFile style = resolve(request.style());
            final FaceRenderer renderer = request.portrait() != null
                ? UploadedPortraits.renderer(request.portrait(), request.width()) : builtIn(request.width());
            try
            {
                id = e.createSession(new SessionSpec(style.code(), renderer, List.<FrameOutput>of(listeners), true,
                    System.nanoTime()));
            }
            catch (final java.io.IOException | ai.onnxruntime.OrtException | RuntimeException ex)
            {
                renderer.close();
                if (ex instanceof RuntimeException r)
                {
                    throw r;
                }
                throw new IllegalStateException("cannot create a session: " + ex.getMessage(), ex);
            }
            final String key = Long.toString(id);
            final SessionInfo info = new SessionInfo(key, e.fps(), request.width(), request.height(), style.name(),
                System.currentTimeMillis());
            sessions.put(key, new Entry(id, info, listeners));
            return info;
        }
        catch (final RuntimeException ex)
        {
            slotsTaken.decrementAndGet();
            throw ex;
        }
    }

    /** Takes one of the {@code maxSessions} slots or refuses; released by a failed creation or a close. */
    private void reserveSlot()
    {
        int taken;
        do
        {
            taken = slotsTaken.get();
            if (taken >= maxSessions)
            {
                throw new IllegalStateException("session limit reached (" + maxSessions + "); close one first");
            }
        }
        while (!slotsTaken.compareAndSet(taken, taken + 1));
    }

    private static FaceRenderer builtIn(final int size)
    {
        try
        {
            return FaceRenderers.session(size);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the built-in avatar cannot be loaded: " + ex.getMessage(), ex);
        }
    }

    private StyleFile resolve(final StyleChoice choice)
    {
        try
        {
            if (choice == null)
            {
                return StylePresets.load("neutral");
            }
            if (choice.video() != null)
            {
                return videoStyles.extract(choice.video());
            }
            return choice.preset() != null ? StylePresets.load(choice.preset())
                : StyleFile.parse(choice.styleJson(), "uploaded style");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    private Entry entry(final String id)
    {
        final Entry e = id == null ? null : sessions.get(id);
        if (e == null)
        {
            throw new NoSuchElementException("no session '" + id + "'");
        }
        return e;
    }

    @Override
    public List<SessionInfo> sessions()
    {
        final List<SessionInfo> list = new ArrayList<>();
        sessions.values().forEach(e -> list.add(e.info()));
        list.sort((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())));
        return list;
    }

    @Override
    public SessionInfo session(final String id)
    {
        return entry(id).info();
    }

    @Override
    public void closeSession(final String id)
    {
        final Entry e = id == null ? null : sessions.remove(id);
        if (e == null)
        {
            throw new NoSuchElementException("no session '" + id + "'");
        }
        slotsTaken.decrementAndGet();
        engine().closeSession(e.id());
    }

    @Override
    public void pushAudio(final String id, final float[] pcm, final int off, final int len, final int sampleRate)
    {
        if (off < 0 || len < 0 || off + len > pcm.length)
        {
            throw new IllegalArgumentException("audio range [" + off + ", " + (off + len) + ") outside an array of "
                + pcm.length);
        }
        if (sampleRate < 8_000 || sampleRate > 96_000)
        {
            throw new IllegalArgumentException("sample rate must be in [8000, 96000] Hz, got " + sampleRate);
        }
        engine().pushAudio(entry(id).id(), pcm, off, len, sampleRate, 1);
    }

    @Override
    public void interrupt(final String id)
    {
        engine().interrupt(entry(id).id());
    }

    @Override
    public void setStyle(final String id, final StyleChoice style)
    {
        entry(id);
        // the session keeps its old style until the new one is ready (extraction takes seconds)
        final StyleFile s = resolve(style);
        final Entry e = entry(id);
        // two requests racing: the engine's style and the reported name come from the same one
        synchronized (e)
        {
            engine().setStyle(e.id(), s.code());
            final SessionInfo old = e.info;
            e.info = new SessionInfo(old.id(), old.fps(), old.width(), old.height(), s.name(), old.createdAtMs());
        }
    }

    @Override
    public List<String> stylePresets()
    {
        return StylePresets.NAMES;
    }

    @Override
    public void addFrameListener(final String id, final FrameListener listener)
    {
        entry(id).listeners().add(listener);
    }

    @Override
    public void removeFrameListener(final String id, final FrameListener listener)
    {
        final Entry e = id == null ? null : sessions.get(id);
        if (e != null)
        {
            e.listeners().remove(listener);
        }
    }

    @Override
    public Map<String, Object> counters(final String id)
    {
        final Entry e = entry(id);
        final AvatarEngine eng = engine();
        final SessionStatus st = eng.status(e.id());
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("framesOut", st.framesOut());
        m.put("framesSkipped", st.framesSkipped());
        m.put("audioSamples16k", st.samplesIngested());
        m.put("silenceInserted16k", st.silenceSamplesInserted());
        m.put("inputRejected", st.inputFramesRejected());
        m.put("algorithmicLatencyMs", eng.algorithmicLatencyNs() / 1e6);
        long deadlineDrops = eng.engine().counters("motion").get(StageCounter.DROPPED_DEADLINE);
        for (final String render : eng.renderStageNames())
        {
            deadlineDrops += eng.engine().counters(render).get(StageCounter.DROPPED_DEADLINE);
        }
        m.put("decoderDeadlineDrops", deadlineDrops);
        m.put("model", eng.model().describe());
        return m;
    }

    @Override
    public synchronized void close()
    {
        final AvatarEngine e = engine;
        engine = null;
        sessions.clear();
        videoStyles.close();
        if (e != null)
        {
            e.close();
        }
    }
}
