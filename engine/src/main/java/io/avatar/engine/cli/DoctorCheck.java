package io.avatar.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One section of {@code avatar doctor}, contributed through {@link java.util.ServiceLoader} (so the transport module
 * can report on webrtc-java without the engine depending on it). Called once, on the main thread.
 */
public interface DoctorCheck
{
    /**
     * @return the JSON field name of this section, e.g. {@code "webrtc"}.
     */
    String name();

    /**
     * Runs the check, fills {@code report} with what was found, and says whether the CPU path is usable.
     *
     * @param report the section's JSON object to fill.
     * @return null when this part is fine for CPU mode, otherwise the reason the engine cannot run.
     */
    String check(ObjectNode report);
}
