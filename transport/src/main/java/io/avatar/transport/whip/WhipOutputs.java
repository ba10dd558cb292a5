package io.avatar.transport.whip;

import io.avatar.transport.outputs.SessionOutputs;

/**
 * The WHIP outputs of one server, by id. Outputs leave the registry when they close, whoever closed them
 * (the REST API, the session's end, a failed connection); {@link #closeAll()} makes each DELETE its resource.
 * Thread-safe.
 */
public final class WhipOutputs extends SessionOutputs<WhipOutput>
{
}
