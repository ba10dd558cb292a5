package io.avatar.transport.stream;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.transport.api.FrameListener;

import java.nio.ByteBuffer;

/**
 * Feeds a {@link StreamOutput} made by {@link StreamOutput#forListener} from a session's {@link FrameListener}
 * callbacks: each video frame goes into a slot of the stream's queue, and the 48 kHz audio chunks that follow it
 * (the listener gets a frame, then its audio cut into 10 ms chunks) are appended to that slot, which is handed to the
 * writer as soon as its audio reaches the frame's end (at the latest with the next frame). Audio that arrives with no
 * slot open (its frame was dropped, queue full) waits in a one-second buffer for the next slot, so a dropped picture
 * does not cost its sound; beyond that the audio is dropped and the writer fills the hole with silence.
 *
 * <p>Frame numbers and audio sample numbers restart at 0 at the first frame received, so a stream started mid-session
 * begins at time 0.
 *
 * <p>Threading: the engine thread that calls the listener (one at a time) is the only producer; nothing here
 * allocates, locks or waits.
 */
final class ListenerFeed implements FrameListener
{
    private static final int RATE = FrameListener.AUDIO_SAMPLE_RATE;
    /** 48 kHz samples per 16 kHz session sample (the engine's sample clock). */
    private static final int UPSAMPLE = RATE / MediaTime.SAMPLE_RATE;

    private final StreamOutput out;
    private final int fps;
    private final int frameBytes;
    private final float[] pending;
    private int pendingLen;
    private long pendingStart;
    private FrameSlots.Slot open;
    private long openFrame;
    private long baseFrame = -1;
    private long baseSample;
    private volatile long audioLost;

    ListenerFeed(final StreamOutput out)
    {
        this.out = out;
        this.fps = out.settings().fps();
        this.frameBytes = out.frameBytes();
        this.pending = new float[RATE];
    }

    @Override
    public void onVideoFrame(final ByteBuffer i420, final int width, final int height, final long ptsNs)
    {
        final long absolute = Math.round(ptsNs / 1e9 * fps);
        if (baseFrame < 0)
        {
            baseFrame = absolute;
            baseSample = MediaTime.firstSampleOfFrame(absolute, fps) * UPSAMPLE;
        }
        publishOpen();
        final long frame = absolute - baseFrame;
        // (A time stamp before the first frame's would be an engine bug; such a frame is skipped, not sent.)
        final FrameSlots.Slot slot = frame < 0 ? null : out.claim(true, width, height, frame, ptsNs);
        if (slot == null)
        {
            return;
        }
        slot.video.put(0, i420, i420.position(), frameBytes);
        slot.audioLen = 0;
        open = slot;
        openFrame = frame;
        if (pendingLen > 0)
        {
            System.arraycopy(pending, 0, slot.audio, 0, pendingLen);
            slot.audioStart = pendingStart;
            slot.audioLen = pendingLen;
            pendingLen = 0;
            publishIfComplete();
        }
    }

    @Override
    public void onAudio(final float[] pcm, final int off, final int len, final long ptsNs)
    {
        if (baseFrame < 0)
        {
            return;
        }
        long start = Math.round(ptsNs / 1e9 * RATE) - baseSample;
        int from = off;
        int n = Math.min(len, pending.length);
        if (start < 0)
        {
            // The chunk straddles the first frame's start: keep only what follows it.
            final int skip = (int)Math.min(n, -start);
            from += skip;
            n -= skip;
            start += skip;
        }
        if (n == 0)
        {
            return;
        }
        final FrameSlots.Slot slot = open;
        if (slot != null && (slot.audioLen == 0 || slot.audioStart + slot.audioLen == start)
            && slot.audioLen + n <= slot.audio.length)
        {
            if (slot.audioLen == 0)
            {
                slot.audioStart = start;
            }
            System.arraycopy(pcm, from, slot.audio, slot.audioLen, n);
            slot.audioLen += n;
            publishIfComplete();
            return;
        }
        publishOpen();
        if (pendingLen > 0 && (pendingStart + pendingLen != start || pendingLen + n > pending.length))
        {
            audioLost = audioLost + pendingLen;
            pendingLen = 0;
        }
        if (pendingLen == 0)
        {
            pendingStart = start;
        }
        System.arraycopy(pcm, from, pending, pendingLen, n);
        pendingLen += n;
    }

    /**
     * The session ended: hands over the last frame and lets the writer finish the stream.
     */
    @Override
    public void onClosed()
    {
        publishOpen();
        out.onClose();
    }

    /**
     * @return 48 kHz samples dropped here because no slot took them within a second. Any thread.
     */
    long audioLost()
    {
        return audioLost;
    }

    private void publishIfComplete()
    {
        if (open.audioStart + open.audioLen >= MediaTime.firstSampleOfFrame(openFrame + 1, fps) * UPSAMPLE)
        {
            publishOpen();
        }
    }

    private void publishOpen()
    {
        final FrameSlots.Slot slot = open;
        if (slot == null)
        {
            return;
        }
        if (slot.audioLen == 0)
        {
            slot.audioStart = MediaTime.firstSampleOfFrame(openFrame, fps) * UPSAMPLE;
        }
        open = null;
        out.publish();
    }
}
