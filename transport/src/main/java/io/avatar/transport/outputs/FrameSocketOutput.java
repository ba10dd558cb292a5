package io.avatar.transport.outputs;

import io.avatar.engine.session.FrameOutput;
import io.avatar.transport.framesocket.FrameHeader;
import io.avatar.transport.framesocket.FrameSocketServer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Publishes each I420 frame on a frame socket (Unix domain or TCP loopback; docs/PROTOCOLS.md). Motion-only
 * sessions have no pixels and publish nothing here.
 */
public final class FrameSocketOutput implements FrameOutput
{
    private final FrameSocketServer server;
    private final boolean ownsServer;

    /**
     * @param server     a started server.
     * @param ownsServer whether closing the session closes the server (false when several sessions share it).
     */
    public FrameSocketOutput(final FrameSocketServer server, final boolean ownsServer)
    {
        this.server = server;
        this.ownsServer = ownsServer;
    }

    @Override
    public void onFrame(final long sessionId, final long frameIndex, final long ptsNs, final UnsafeBuffer i420,
        final int offset, final int width, final int height, final float[] audio, final int audioLen,
        final float[] weights, final float[] pose)
    {
        if (i420 != null)
        {
            server.publish(sessionId, frameIndex, ptsNs, width, height, FrameHeader.FORMAT_I420, i420, offset);
        }
    }

    @Override
    public void onClose()
    {
        if (ownsServer)
        {
            server.close();
        }
    }
}
