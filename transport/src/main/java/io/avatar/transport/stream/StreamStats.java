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
 * @param audioSamples    16 kHz audio samples written, silence fill included.
 * @param meanSendMs      mean time from the hand-off to the frame being written (queueing + encoding + sending).
 * @param maxSendMs       longest such time.
 */
public record StreamStats(StreamOutput.State state, String failure, long framesOffered, long framesWritten,
    long framesDropped, long framesRejected, long gapFrames, long audioSamples, double meanSendMs, double maxSendMs)
{
    /**
     * @return a one-line description, e.g. for a CLI summary.
     */
    public String describe()
    {
        return String.format(java.util.Locale.ROOT, "%s: %d frames sent, %d dropped (queue full), %d refused, "
            + "%d missing (engine skips or drops), %.2f s of audio, send time mean %.1f ms max %.1f ms%s", state,
            framesWritten, framesDropped, framesRejected, gapFrames, audioSamples / 16_000.0, meanSendMs, maxSendMs,
            failure == null ? "" : "; failure: " + failure);
    }
}
