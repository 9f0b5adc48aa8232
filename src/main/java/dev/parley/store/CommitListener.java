package dev.parley.store;

/**
 * Told after a write transaction that stored events has committed, with the highest stream position
 * it wrote. Realtime delivery wakes on it and reads the events from the store.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(long position);

    CommitListener NONE = position -> {};
}
