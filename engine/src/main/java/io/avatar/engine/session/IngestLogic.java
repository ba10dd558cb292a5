package io.avatar.engine.session;

import io.avatar.engine.audio.PcmIngest;
import io.avatar.engine.core.Emitter;
import io.avatar.engine.core.StageCommand;
import io.avatar.engine.core.event.StageEvent;
import io.avatar.engine.core.StageLogic;
import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.AudioChunkEvent;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.MessageHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Source stage: drains every session's {@link AudioInbox}, converts to 16 kHz mono ({@link PcmIngest}), keeps the
 * session's audio clock, and publishes {@link AudioChunkEvent}s.
 * <p>
 * Live sessions are paced by the wall clock: at most as much audio as real time allows goes out (a TTS stream pushed
 * faster than real time waits in the queue, which is what a barge-in flushes), and when the input underruns by more
 * than the jitter allowance, silence is inserted so the face keeps moving (idle motion) and the clock never stalls.
 * Offline sessions go as fast as the downstream ring takes them, losing nothing.
 * <p>
 * Stage thread only.
 */
final class IngestLogic implements StageLogic<StageEvent, AudioChunkEvent>
{
    private static final long JITTER_SAMPLES = 16_000 * 80 / 1000;
    private static final int STAGING = 1 << 17;
    /** Smallest live chunk: one log-mel hop (10 ms); smaller pieces cost per-event work and buy no latency. */
    private static final int MIN_LIVE_CHUNK = 160;
    private static final MessageHandler DISCARD = (type, buffer, index, length) -> { };

    private final int chunkSamples;
    private final int padSamples;
    private final Long2ObjectHashMap<State> byId = new Long2ObjectHashMap<>();
    private final List<State> active = new ArrayList<>();
    private final float[] chunk;
    private final float[] scratch;
    private final float[] resampled = new float[4096];
    private final Drain drain = new Drain();

    IngestLogic(final int chunkSamples, final int padSamples, final int maxInboxFloats)
    {
        this.chunkSamples = chunkSamples;
        this.padSamples = padSamples;
        this.chunk = new float[chunkSamples];
        this.scratch = new float[maxInboxFloats];
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<AudioChunkEvent> out)
    {
        switch (command.type())
        {
            case SessionCommands.ADD ->
            {
                final State s = new State((Session)command.attachment());
                byId.put(s.session.id, s);
                active.add(s);
            }
            case SessionCommands.REMOVE ->
            {
                final State s = byId.remove(command.sessionId());
                if (s != null)
                {
                    active.remove(s);
                    s.close();
                }
            }
            case SessionCommands.INTERRUPT ->
            {
                final State s = byId.get(command.sessionId());
                if (s != null)
                {
                    s.interrupt();
                }
            }
            case SessionCommands.FINISH ->
            {
                final State s = byId.get(command.sessionId());
                if (s != null)
                {
                    s.finishing = true;
                }
            }
            default ->
            {
                // STYLE and others are for other stages.
            }
        }
    }

    @Override
    public int onCycle(final long nowNs, final Emitter<AudioChunkEvent> out)
    {
        int work = 0;
        for (int i = 0, n = active.size(); i < n; i++)
        {
            work += active.get(i).cycle(nowNs, out);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        for (final State s : active)
        {
            s.close();
        }
        active.clear();
        byId.clear();
    }

    /** Reads inbox messages into the current state's converter (one allocation-free handler for all sessions). */
    private final class Drain implements MessageHandler
    {
        State target;

        @Override
        public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
            final int length)
        {
            final int rate = buffer.getInt(index);
            final int channels = buffer.getInt(index + 4);
            final int floats = (length - AudioInbox.HEADER) / Float.BYTES;
            for (int i = 0; i < floats; i++)
            {
                scratch[i] = buffer.getFloat(index + AudioInbox.HEADER + i * Float.BYTES);
            }
            target.convert(rate, channels, scratch, floats / channels);
        }
    }

