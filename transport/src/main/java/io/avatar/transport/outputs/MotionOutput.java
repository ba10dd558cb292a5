package io.avatar.transport.outputs;

import io.avatar.engine.session.FrameOutput;
import io.avatar.transport.udp.MotionSender;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sends each frame's weights and head pose to a game engine (a VMC bundle or a Live Link Face packet; time = the
 * frame's pts in seconds), together with the frame it belongs to.
 */
public final class MotionOutput implements FrameOutput
{
    private final MotionSender sender;

    /**
     * @param sender the sender (owned by this output from now on).
     */
    public MotionOutput(final MotionSender sender)
    {
        this.sender = sender;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        sender.send(weights, pose, ptsNs * 1e-9);
    }

    @Override
    public void onClose()
    {
        sender.close();
    }
}
