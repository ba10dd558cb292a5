package io.avatar.engine.session;

/**
 * Command types the session stages understand (sent through {@link io.avatar.engine.core.StageProxy}).
 */
final class SessionCommands
{
    /** Attachment: the {@link Session}. */
    static final int ADD = 1;
    /** The session is closed; free its state. */
    static final int REMOVE = 2;
    /** Barge-in: drop queued speech, return to idle. */
    static final int INTERRUPT = 3;
    /** Attachment: a {@link io.avatar.models.style.StyleCode}; value: transition frames. */
    static final int STYLE = 4;
    /** End of the input stream: flush and pad. */
    static final int FINISH = 5;

    private SessionCommands()
    {
    }
}
