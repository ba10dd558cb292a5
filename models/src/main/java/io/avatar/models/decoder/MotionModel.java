package io.avatar.models.decoder;

/**
 * A speech-to-motion model run over windows of log-mel frames: one window (and one style code) per video frame in,
 * 52 rig weights and 6 pose numbers per video frame out. Windows of many sessions are batched into one call.
 * <p>
 * Window alignment: for video frame {@code k} at {@code fps} (time {@code t = k / fps}), the anchor is log-mel frame
 * {@code i = round(100 t)}; the window holds {@link #pastFeatureFrames()} frames before it, the anchor, and
 * {@link #futureFeatureFrames()} after it. Frames go through the model's per-stream front end
 * ({@link #newFrontEnd()}, e.g. streaming mean and variance normalisation) before they enter a window, and window
 * slots before the stream start hold {@link #padFrame}.
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
     * Fills the 80 values that stand for "before the stream started" (already in the front end's output space).
     *
     * @param dst destination.
     * @param off offset.
     */
    void padFrame(float[] dst, int off);

    /**
     * @return a new per-stream front end (one per session, used by the decoder stage's thread).
     */
    FrontEnd newFrontEnd();

    /**
     * A per-stream transform of each log-mel frame before it enters a window (e.g. streaming CMVN).
     */
    interface FrontEnd
    {
        /**
         * @param logMel 80 raw log-mel values.
         * @param off    offset in {@code logMel}.
         * @param out    80 normalised values.
         * @param outOff offset in {@code out}.
         */
        void apply(float[] logMel, int off, float[] out, int outOff);
    }

    /**
     * @return a short description for reports, e.g. the model name and version.
     */
    String describe();

    /**
     * Runs the model.
     *
     * @param windows  batch x windowFrames x 80 front-end outputs.
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
