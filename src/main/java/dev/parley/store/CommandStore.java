package dev.parley.store;

import java.util.List;
import java.util.Optional;

/** Voice API commands for calls on another node, and their outcomes. */
public interface CommandStore {
    /** A command still to be run: its id and JSON. */
    record Pending(String id, String commandJson) {}

    /**
     * Queues {@code commandJson} for node {@code node}, which is told at commit (PostgreSQL's NOTIFY on
     * {@code parley_command}, carrying the node's name).
     */
    void insert(String id, String node, String commandJson, long nowMs);

    /** The commands for {@code node} not run yet, oldest first. */
    List<Pending> pendingFor(String node);

    /** Records what running command {@code id} came to. */
    void finish(String id, String outcomeJson);

    /** What command {@code id} came to; empty while it has not run. */
    Optional<String> outcome(String id);

    /** Removes command {@code id} (its sender has read its outcome, or stopped waiting). */
    void delete(String id);

    /** Removes the commands written before {@code beforeMs} (their senders stopped waiting long ago). */
    int deleteOlderThan(long beforeMs);
}
