package io.avatar.transport.testing;

import io.avatar.models.style.StyleFile;
import io.avatar.transport.api.AvatarService;
import io.avatar.transport.api.FrameListener;
import io.avatar.transport.api.SessionInfo;
import io.avatar.transport.api.SessionRequest;
import io.avatar.transport.api.StyleChoice;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link AvatarService} for tests and for trying the page without the engine (a baseline, not the product):
 * each session renders moving I420 frames with the frame number burned in and a bar that follows the microphone
 * level, and its audio output is the received speech delayed by {@link #DEFAULT_DELAY_MS} (as the engine delays
 * its input) mixed over a quiet 440 Hz tone. Frames and audio are produced on one scheduled thread, paced by a
 * 10 ms tick; the video pts derive from the audio sample count like the engine's. Thread-safe.
 */
public final class TestPatternService implements AvatarService, AutoCloseable
{
    /** Delay from received speech to the output, standing in for the engine's algorithmic latency. */
    public static final int DEFAULT_DELAY_MS = 100;
    /** Built-in preset names. */
    public static final List<String> PRESETS = List.of("neutral", "calm", "lively");

    private final ScheduledExecutorService clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final int delayMs;

    /**
     * Creates the service with its producer thread.
     *
     * @param delayMs delay of the audio output behind the input in ms.
     */
    public TestPatternService(final int delayMs)
    {
        this.delayMs = delayMs;
        clock = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "test-pattern-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the service with {@link #DEFAULT_DELAY_MS}.
     */
    public TestPatternService()
    {
        this(DEFAULT_DELAY_MS);
    }

    @Override
    public SessionInfo createSession(final SessionRequest req)
    {
        if (req.fps() != 25 && req.fps() != 30)
        {
            throw new IllegalArgumentException("fps must be 25 or 30, got " + req.fps());
        }
        if (req.width() < 64 || req.width() > 1920 || req.height() < 64 || req.height() > 1920
            || (req.width() & 1) != 0 || (req.height() & 1) != 0)
        {
            throw new IllegalArgumentException("frame size must be even and within 64..1920, got "
                + req.width() + "x" + req.height());
        }
        if (req.portrait() != null)
        {
            checkPortrait(req.portrait());
        }
        final String style = req.style() == null ? "neutral" : checkStyle(req.style());
        final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final Session s = new Session(new SessionInfo(id, req.fps(), req.width(), req.height(), style,
            System.currentTimeMillis()), delayMs);
        sessions.put(id, s);
        s.task = clock.scheduleAtFixedRate(s::tick, 10, 10, TimeUnit.MILLISECONDS);
        return s.info;
    }

    @Override
    public List<SessionInfo> sessions()
    {
        final List<SessionInfo> out = new ArrayList<>();
        sessions.values().forEach(s -> out.add(s.info));
        out.sort((a, b) -> Long.compare(a.createdAtMs(), b.createdAtMs()));
        return out;
    }

    @Override
    public SessionInfo session(final String id)
    {
        return get(id).info;
    }

    @Override
    public void closeSession(final String id)
    {
        final Session s = sessions.remove(id);
        if (s == null)
        {
            throw new NoSuchElementException("no session " + id);
        }
        s.task.cancel(false);
        // The close runs on the producer thread so that onClosed() is the last call a listener sees.
        clock.execute(() -> s.listeners.forEach(FrameListener::onClosed));
    }

    @Override
    public void pushAudio(final String id, final float[] pcm, final int off, final int len, final int sampleRate)
    {
        if (off < 0 || len < 0 || off + len > pcm.length)
        {
            throw new IllegalArgumentException("bad range " + off + "+" + len + " of " + pcm.length);
        }
        if (sampleRate < 8000 || sampleRate > 96_000)
        {
            throw new IllegalArgumentException("sample rate must be 8000..96000 Hz, got " + sampleRate);
        }
        get(id).input(pcm, off, len, sampleRate);
    }

    @Override
    public void interrupt(final String id)
    {
        get(id).interrupt();
    }

    @Override
    public void setStyle(final String id, final StyleChoice style)
    {
        final Session s = get(id);
        final String name = checkStyle(style);
        s.info = new SessionInfo(s.info.id(), s.info.fps(), s.info.width(), s.info.height(), name,
            s.info.createdAtMs());
    }

    @Override
    public List<String> stylePresets()
    {
        return PRESETS;
    }

    @Override
    public void addFrameListener(final String id, final FrameListener listener)
    {
        get(id).listeners.add(listener);
    }

    @Override
    public void removeFrameListener(final String id, final FrameListener listener)
    {
        final Session s = sessions.get(id);
        if (s != null)
        {
            s.listeners.remove(listener);
        }
    }

    @Override
    public Map<String, Object> counters(final String id)
    {
        return get(id).counters();
    }

    /**
     * Stops the producer thread; sessions stop.
     */
    @Override
    public void close()
    {
        clock.shutdownNow();
        sessions.clear();
    }

    private Session get(final String id)
    {
        final Session s = sessions.get(id);
        if (s == null)
        {
            throw new NoSuchElementException("no session " + id);
        }
        return s;
    }

    private static void checkPortrait(final byte[] image)
    {
        try
        {
            if (ImageIO.read(new ByteArrayInputStream(image)) == null)
            {
                throw new IllegalArgumentException("portrait is not a PNG, JPEG, GIF or BMP image ("
                    + image.length + " bytes)");
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("portrait cannot be decoded: " + ex.getMessage(), ex);
        }
    }

    private static String checkStyle(final StyleChoice style)
    {
        if (style.preset() != null)
        {
            if (!PRESETS.contains(style.preset()))
            {
                throw new IllegalArgumentException("unknown style preset '" + style.preset() + "'; presets: "
                    + PRESETS);
            }
            return style.preset();
        }
        if (style.video() != null)
        {
            throw new IllegalArgumentException("the test-pattern service does not extract styles from video; "
                + "use a preset or a style file");
        }
        try
        {
            return StyleFile.parse(style.styleJson(), "uploaded style").name();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    /** One session's producer state; {@link #tick} runs on the producer thread, {@link #input} on any thread. */
    private static final class Session
    {
        private static final int RATE = FrameListener.AUDIO_SAMPLE_RATE;
        private static final int CHUNK = FrameListener.AUDIO_CHUNK_SAMPLES;
        private static final int RING = 1 << 19;

        final List<FrameListener> listeners = new CopyOnWriteArrayList<>();
        final float[] ring = new float[RING];
        final float[] out = new float[CHUNK];
        final ByteBuffer frame;
        final int delaySamples;
        volatile SessionInfo info;
        ScheduledFuture<?> task;
        long written;          // samples written into the ring (48 kHz), guarded by this
        long read;             // samples read by the producer, guarded by this
        double resamplePos;    // fractional read position of the linear resampler, guarded by this
        float lastIn;          // last input sample, guarded by this
        long samplesOut;
        long framesOut;
        long micSamples;
        volatile double micRms;
        volatile double outRms;
        boolean speaking;
        long speakingChanges;

        Session(final SessionInfo info, final int delayMs)
        {
            this.info = info;
            this.delaySamples = delayMs * RATE / 1000;
            frame = ByteBuffer.allocateDirect(info.width() * info.height() * 3 / 2);
        }

        synchronized void input(final float[] pcm, final int off, final int len, final int rate)
        {
            if (written - read > RING - 2 * RATE)
            {
                return; // the producer is far behind: drop input rather than overwrite unread speech
            }
            double sum = 0;
            final double step = (double)rate / RATE;
            double pos = resamplePos;
            float prev = lastIn;
            while (pos < len)
            {
                final int i = (int)pos;
                final float a = i == 0 ? prev : pcm[off + i - 1];
                final float b = pcm[off + i];
                final float frac = (float)(pos - i);
                ring[(int)(written++ & (RING - 1))] = a + (b - a) * frac;
                pos += step;
            }
            resamplePos = pos - len;
            lastIn = len > 0 ? pcm[off + len - 1] : prev;
            for (int i = 0; i < len; i++)
            {
                sum += pcm[off + i] * pcm[off + i];
            }
            micSamples += len;
            micRms = len > 0 ? Math.sqrt(sum / len) : micRms;
        }

        synchronized void interrupt()
        {
            read = written;
        }

        void tick()
        {
            synchronized (this)
            {
                // Start reading only once the delay is buffered, then keep a steady pace; an empty ring is silence.
                for (int i = 0; i < CHUNK; i++)
                {
                    float v = 0;
                    if (written - read > delaySamples || (read > 0 && written > read))
                    {
                        v = ring[(int)(read++ & (RING - 1))];
                    }
                    out[i] = v;
                }
            }
            double sum = 0;
            for (int i = 0; i < CHUNK; i++)
            {
                sum += out[i] * out[i];
                out[i] += 0.03f * (float)Math.sin(2 * Math.PI * 440 * (samplesOut + i) / RATE);
            }
            outRms = Math.sqrt(sum / CHUNK);
            final long pts = samplesOut * 1_000_000_000L / RATE;
            for (final FrameListener l : listeners)
            {
                l.onAudio(out, 0, CHUNK, pts);
            }
            final boolean nowSpeaking = speaking ? outRms > 0.01 : outRms > 0.03;
            if (nowSpeaking != speaking)
            {
                speaking = nowSpeaking;
                speakingChanges++;
                for (final FrameListener l : listeners)
                {
                    l.onSpeaking(nowSpeaking);
                }
            }
            samplesOut += CHUNK;
            final SessionInfo si = info;
            while (framesOut * RATE / si.fps() < samplesOut)
            {
                TestPattern.render(frame, si.width(), si.height(), framesOut, micRms);
                final long framePts = framesOut * 1_000_000_000L / si.fps();
                for (final FrameListener l : listeners)
                {
                    frame.clear();
                    l.onVideoFrame(frame, si.width(), si.height(), framePts);
                }
                framesOut++;
            }
        }

        Map<String, Object> counters()
        {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("framesOut", framesOut);
            c.put("audioSamplesOut", samplesOut);
            c.put("micSamplesIn", micSamples);
            c.put("micRms", Math.round(micRms * 10000) / 10000.0);
            c.put("outputRms", Math.round(outRms * 10000) / 10000.0);
            c.put("speaking", speaking);
            c.put("speakingChanges", speakingChanges);
            c.put("listeners", listeners.size());
            c.put("algorithmicLatencyMs", delaySamples * 1000 / RATE);
            return c;
        }
    }
}
