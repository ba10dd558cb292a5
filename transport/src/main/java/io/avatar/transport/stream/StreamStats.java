package io.avatar.transport.stream;

/**
 * A snapshot of a stream's progress. Immutable; any thread.
 *
 * @param state           where the stream is.
 * @param failure         why it failed, or null.
 * @param framesOffered   frames the session handed to the output.
 * @param framesWritten   frames encoded and written (sent) by the writer thread.
 * @param framesDropped   frames dropped because the hand-off queue was full (network or encoder too slow).
 * @param framesRejected  frames refused because the stream had failed (or closed).
 * @param gapFrames       frame numbers missing from the stream (dropped here, or skipped as late by the engine): the
 *                        previous picture stays up longer and the audio stays continuous (see {@link StreamOutput}).
 * @param audioSamples    audio samples written (at {@code audioRate}), silence fill included.
 * @param audioRate       sample rate of the audio fed to the stream: 16 kHz from the engine's output stage, 48 kHz
 *                        from a {@link io.avatar.transport.api.FrameListener} (the encoder writes 48 kHz AAC).
 * @param meanSendMs      mean time from the hand-off to the frame being written (queueing + encoding + sending).
 * @param maxSendMs       longest such time.
 */
public record StreamStats(StreamOutput.State state, String failure, long framesOffered, long framesWritten,
    long framesDropped, long framesRejected, long gapFrames, long audioSamples, int audioRate, double meanSendMs,
    double maxSendMs)
{
    /**
     * @return seconds of audio written.
     */
    public double audioSeconds()
    {
        return audioSamples / (double)audioRate;
    }

    /**
     * @return a one-line description, e.g. for a CLI summary.
     */
    public String describe()
    {
        return String.format(java.util.Locale.ROOT, "%s: %d frames sent, %d dropped (queue full), %d refused, "
            + "%d missing (engine skips or drops), %.2f s of audio, send time mean %.1f ms max %.1f ms%s", state,
            framesWritten, framesDropped, framesRejected, gapFrames, audioSeconds(), meanSendMs, maxSendMs,
            failure == null ? "" : "; failure: " + failure);
    }
}
