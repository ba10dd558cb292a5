package io.avatar.engine.session;

import io.avatar.engine.core.Emitter;
import io.avatar.engine.core.StageCommand;
import io.avatar.engine.core.StageLogic;
import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.AudioChunkEvent;
import io.avatar.engine.core.event.FeatureFrameEvent;
import io.avatar.kernels.dsp.LogMel80;
import io.avatar.models.vad.SileroVad;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Feature stage: per session, streaming 80-band log-mel frames (100 per second, docs/FEATURES.md) and Silero voice
 * activity (one probability per 32 ms); each {@link FeatureFrameEvent} carries the latest speech probability.
 * Stage thread only; the session's {@link SileroVad} is handed over with the ADD command and closed here.
 */
final class FeatureLogic implements StageLogic<AudioChunkEvent, FeatureFrameEvent>
{
    private final Long2ObjectHashMap<State> byId = new Long2ObjectHashMap<>();
    private final int maxOutputs;

    FeatureLogic(final int chunkSamples)
    {
        this.maxOutputs = chunkSamples / LogMel80.HOP + 1;
    }

    @Override
    public int maxOutputsPerEvent()
    {
        return maxOutputs;
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<FeatureFrameEvent> out)
    {
        if (command.type() == SessionCommands.ADD)
        {
            final Session session = (Session)command.attachment();
            byId.put(session.id, new State(session.id, session.vad));
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
    public boolean accepts(final AudioChunkEvent event)
    {
        // several feature stages may share the audio ring, each with its own sessions (AvatarEngine)
        return byId.containsKey(event.sessionId());
    }

    @Override
    public void onEvent(final AudioChunkEvent event, final long nowNs, final Emitter<FeatureFrameEvent> out)
        throws Exception
    {
        final State s = byId.get(event.sessionId());
        if (s != null)
        {
            s.accept(event, out);
        }
    }

    @Override
    public void onClose()
    {
        byId.values().forEach(State::close);
        byId.clear();
    }

    private static final class State
    {
        final long sessionId;
        final LogMel80 mel = new LogMel80();
        final float[] vadBuffer = new float[SileroVad.CHUNK];
        final float[] discard = new float[LogMel80.BANDS];
        SileroVad vad;
        int vadFill;
        float speechProbability;

        State(final long sessionId, final SileroVad vad)
        {
            this.sessionId = sessionId;
            this.vad = vad;
        }

        void accept(final AudioChunkEvent e, final Emitter<FeatureFrameEvent> out) throws Exception
        {
            final float[] samples = e.samples();
            final int count = e.sampleCount();
            // Walk the chunk one mel frame at a time, feeding the voice detector the same samples first, so each
            // frame carries the voice probability of the audio up to its own last sample: the same whatever the
            // chunk sizes (it used to be the probability at the chunk's end, up to a chunk ahead of the frame).
            int i = 0;
            while (i < count)
            {
                final int n = Math.min(count - i, Math.max(1, mel.samplesToNextFrame()));
                detectVoice(samples, i, n);
                if (mel.push(samples, i, n) != n) // cannot happen: less than a window is buffered here
                {
                    throw new IllegalStateException("log-mel ring refused " + n + " samples below one window");
                }
                i += n;
                while (mel.frameReady())
                {
                    final FeatureFrameEvent f = out.tryClaim();
                    if (f == null)
                    {
                        mel.poll(discard, 0); // no room downstream: the frame is lost (counted by the emitter)
                        continue;
                    }
                    final long index = mel.framesProduced();
                    mel.poll(f.logMel(), 0);
                    f.sessionId(sessionId);
                    f.frameIndex(index);
                    f.seq(index);
                    f.ptsNs(MediaTime.samplePtsNs(index * LogMel80.HOP + LogMel80.WINDOW / 2));
                    f.originNs(e.originNs());
                    f.vadProbability(speechProbability);
                    out.publish();
                }
            }
        }

        private void detectVoice(final float[] samples, final int offset, final int count) throws Exception
        {
            for (int i = 0; i < count; )
            {
                final int n = Math.min(SileroVad.CHUNK - vadFill, count - i);
                System.arraycopy(samples, offset + i, vadBuffer, vadFill, n);
                vadFill += n;
                i += n;
                if (vadFill == SileroVad.CHUNK)
                {
                    vadFill = 0;
                    speechProbability = vad == null ? 0f : vad.process(vadBuffer, 0);
                }
            }
        }

        void close()
        {
            if (vad != null)
            {
                vad.close();
                vad = null;
            }
        }
    }
}