    private final class State
    {
        final Session session;
        final FloatRing staging = new FloatRing(STAGING);
        PcmIngest converter;
        long samples;
        boolean finishing;
        boolean padded;
        boolean finished;

        State(final Session session)
        {
            this.session = session;
        }

        int cycle(final long nowNs, final Emitter<AudioChunkEvent> out)
        {
            if (finished || (padded && staging.size() == 0))
            {
                finished = true;
                return 0;
            }
            if (session.startNs == Long.MIN_VALUE)
            {
                session.startNs = nowNs;
            }
            int work = 0;
            drain.target = this;
            while (staging.free() > STAGING / 2 && session.inbox.ring().read(drain, 1) > 0)
            {
                work++;
            }
            final boolean live = session.spec.live();
            final long target = live ? (nowNs - session.startNs) * MediaTime.SAMPLE_RATE / MediaTime.NANOS_PER_SECOND
                : Long.MAX_VALUE;
            if (live && !padded && samples + staging.size() < target - JITTER_SAMPLES)
            {
                // Input has run dry for longer than the jitter allowance: keep the clock going with silence.
                final int gap = (int)Math.min(target - JITTER_SAMPLES - samples - staging.size(), staging.free());
                staging.appendZeros(gap);
                session.silenceSamplesInserted.addAndGet(gap);
            }
            if (finishing && staging.size() == 0 && session.inbox.size() == 0)
            {
                finishStream();
            }
            while (staging.size() > 0 && samples < target && out.remainingCapacity() > 0)
            {
                final int n = (int)Math.min(Math.min(chunkSamples, staging.size()), target - samples);
                if (live && !padded && n < MIN_LIVE_CHUNK)
                {
                    break; // wait for at least one feature hop: a duty cycle every few microseconds would cut crumbs
                }
                final AudioChunkEvent e = out.tryClaim();
                if (e == null)
                {
                    break;
                }
                staging.take(chunk, 0, n);
                e.put(chunk, 0, n, samples);
                e.sessionId(session.id);
                e.seq(samples);
                e.ptsNs(MediaTime.samplePtsNs(samples));
                e.originNs(nowNs);
                session.history.append(chunk, 0, n);
                samples += n;
                session.samplesIngested = samples;
                out.publish();
                work++;
            }
            return work;
        }

        void convert(final int rate, final int channels, final float[] pcm, final int frames)
        {
            if (converter == null || converter.inputRate() != rate || converter.channels() != channels)
            {
                if (converter != null)
                {
                    converter.flush();
                    moveResampled();
                    converter.close();
                }
                converter = new PcmIngest(rate, channels);
            }
            int done = 0;
            while (done < frames)
            {
                done += converter.writeFloat(pcm, done * channels, frames - done);
                moveResampled();
            }
        }

        private void moveResampled()
        {
            int n;
            while (staging.free() > 0 && (n = converter.read(resampled, 0, Math.min(resampled.length,
                staging.free()))) > 0)
            {
                staging.append(resampled, 0, n);
            }
        }

        private void finishStream()
        {
            if (converter != null)
            {
                converter.flush();
                moveResampled();
            }
            // Frames that hold real audio; the padding after it only lets the decoder's look-ahead reach the end.
            final long real = samples + staging.size();
            session.expectedFrames = (real * session.fps + MediaTime.SAMPLE_RATE - 1) / MediaTime.SAMPLE_RATE;
            staging.appendZeros(Math.min(padSamples, staging.free()));
            finishing = false;
            padded = true;
        }

        void interrupt()
        {
            while (session.inbox.ring().read(DISCARD, 64) > 0)
            {
                // discard queued speech
            }
            if (converter != null)
            {
                converter.close();
                converter = null;
            }
            staging.clear();
            session.muteFrom = session.audioOut;
            session.muteUntil = samples;
        }

        void close()
        {
            if (converter != null)
            {
                converter.close();
                converter = null;
            }
        }
    }
}
