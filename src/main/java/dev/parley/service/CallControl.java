package dev.parley.service;

import dev.parley.domain.LegId;

/**
 * The port through which REST requests reach calls in progress; the voice layer implements it (as
 * realtime implements {@link Notifier}). Implementations must not block for long.
 */
public interface CallControl {
    /** Ends the leg's call if this node is running it; false when it is not here (or already over). */
    boolean hangup(LegId leg);

    /** No calls run here: a node without SIP. */
    CallControl NONE = leg -> false;
}
