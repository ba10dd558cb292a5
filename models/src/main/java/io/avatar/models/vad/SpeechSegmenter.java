package io.avatar.models.vad;

/**
 * Turns per-chunk speech probabilities into speech segments, streaming: a segment opens when a chunk reaches
 * {@code onThreshold}, closes once the probability has stayed below {@code offThreshold} for {@code minSilenceMs}
 * (hysteresis: values between the two thresholds keep the current state), is dropped when shorter than
 * {@code minSpeechMs}, and is widened by {@code padMs} on both sides. Padded segments that touch are merged, so one
 * segment is held back until the next one starts or {@link #finish} is called.
 * <p>
 * Not thread-safe: one instance per stream, one thread. Allocates nothing per chunk.
 */
public final class SpeechSegmenter
{
    /** Default probability that opens a segment. */
    public static final float ON_THRESHOLD_DEFAULT = 0.5f;
    /** Default probability below which silence is counted. */
    public static final float OFF_THRESHOLD_DEFAULT = 0.35f;
    /** Default shortest kept segment, ms. */
    public static final int MIN_SPEECH_MS_DEFAULT = 250;
    /** Default silence that closes a segment, ms. */
    public static final int MIN_SILENCE_MS_DEFAULT = 100;
    /** Default padding added on each side, ms. */
    public static final int PAD_MS_DEFAULT = 30;

    /**
     * Receives finished segments, on the thread that feeds the segmenter.
     */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param startMs segment start in ms of stream time (padded, >= 0).
         * @param endMs   segment end in ms (padded, at most the stream length once finished).
         */
        void onSegment(long startMs, long endMs);
    }

    private final float onThreshold;
    private final float offThreshold;
    private final int minSpeechMs;
    private final int minSilenceMs;
    private final int padMs;
    private final Listener listener;
    private boolean speaking;
    private long speechStartMs;
    private long silenceStartMs = -1;
    private long pendingStartMs = -1;
    private long pendingEndMs;
    private long nowMs;

    /**
     * Segmenter with the default thresholds and durations. Any thread; then owned by one.
     *
     * @param listener receives segments.
     */
    public SpeechSegmenter(final Listener listener)
    {
        this(ON_THRESHOLD_DEFAULT, OFF_THRESHOLD_DEFAULT, MIN_SPEECH_MS_DEFAULT, MIN_SILENCE_MS_DEFAULT,
            PAD_MS_DEFAULT, listener);
    }

    /**
     * Any thread; then owned by one.
     *
     * @param onThreshold  probability that opens a segment, in (0, 1].
     * @param offThreshold probability below which silence counts, in [0, onThreshold].
     * @param minSpeechMs  shortest segment kept, >= 0.
     * @param minSilenceMs silence that closes a segment, >= 0.
     * @param padMs        padding on each side, >= 0.
     * @param listener     receives segments.
     */
    public SpeechSegmenter(final float onThreshold, final float offThreshold, final int minSpeechMs,
        final int minSilenceMs, final int padMs, final Listener listener)
    {
        if (!(onThreshold > 0 && onThreshold <= 1 && offThreshold >= 0 && offThreshold <= onThreshold))
        {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= off <= on <= 1 and on > 0, got on="
                + onThreshold + " off=" + offThreshold);
        }
        if (minSpeechMs < 0 || minSilenceMs < 0 || padMs < 0)
        {
            throw new IllegalArgumentException("durations must be >= 0 ms, got minSpeech=" + minSpeechMs
                + " minSilence=" + minSilenceMs + " pad=" + padMs);
        }
        this.onThreshold = onThreshold;
        this.offThreshold = offThreshold;
        this.minSpeechMs = minSpeechMs;
        this.minSilenceMs = minSilenceMs;
        this.padMs = padMs;
        this.listener = listener;
    }

    /**
     * Feeds the probability of the chunk {@code [startMs, endMs)}; chunks must be contiguous and in order. Owner
     * thread only.
     *
     * @param startMs     chunk start, ms.
     * @param endMs       chunk end, ms.
     * @param probability speech probability of the chunk.
     */
    public void accept(final long startMs, final long endMs, final float probability)
    {
        nowMs = endMs;
        if (probability >= onThreshold)
        {
            silenceStartMs = -1;
            if (!speaking)
            {
                speaking = true;
                speechStartMs = startMs;
            }
        }
        else if (speaking && probability < offThreshold)
        {
            if (silenceStartMs < 0)
            {
                silenceStartMs = startMs;
            }
            if (endMs - silenceStartMs >= minSilenceMs)
            {
                close(silenceStartMs);
            }
        }
    }

    /**
     * @return whether a segment is open now. Owner thread only.
     */
    public boolean speaking()
    {
        return speaking;
    }

    /**
     * Ends the stream at {@code streamEndMs}: closes an open segment there and emits the held-back one. Owner
     * thread only; the segmenter can then be reused for a new stream.
     *
     * @param streamEndMs stream length in ms.
     */
    public void finish(final long streamEndMs)
    {
        nowMs = Math.max(nowMs, streamEndMs);
        if (speaking)
        {
            close(silenceStartMs >= 0 ? silenceStartMs : streamEndMs);
        }
        if (pendingStartMs >= 0)
        {
            listener.onSegment(pendingStartMs, Math.min(pendingEndMs, streamEndMs));
            pendingStartMs = -1;
        }
        nowMs = 0;
    }

    private void close(final long endMs)
    {
        speaking = false;
        silenceStartMs = -1;
        if (endMs - speechStartMs < minSpeechMs)
        {
            return;
        }
        final long start = Math.max(0, speechStartMs - padMs);
        final long end = endMs + padMs;
        if (pendingStartMs >= 0 && start <= pendingEndMs)
        {
            pendingEndMs = Math.max(pendingEndMs, end);
            return;
        }
        if (pendingStartMs >= 0)
        {
            listener.onSegment(pendingStartMs, pendingEndMs);
        }
        pendingStartMs = start;
        pendingEndMs = end;
    }
}
