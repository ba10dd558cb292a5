package io.avatar.engine.session;

import io.avatar.models.style.StyleCode;

import java.util.List;

/**
 * What a new session is made of. The renderer's ownership passes to the engine with the spec.
 *
 * @param style    the initial speaking style.
 * @param renderer draws this session's face (one per session), or null for a motion-only session (game engines that
 *                 animate their own character need weights and pose, not pixels).
 * @param outputs  where frames go.
 * @param live     true: paced by the wall clock (silence fills gaps, late frames are dropped); false: as fast as
 *                 possible, nothing dropped (offline render).
 * @param seed     random seed for idle motion (reproducible output).
 */
public record SessionSpec(StyleCode style, FaceRenderer renderer, List<FrameOutput> outputs, boolean live, long seed)
{
    /**
     * Validates.
     */
    public SessionSpec
    {
        if (style == null || outputs == null)
        {
            throw new IllegalArgumentException("a session needs a style and an output list");
        }
        outputs = List.copyOf(outputs);
    }
}
