package io.avatar.engine.session;

import io.avatar.engine.core.Emitter;
import io.avatar.engine.core.StageCommand;
import io.avatar.engine.core.StageLogic;
import io.avatar.engine.core.event.FramePool;
import io.avatar.engine.core.event.MotionFrameEvent;
import io.avatar.engine.core.event.PixelFormat;
import io.avatar.engine.core.event.VideoFrameEvent;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Render stage: draws each session's frame into a buffer leased from the shared {@link FramePool} and publishes it
 * with the motion it shows. When a motion frame arrives FAILED from upstream, the last good motion is drawn again
 * (the viewer sees a held frame, not a hole). Stage thread only; it owns and closes every session's renderer.
 * <p>
 * Several render stages may share the motion ring (one per render thread): each was given its sessions by an ADD
 * command and takes only their events ({@link #accepts}), so a session's frames are drawn by one thread, in order.
 */
final class RenderLogic implements StageLogic<MotionFrameEvent, VideoFrameEvent>
{
    private final FramePool pool;
    private final Long2ObjectHashMap<State> byId = new Long2ObjectHashMap<>();

    RenderLogic(final FramePool pool)
    {
        this.pool = pool;
    }

    @Override
    public void onCommand(final StageCommand command, final long nowNs, final Emitter<VideoFrameEvent> out)
    {
        if (command.type() == SessionCommands.ADD)
        {
            final Session s = (Session)command.attachment();
            if (s.spec.renderer() == null)
            {
                byId.put(s.id, new State(null));
                return;
            }
            final int bytes = PixelFormat.I420.frameBytes(s.spec.renderer().width(), s.spec.renderer().height());
            if (bytes > pool.frameCapacity())
            {
                throw new IllegalArgumentException("session " + s.id + " frame of " + bytes
                    + " bytes exceeds the frame pool's " + pool.frameCapacity());
            }
            byId.put(s.id, new State(s.spec.renderer()));
        }
        else if (command.type() == SessionCommands.REMOVE)
        {
            final State s = byId.remove(command.sessionId());
            if (s != null && s.renderer != null)
            {
                s.renderer.close();
            }
        }
    }

    @Override
    public boolean accepts(final MotionFrameEvent event)
    {
        return byId.containsKey(event.sessionId());
    }

    @Override
    public void onEvent(final MotionFrameEvent event, final long nowNs, final Emitter<VideoFrameEvent> out)
    {
        final State s = byId.get(event.sessionId());
        if (s == null)
        {
            return;
        }
        System.arraycopy(event.weights(), 0, s.weights, 0, ArkitBlendshape.COUNT);
        System.arraycopy(event.pose(), 0, s.pose, 0, HeadPose.SIZE);
        s.hasGood = true;
        draw(s, event, out);
    }

    @Override
    public void onUpstreamNotOk(final MotionFrameEvent event, final long nowNs, final Emitter<VideoFrameEvent> out)
    {
        final State s = byId.get(event.sessionId());
        if (s != null && s.hasGood)
        {
            draw(s, event, out);
        }
    }

    private void draw(final State s, final MotionFrameEvent event, final Emitter<VideoFrameEvent> out)
    {
        if (s.renderer == null)
        {
            publishMotionOnly(s, event, out);
            return;
        }
        final int index = pool.lease();
        if (index == FramePool.NO_FRAME)
        {
            out.countDropped();
            return;
        }
        final VideoFrameEvent v = out.tryClaim();
        if (v == null)
        {
            pool.release(index);
            return;
        }
        s.renderer.renderI420(s.weights, s.pose, pool.buffer(index), 0);
        v.copyHeaderFrom(event);
        // The output stage must see every rendered frame: it releases the pooled buffer and publishes the frame's
        // audio (a frame dropped there for lateness would leak its buffer and punch a hole in the audio).
        v.deadlineNs(io.avatar.engine.core.event.StageEvent.NO_DEADLINE);
        v.frameIndex(event.frameIndex());
        v.bufferIndex(index);
        v.geometry(s.renderer.width(), s.renderer.height(), PixelFormat.I420);
        System.arraycopy(s.weights, 0, v.weights(), 0, ArkitBlendshape.COUNT);
        System.arraycopy(s.pose, 0, v.pose(), 0, HeadPose.SIZE);
        out.publish();
    }

    private static void publishMotionOnly(final State s, final MotionFrameEvent event,
        final Emitter<VideoFrameEvent> out)
    {
        final VideoFrameEvent v = out.tryClaim();
        if (v == null)
        {
            return;
        }
        v.copyHeaderFrom(event);
        v.deadlineNs(io.avatar.engine.core.event.StageEvent.NO_DEADLINE);
        v.frameIndex(event.frameIndex());
        v.bufferIndex(FramePool.NO_FRAME);
        System.arraycopy(s.weights, 0, v.weights(), 0, ArkitBlendshape.COUNT);
        System.arraycopy(s.pose, 0, v.pose(), 0, HeadPose.SIZE);
        out.publish();
    }

    @Override
    public void onClose()
    {
        byId.values().forEach(s ->
        {
            if (s.renderer != null)
            {
                s.renderer.close();
            }
        });
        byId.clear();
    }

    private static final class State
    {
        final FaceRenderer renderer;
        final float[] weights = new float[ArkitBlendshape.COUNT];
        final float[] pose = new float[HeadPose.SIZE];
        boolean hasGood;

        State(final FaceRenderer renderer)
        {
            this.renderer = renderer;
        }
    }
}
