package dev.parley.realtime;

import dev.parley.domain.UserId;

/**
 * A live receiver of one user's pushes (a Client SDK socket). Implementations must never block: the
 * dispatcher calls them while routing for everyone.
 */
public interface Subscriber {
    UserId userId();

    /** Queues an event for sending; {@code position} 0 marks an event that is not stored. */
    void push(PushFrame frame, long position);

    /** The subscriber could not keep up or broke; it will be dropped and resume on reconnect. */
    boolean closed();
}
