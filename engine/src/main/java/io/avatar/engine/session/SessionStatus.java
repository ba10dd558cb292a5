package io.avatar.engine.session;

/**
 * A snapshot of a session's progress.
 *
 * @param id                    session id.
 * @param samplesIngested       16 kHz samples through ingest (real audio, inserted silence and end padding).
 * @param framesOut             frames published to outputs.
 * @param expectedFrames        frames of a finished stream, or -1 while open.
 * @param done                  whether every expected frame went out.
 * @param inputFramesRejected   pushed frames refused because the inbox was full.
 * @param silenceSamplesInserted samples of silence inserted on live underrun.
 * @param framesSkipped         frames dropped before output (late, live).
 * @param clockStartNs          engine nano-clock time at which the session's audio clock started (sample 0 is due
 *                              then in a live session), or {@code Long.MIN_VALUE} before the ingest stage saw it.
 */
public record SessionStatus(long id, long samplesIngested, long framesOut, long expectedFrames, boolean done,
    long inputFramesRejected, long silenceSamplesInserted, long framesSkipped, long clockStartNs)
{
}
