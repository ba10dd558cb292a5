package io.avatar.engine.session;

import io.avatar.models.decoder.MotionModel;
import io.avatar.engine.core.Emitter;
import io.avatar.engine.core.StageCommand;
import io.avatar.engine.core.StageLogic;
import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.FeatureFrameEvent;
import io.avatar.engine.core.event.MotionFrameEvent;
import io.avatar.engine.core.event.StageEvent;
import io.avatar.engine.motion.StyleTransition;
import io.avatar.kernels.dsp.LogMel80;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Decoder stage: keeps each session's recent log-mel frames, cuts the window of every video frame as soon as its
 * look-ahead has arrived, gathers the windows of all sessions that are ready in this poll, and runs the
 * {@link MotionModel} once over the batch (that is where a GPU pays off). Emits raw {@link MotionFrameEvent}s with
 * the speech probability aligned to the frame. Stage thread only.
 */
final class DecoderLogic implements StageLogic<FeatureFrameEvent, MotionFrameEvent>
{
    private static final int HISTORY = 512;
    private static final int MASK = HISTORY - 1;
    private static final int BANDS = LogMel80.BANDS;

    private final MotionModel model;
    private final int fps;
    private final long budgetNs;
    private final int past;
    private final int future;
    private final int window;
    private final int maxBatch;
    private final float[] pad = new float[BANDS];
    private final Long2ObjectHashMap<State> byId = new Long2ObjectHashMap<>();

    private final float[] windows;
    private final float[] styles;
    private final float[] weights;
    private final float[] pose;
    private final State[] batchState;
    private final long[] batchFrame;
    private final long[] batchOrigin;
    private final long[] batchLastSample;
    private final float[] batchSpeech;
    private int batch;

    DecoderLogic(final MotionModel model, final int fps, final long budgetNs)
    {
        this.model = model;
        this.fps = fps;
        this.budgetNs = budgetNs;
        this.past = model.pastFeatureFrames();
        this.future = model.futureFeatureFrames();
        this.window = model.windowFrames();
        this.maxBatch = model.maxBatch();
        model.padFrame(pad, 0);
        if (window >= HISTORY)
        {
            throw new IllegalArgumentException("model window of " + window + " frames exceeds the decoder history of "
                + HISTORY);
        }
        windows = new float[maxBatch * window * BANDS];
        styles = new float[maxBatch * StyleCode.SIZE];
        weights = new float[maxBatch * ArkitBlendshape.COUNT];
        pose = new float[maxBatch * HeadPose.SIZE];
        batchState = new State[maxBatch];
        batchFrame = new long[maxBatch];
        batchOrigin = new long[maxBatch];
        batchLastSample = new long[maxBatch];
        batchSpeech = new float[maxBatch];
    }

    /**
     * @param k   video frame.
     * @param fps frame rate.
     * @return the window's anchor log-mel frame, {@code round(100 k / fps)} (see {@link MotionModel}).
     */
    static long centreFeatureFrame(final long k, final int fps)
    {
        return (k * 2L * LogMel80.FRAMES_PER_SECOND + fps) / (2L * fps);
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<MotionFrameEvent> out)
    {
        switch (command.type())
        {
            case SessionCommands.ADD ->
            {
                final Session s = (Session)command.attachment();
                byId.put(s.id, new State(s));
            }
            case SessionCommands.REMOVE -> byId.remove(command.sessionId());
            case SessionCommands.STYLE ->
            {
                final State s = byId.get(command.sessionId());
                if (s != null)
                {
                    s.style.moveTo((StyleCode)command.attachment(), (int)command.value());
                }
            }
            default ->
            {
            }
        }
    }

    @Override
    public void onEvent(final FeatureFrameEvent event, final long nowNs, final Emitter<MotionFrameEvent> out)
        throws Exception
    {
        final State s = byId.get(event.sessionId());
        if (s == null)
        {
            return;
        }
        s.accept(event);
        long k;
        while ((k = s.readyFrame()) >= 0)
        {
            gather(s, k, event.originNs());
            if (batch == maxBatch)
            {
                runBatch(out);
            }
        }
    }

