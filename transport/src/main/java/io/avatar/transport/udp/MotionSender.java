package io.avatar.transport.udp;

/**
 * Sends one frame of face motion (52 ARKit weights and the 6-number head pose) to a game engine. Implemented by the
 * VMC and Live Link Face senders; called by one thread (the engine's output stage); never blocks.
 */
public interface MotionSender extends AutoCloseable
{
    /**
     * @param weights52   ARKit weights in Apple's order.
     * @param pose6       head pose ({@link io.avatar.models.rig.HeadPose} layout).
     * @param timeSeconds the frame's presentation time.
     * @return whether the datagram went out (false: dropped and counted by the sender).
     */
    boolean send(float[] weights52, float[] pose6, double timeSeconds);

    @Override
    void close();
}
