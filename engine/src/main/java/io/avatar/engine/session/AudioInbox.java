package io.avatar.engine.session;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * A session's audio input queue: any number of threads push PCM (any rate, 1-2 channels, float), the ingest stage
 * drains it. Lock-free (Agrona {@link ManyToOneRingBuffer} over a direct buffer); a push never blocks: when the queue
 * is full it takes what fits and says how much, so a live caller drops (and counts) and an offline caller retries.
 * <p>
 * Message layout: {@code int sampleRate, int channels, float samples[]} (interleaved).
 */
public final class AudioInbox
{
    /** Message type of PCM messages. */
    static final int PCM = 1;
    /** Bytes of the message header. */
    static final int HEADER = 8;

    private final ManyToOneRingBuffer ring;
    private final int maxFloatsPerMessage;

    /**
     * @param capacityBytes ring capacity, a power of two (e.g. 1 MiB holds about 5 s of 48 kHz stereo).
     */
    public AudioInbox(final int capacityBytes)
    {
        final ByteBuffer bb = ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH);
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(bb));
        maxFloatsPerMessage = (ring.maxMsgLength() - HEADER) / Float.BYTES;
    }

    /**
     * Queues audio. Any thread.
     *
     * @param samples    interleaved float PCM in [-1, 1].
     * @param offset     first value.
     * @param frames     number of frames (samples per channel).
     * @param sampleRate their rate in Hz.
     * @param channels   1 or 2.
     * @return frames queued; fewer than {@code frames} when the queue is full.
     */
    public int offer(final float[] samples, final int offset, final int frames, final int sampleRate,
        final int channels)
    {
        final int framesPerMessage = Math.max(1, maxFloatsPerMessage / channels);
        int done = 0;
        while (done < frames)
        {
            final int n = Math.min(framesPerMessage, frames - done);
            final int floats = n * channels;
            final int index = ring.tryClaim(PCM, HEADER + floats * Float.BYTES);
            if (index <= 0)
            {
                break;
            }
            final UnsafeBuffer b = (UnsafeBuffer)ring.buffer();
            b.putInt(index, sampleRate);
            b.putInt(index + 4, channels);
            final int base = offset + done * channels;
            for (int i = 0; i < floats; i++)
            {
                b.putFloat(index + HEADER + i * Float.BYTES, samples[base + i]);
            }
            ring.commit(index);
            done += n;
        }
        return done;
    }

    /**
     * @return the ring, for the ingest stage's reader.
     */
    ManyToOneRingBuffer ring()
    {
        return ring;
    }

    /**
     * @return the most frames of stereo audio one message holds (the ingest stage sizes its scratch from it).
     */
    int maxFloatsPerMessage()
    {
        return maxFloatsPerMessage;
    }

    /**
     * @return bytes queued now (approximate under concurrent writes).
     */
    public int size()
    {
        return ring.size();
    }
}
