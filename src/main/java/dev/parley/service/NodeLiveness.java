package dev.parley.service;

import dev.parley.domain.Clock;
import dev.parley.store.Store;
import java.time.Duration;

/**
 * Which nodes are alive, from the heartbeat each writes into the shared database, and what becomes of
 * the calls of one that stopped beating (killed, frozen, cut off from the database): a surviving node
 * claims it (of several, exactly one) and ends each call it ran as {@code failed}, with an {@code
 * error} event saying why; their members leave. A node that finds it was taken for dead (its own row
 * claimed) learns so from {@link #beat()}. Thread-safe.
 */
public final class NodeLiveness {
    private final Store store;
    private final Clock clock;
    private final String node;
    private final Duration timeout;
    private final VoiceService voice;
    private volatile boolean beaten;

    /** For {@code node}, dead once its heartbeat is older than {@code timeout}. */
    public NodeLiveness(Store store, Clock clock, String node, Duration timeout, VoiceService voice) {
        this.store = store;
        this.clock = clock;
        this.node = node;
        this.timeout = timeout;
        this.voice = voice;
    }

    /**
     * Writes this node's heartbeat; false when it had been taken for dead since its last beat (its calls
     * have been ended in the database, so it should end them here too).
     */
    public boolean beat() {
        long now = clock.nowMs();
        boolean known = store.write(tx -> tx.nodes().beat(node, now));
        boolean takenForDead = beaten && !known;
        beaten = true;
        return !takenForDead;
    }

    /**
     * Forgets Voice API commands older than a minute: their senders waited 5 s at most, so only a
     * sender that died while waiting leaves one behind.
     */
    public void forgetStaleCommands() {
        long before = clock.nowMs() - 60_000;
        store.write(tx -> tx.commands().deleteOlderThan(before));
    }

    /** Claims every other node whose heartbeat is older than the timeout and ends its calls; how many. */
    public int endCallsOfDeadNodes() {
        long before = clock.nowMs() - timeout.toMillis();
        int ended = 0;
        for (String dead : store.read(tx -> tx.nodes().stale(before))) {
            if (!dead.equals(node) && store.write(tx -> tx.nodes().claim(dead, before))) {
                // its claimed webhook lanes first, so the events of the calls it ran go out at once
                store.write(tx -> tx.webhooks().releaseLeasesOf(dead));
                ended += voice.endUnfinished(
                        dead,
                        "The node running this call (" + dead + ") stopped answering: no heartbeat for over "
                                + timeout.toMillis() + " ms.");
            }
        }
        return ended;
    }
}
