package io.avatar.engine.session;

import io.avatar.models.vad.SileroVad;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stages of one session share: identity, the spec, the audio inbox (many writers, ingest reads), the audio
 * history (ingest writes, output reads) and a few published positions. Everything else about the session lives in
 * the per-stage state that each stage logic owns.
 */
final class Session
{
    final long id;
    final SessionSpec spec;
    final int fps;
    final AudioInbox inbox;
    final AudioHistory history;

    /** Set by the caller thread before the ADD commands go out; the feature stage takes ownership. */
    volatile SileroVad vad;
    /** Which feature stage handles this session (AvatarEngine's choice at creation; fixed for the session's life). */
    int featureShard;
    /** Which render stage draws this session (AvatarEngine's choice at creation; fixed for the session's life). */
    int renderShard;

    /** Wall-clock start (engine nano clock) for live pacing; written once by the ingest stage. */
    volatile long startNs = Long.MIN_VALUE;
    /** 16 kHz samples of real input ingested (ingest stage writes). */
    volatile long samplesIngested;
    /** Frames published to outputs (output stage writes). */
    volatile long framesOut;
    /** Last audio sample index published with a frame (output stage writes). */
    volatile long audioOut;
    /** Frames the finished stream has; -1 while the stream is open (ingest stage writes). */
    volatile long expectedFrames = -1;
    /** Barge-in mute range of published audio [muteFrom, muteUntil) (ingest stage writes). */
    volatile long muteFrom;
    volatile long muteUntil;
    /** Output stage sets it once every expected frame went out. */
    volatile boolean done;

    final AtomicLong inputFramesRejected = new AtomicLong();
    final AtomicLong silenceSamplesInserted = new AtomicLong();
    final AtomicLong framesSkipped = new AtomicLong();

    Session(final long id, final SessionSpec spec, final int fps, final int inboxBytes, final int historySamples)
    {
        this.id = id;
        this.spec = spec;
        this.fps = fps;
        this.inbox = new AudioInbox(inboxBytes);
        this.history = new AudioHistory(historySamples);
    }
}
