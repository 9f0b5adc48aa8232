package dev.parley.store;

import java.util.List;

/** The nodes that run calls and their heartbeats. */
public interface NodeStore {
    /**
     * Records that node {@code id} is alive at {@code nowMs}; false when it had no row (its first beat,
     * or its row was claimed because it had stopped beating).
     */
    boolean beat(String id, long nowMs);

    /** Whether node {@code id} has a heartbeat (it has not been claimed as dead). */
    boolean known(String id);

    /** The nodes whose last heartbeat is before {@code beforeMs}. */
    List<String> stale(long beforeMs);

    /**
     * Removes node {@code id} if its heartbeat is still before {@code beforeMs}: whether this call
     * removed it, so of several nodes claiming a dead one, exactly one does.
     */
    boolean claim(String id, long beforeMs);
}
