package io.avatar.engine.session;

import io.avatar.engine.core.Emitter;
import io.avatar.engine.core.StageCommand;
import io.avatar.engine.core.StageLogic;
import io.avatar.engine.core.event.MotionFrameEvent;
import io.avatar.engine.motion.MotionPostProcessor;
import io.avatar.engine.motion.StyleTransition;
import io.avatar.models.style.StyleCode;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Motion stage: per session {@link MotionPostProcessor} (speech gate, blinks, breathing, idle head motion in the
 * current style, barge-in). Stage thread only.
 */
final class MotionLogic implements StageLogic<MotionFrameEvent, MotionFrameEvent>
{
    private final int fps;
    private final Long2ObjectHashMap<State> byId = new Long2ObjectHashMap<>();

    MotionLogic(final int fps)
    {
        this.fps = fps;
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<MotionFrameEvent> out)
    {
        switch (command.type())
        {
            case SessionCommands.ADD ->
            {
                final Session s = (Session)command.attachment();
                byId.put(s.id, new State(s, fps));
            }
            case SessionCommands.REMOVE -> byId.remove(command.sessionId());
            case SessionCommands.INTERRUPT ->
            {
                final State s = byId.get(command.sessionId());
                if (s != null)
                {
                    s.post.interrupt();
                    s.interrupted = true;
                }
            }
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
    public void onEvent(final MotionFrameEvent event, final long nowNs, final Emitter<MotionFrameEvent> out)
    {
        final State s = byId.get(event.sessionId());
        if (s == null)
        {
            return;
        }
        final MotionFrameEvent e = out.tryClaim();
        final float[] styleNow = s.style.step();
        if (e == null)
        {
            return;
        }
        e.copyHeaderFrom(event);
        e.frameIndex(event.frameIndex());
        e.speechProbability(event.speechProbability());
        s.post.process(event.weights(), event.pose(), event.speechProbability(), styleNow, e.weights(), e.pose());
        int flags = s.post.speaking() ? MotionFrameEvent.FLAG_SPEAKING : MotionFrameEvent.FLAG_IDLE;
        if (s.interrupted)
        {
            flags |= MotionFrameEvent.FLAG_INTERRUPTED;
            s.interrupted = false;
        }
        e.flags(flags);
        out.publish();
    }

    private static final class State
    {
        final MotionPostProcessor post;
        final StyleTransition style;
        boolean interrupted;

        State(final Session s, final int fps)
        {
            this.post = new MotionPostProcessor(fps, s.spec.seed());
            this.style = new StyleTransition(s.spec.style());
        }
    }
}
