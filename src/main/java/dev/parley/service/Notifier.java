package dev.parley.service;

import dev.parley.domain.Event;

/**
 * Wakes realtime delivery. Stored events arrive as a stream position after their commit (subscribers
 * read the events themselves from the store, so a missed wake-up loses nothing); ephemeral events,
 * which are never stored, arrive with their payload. Implementations must not block the caller.
 */
public interface Notifier {
    /** Events up to {@code position} are committed. */
    void committed(long position);

    void ephemeral(Event event);

    /** Delivers nowhere: the server before any realtime channel is attached. */
    Notifier NONE = new Notifier() {
        @Override
        public void committed(long position) {}

        @Override
        public void ephemeral(Event event) {}
    };
}
