package io.avatar.engine.session;

import io.avatar.engine.core.Emitter;
import io.avatar.engine.core.StageCommand;
import io.avatar.engine.core.event.StageEvent;
import io.avatar.engine.core.StageLogic;
import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.FramePool;
import io.avatar.engine.core.event.VideoFrameEvent;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.List;

/**
 * Output stage (sink): hands each frame to the session's {@link FrameOutput}s together with exactly the audio of its
 * interval, read from the session's audio history, so the published audio is delayed by exactly the pipeline latency.
 * When frames were dropped (late, live), the next frame carries the audio of the skipped ones too: audio never has
 * holes. Releases every frame buffer. Stage thread only.
 */
final class OutputLogic implements StageLogic<VideoFrameEvent, StageEvent>
{
    private final Long2ObjectHashMap<State> byId = new Long2ObjectHashMap<>();
    private final float[] audio;

    OutputLogic()
    {
        // Room for a few seconds of catch-up audio after drops.
        this.audio = new float[MediaTime.SAMPLE_RATE * 4];
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<StageEvent> out)
    {
        if (command.type() == SessionCommands.ADD)
        {
            final Session s = (Session)command.attachment();
            byId.put(s.id, new State(s));
        }
        else if (command.type() == SessionCommands.REMOVE)
        {
            final State s = byId.remove(command.sessionId());
            if (s != null)
            {
                s.close();
            }
        }
    }

    @Override
    public void onEvent(final VideoFrameEvent event, final long nowNs, final Emitter<StageEvent> out)
    {
        final FramePool pool = event.pool();
        final int index = event.bufferIndex();
        try
        {
            final State s = byId.get(event.sessionId());
            if (s != null)
            {
                s.publish(event, pool, index);
            }
        }
        finally
        {
            if (index != FramePool.NO_FRAME)
            {
                pool.release(index);
            }
        }
    }

    @Override
    public void onUpstreamNotOk(final VideoFrameEvent event, final long nowNs, final Emitter<StageEvent> out)
    {
        if (event.bufferIndex() != FramePool.NO_FRAME)
        {
            event.pool().release(event.bufferIndex());
        }
    }

    @Override
    public void onClose()
    {
        byId.values().forEach(State::close);
        byId.clear();
    }

    private final class State
    {
        final Session session;
        final List<FrameOutput> outputs;
        long nextAudioSample;
        long lastFrame = -1;

        State(final Session session)
        {
            this.session = session;
            this.outputs = session.spec.outputs();
        }

        void publish(final VideoFrameEvent e, final FramePool pool, final int index)
        {
            final long k = e.frameIndex();
            final long expected = session.expectedFrames;
            if (expected >= 0 && k >= expected)
            {
                return; // padding after the end of a finished stream
            }
            final long end = MediaTime.firstSampleOfFrame(k + 1, session.fps);
            if (k > lastFrame + 1)
            {
                session.framesSkipped.addAndGet(k - lastFrame - 1);
            }
            lastFrame = k;
            final long from = Math.max(nextAudioSample, end - audio.length);
            final int len = (int)Math.max(0, end - from);
            session.history.read(from, audio, len);
            final long muteFrom = session.muteFrom;
            final long muteUntil = session.muteUntil;
            for (int i = 0; i < len; i++)
            {
                final long sample = from + i;
                if (sample >= muteFrom && sample < muteUntil)
                {
                    audio[i] = 0f;
                }
            }
            nextAudioSample = end;
            for (int i = 0, n = outputs.size(); i < n; i++)
            {
                outputs.get(i).onFrame(session.id, k, e.ptsNs(), index == FramePool.NO_FRAME ? null : pool.buffer(index),
                    0, index == FramePool.NO_FRAME ? 0 : e.width(), index == FramePool.NO_FRAME ? 0 : e.height(), audio,
                    len, e.weights(), e.pose());
            }
            session.audioOut = end;
            session.framesOut = k + 1;
            if (expected >= 0 && k >= expected - 1)
            {
                session.done = true;
            }
        }

        void close()
        {
            for (final FrameOutput o : outputs)
            {
                o.onClose();
            }
        }
    }
}
