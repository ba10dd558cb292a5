package io.avatar.models.style.extract;

import io.avatar.models.style.StyleFile;

import java.util.Locale;

/**
 * What {@link StyleExtractor#extract} produced and how: the style file (code and motion clip) and the frame counts
 * that went into it. Immutable; any thread.
 *
 * @param style          the extracted style, motion clip included.
 * @param framesRead     video frames decoded.
 * @param framesWithFace frames where the face was tracked or detected.
 * @param framesBridged  frames without a face inside short gaps (at most {@link StyleExtractor#MAX_BRIDGE} frames),
 *                       filled by interpolation.
 * @param framesExcluded frames without a face in longer gaps (or before the first face), left out.
 * @param shots          shots with a face (scene cuts seen at a face + 1; a cut is a luma-histogram change against the
 *                       last frame with a face, a frame-size change, or a face jump).
 * @param segments       runs of usable face at 25 fps (split by cuts and long gaps).
 * @param usedSegment    which segment (0-based, in time order) the style was computed from: the longest.
 * @param usedFrames     25 fps frames in that segment.
 * @param totalFrames25  25 fps frames over all segments.
 * @param mostFaces      most faces found at one detection (the largest is tracked; 0 when none was found).
 * @param scaledFrom     source size when frames were downscaled before detection, else null.
 */
public record ExtractionReport(StyleFile style, long framesRead, long framesWithFace, long framesBridged,
    long framesExcluded, int shots, int segments, int usedSegment, int usedFrames, int totalFrames25, int mostFaces,
    String scaledFrom)
{
    /**
     * @return a one-paragraph summary for people.
     */
    public String summary()
    {
        return String.format(Locale.ROOT, "%d frames read: face in %d, %d bridged (gaps <= %d frames), %d excluded;"
            + " %d shot(s), %d usable segment(s), %d frames at 25 fps in all; used the longest segment #%d: %d frames"
            + " (%.1f s)%s%s", framesRead, framesWithFace, framesBridged, StyleExtractor.MAX_BRIDGE, framesExcluded,
            shots, segments, totalFrames25, usedSegment, usedFrames, usedFrames / (double)StyleExtractor.FPS,
            mostFaces > 1 ? "; up to " + mostFaces + " faces in a frame, the largest tracked" : "",
            scaledFrom == null ? "" : "; downscaled from " + scaledFrom + " before detection");
    }
}
