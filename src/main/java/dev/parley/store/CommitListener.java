package dev.parley.store;

/**
 * Told after a write transaction that stored events has committed, with the highest stream position
 * it wrote and whether it queued webhook deliveries. Realtime delivery wakes on it and reads the
 * events from the store; the webhook worker wakes only when there is something for it.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(long position, boolean deliveriesQueued);

    CommitListener NONE = (position, deliveriesQueued) -> {};
}