    @Override
    public void onEndOfBatch(final long nowNs, final Emitter<MotionFrameEvent> out) throws Exception
    {
        runBatch(out);
    }

    private void gather(final State s, final long k, final long originNs)
    {
        final int b = batch++;
        final long centre = centreFeatureFrame(k, fps);
        final int base = b * window * BANDS;
        for (int j = 0; j < window; j++)
        {
            final long f = centre - past + j;
            final int dst = base + j * BANDS;
            if (f < 0)
            {
                System.arraycopy(pad, 0, windows, dst, BANDS);
            }
            else
            {
                System.arraycopy(s.mels, (int)(f & MASK) * BANDS, windows, dst, BANDS);
            }
        }
        System.arraycopy(s.style.step(), 0, styles, b * StyleCode.SIZE, StyleCode.SIZE);
        batchState[b] = s;
        batchFrame[b] = k;
        batchOrigin[b] = originNs;
        batchLastSample[b] = (centre + future) * LogMel80.HOP + LogMel80.WINDOW;
        batchSpeech[b] = s.speech[(int)(centre & MASK)];
    }

    private void runBatch(final Emitter<MotionFrameEvent> out) throws Exception
    {
        final int n = batch;
        if (n == 0)
        {
            return;
        }
        batch = 0;
        model.run(windows, styles, n, weights, pose);
        for (int b = 0; b < n; b++)
        {
            final State s = batchState[b];
            batchState[b] = null;
            final MotionFrameEvent e = out.tryClaim();
            if (e == null)
            {
                continue;
            }
            final long k = batchFrame[b];
            e.sessionId(s.session.id);
            e.seq(k);
            e.frameIndex(k);
            e.ptsNs(MediaTime.framePtsNs(k, fps));
            e.originNs(batchOrigin[b]);
            // Ring slots are reused, so the deadline is always written. The last frame of a finished stream never
            // expires: the output stage marks the session done when it sees that frame, so dropping it for
            // lateness on a loaded machine would leave the session "not done" for ever.
            final long expected = s.session.expectedFrames;
            final boolean lastFrame = expected >= 0 && k == expected - 1;
            e.deadlineNs(s.session.spec.live() && !lastFrame
                ? s.session.startNs + MediaTime.samplePtsNs(batchLastSample[b]) + budgetNs
                : StageEvent.NO_DEADLINE);
            System.arraycopy(weights, b * ArkitBlendshape.COUNT, e.weights(), 0, ArkitBlendshape.COUNT);
            System.arraycopy(pose, b * HeadPose.SIZE, e.pose(), 0, HeadPose.SIZE);
            e.speechProbability(batchSpeech[b]);
            e.flags(0);
            out.publish();
        }
    }

    /**
     * @return how much audio after a video frame's end the decoder must wait for, in samples (the algorithmic
     *     look-ahead), for frame rate {@code fps}; the worst case over frame phases.
     */
    static long lookaheadSamples(final int past, final int future, final int fps)
    {
        long worst = 0;
        for (long k = 0; k < fps; k++)
        {
            final long need = (centreFeatureFrame(k, fps) + future) * LogMel80.HOP + LogMel80.WINDOW;
            worst = Math.max(worst, need - MediaTime.firstSampleOfFrame(k + 1, fps));
        }
        return Math.max(0, worst);
    }

    private final class State
    {
        final Session session;
        final float[] mels = new float[HISTORY * BANDS];
        final float[] speech = new float[HISTORY];
        final StyleTransition style;
        final MotionModel.FrontEnd frontEnd;
        long received;
        long nextFrame;

        State(final Session session)
        {
            this.session = session;
            this.style = new StyleTransition(session.spec.style());
            this.frontEnd = model.newFrontEnd();
        }

        void accept(final FeatureFrameEvent e)
        {
            final long f = e.frameIndex();
            frontEnd.apply(e.logMel(), 0, mels, (int)(f & MASK) * BANDS);
            speech[(int)(f & MASK)] = e.vadProbability();
            received = f + 1;
        }

        long readyFrame()
        {
            final long k = nextFrame;
            if (centreFeatureFrame(k, fps) + future < received)
            {
                nextFrame++;
                return k;
            }
            return -1;
        }
    }
}
