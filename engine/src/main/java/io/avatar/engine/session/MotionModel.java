package io.avatar.engine.session;

/**
 * A speech-to-motion model run over windows of log-mel frames: one window (and one style code) per video frame in,
 * 52 rig weights and 6 pose numbers per video frame out. Windows of many sessions are batched into one call.
 * <p>
 * Window alignment: for video frame {@code k} at {@code fps}, the centre feature frame is the log-mel frame whose
 * window centre is nearest to the middle of the frame's audio interval, {@code (k + 0.5) / fps} seconds; the window
 * holds {@link #pastFeatureFrames()} frames before it, the centre frame, and {@link #futureFeatureFrames()} after it
 * (features before the stream start are the model's silence value, {@link #silenceValue()}).
 * <p>
 * Threading: {@link #run} is called by the decoder stage's thread only.
 */
public interface MotionModel extends AutoCloseable
{
    /**
     * @return log-mel frames before the centre frame.
     */
    int pastFeatureFrames();

    /**
     * @return log-mel frames after the centre frame: the model's look-ahead (10 ms each).
     */
    int futureFeatureFrames();

    /**
     * @return frames per window: past + 1 + future.
     */
    default int windowFrames()
    {
        return pastFeatureFrames() + 1 + futureFeatureFrames();
    }

    /**
     * @return largest batch one {@link #run} call takes.
     */
    int maxBatch();

    /**
     * @return the log-mel value that stands for silence (padding before the stream start).
     */
    float silenceValue();

    /**
     * @return a short description for reports, e.g. the model name and version.
     */
    String describe();

    /**
     * Runs the model.
     *
     * @param windows  batch x windowFrames x 80 raw log-mel values (the model applies its own normalisation).
     * @param styles   batch x 110 style codes.
     * @param batch    number of windows, 1..maxBatch.
     * @param weights  output: batch x 52 rig weights.
     * @param pose     output: batch x 6 pose numbers.
     * @throws Exception when the model fails; the decoder stage counts it and marks the frames FAILED.
     */
    void run(float[] windows, float[] styles, int batch, float[] weights, float[] pose) throws Exception;

    @Override
    void close();
}
