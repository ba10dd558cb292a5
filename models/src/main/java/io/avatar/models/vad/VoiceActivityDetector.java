package io.avatar.models.vad;

import ai.onnxruntime.OrtException;

import java.util.Arrays;

/**
 * Streaming voice activity for 16 kHz mono audio of any chunking: cuts it into {@value SileroVad#CHUNK}-sample
 * chunks, runs {@link SileroVad} on each and feeds the {@link SpeechSegmenter}. Optionally reports every chunk's
 * probability. Not thread-safe: one instance per stream, one thread; allocates nothing of its own per chunk.
 */
public final class VoiceActivityDetector
{
    /**
     * Receives each chunk's speech probability, on the feeding thread.
     */
    @FunctionalInterface
    public interface ProbabilityListener
    {
        /**
         * @param chunkIndex  chunk number since the start (chunk {@code i} covers {@code [32 i, 32 i + 32)} ms).
         * @param probability speech probability.
         */
        void onProbability(long chunkIndex, float probability);
    }

    private final SileroVad vad;
    private final SpeechSegmenter segmenter;
    private final ProbabilityListener probabilities;
    private final float[] chunk = new float[SileroVad.CHUNK];
    private int filled;
    private long chunkIndex;
    private long totalSamples;

    /**
     * Any thread; then owned by one.
     *
     * @param vad           the model (owned by the caller, who closes it).
     * @param segmenter     receives probabilities and emits segments.
     * @param probabilities optional per-chunk listener, may be null.
     */
    public VoiceActivityDetector(final SileroVad vad, final SpeechSegmenter segmenter,
        final ProbabilityListener probabilities)
    {
        this.vad = vad;
        this.segmenter = segmenter;
        this.probabilities = probabilities;
    }

    /**
     * Feeds samples. Owner thread only.
     *
     * @param samples 16 kHz mono samples.
     * @param offset  first sample.
     * @param length  number of samples.
     * @throws OrtException when the model fails.
     */
    public void push(final float[] samples, final int offset, final int length) throws OrtException
    {
        int done = 0;
        while (done < length)
        {
            final int n = Math.min(length - done, SileroVad.CHUNK - filled);
            System.arraycopy(samples, offset + done, chunk, filled, n);
            filled += n;
            done += n;
            if (filled == SileroVad.CHUNK)
            {
                runChunk();
            }
        }
        totalSamples += length;
    }

    private void runChunk() throws OrtException
    {
        final float p = vad.process(chunk, 0);
        final long startMs = chunkIndex * SileroVad.CHUNK * 1000 / SileroVad.SAMPLE_RATE;
        final long endMs = (chunkIndex + 1) * SileroVad.CHUNK * 1000 / SileroVad.SAMPLE_RATE;
        if (probabilities != null)
        {
            probabilities.onProbability(chunkIndex, p);
        }
        segmenter.accept(startMs, endMs, p);
        chunkIndex++;
        filled = 0;
    }

    /**
     * End of stream: runs the last partial chunk (zero-padded) and closes the segmenter at the stream's end. Owner
     * thread only.
     *
     * @throws OrtException when the model fails.
     */
    public void finish() throws OrtException
    {
        if (filled > 0)
        {
            Arrays.fill(chunk, filled, SileroVad.CHUNK, 0f);
            runChunk();
        }
        segmenter.finish(totalSamples * 1000 / SileroVad.SAMPLE_RATE);
    }

    /**
     * @return samples pushed so far. Owner thread only.
     */
    public long samples()
    {
        return totalSamples;
    }
}
