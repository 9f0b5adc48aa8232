package dev.parley.store.jdbi;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's WAL into the database file from a background thread: a passive checkpoint on a
 * reader connection, which never blocks the writer or readers. The writer's own checkpoint (SQLite's
 * automatic one, every 10,000 pages) stalls every write while it copies; with this one running it
 * finds little left to copy, and it still bounds the WAL when this one cannot finish under load.
 * Measured: one-conversation appends p99 18 -> 10-11 ms, spread appends p99 ~17-18 -> ~17 ms.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-checkpoint").daemon().factory());

    WalCheckpointer(Jdbi connections, long intervalMs) {
        thread.scheduleWithFixedDelay(
                () -> {
                    try {
                        connections.useHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                                .mapToMap()
                                .list());
                    } catch (RuntimeException e) {
                        LOG.warn("background checkpoint failed; the writer's own will do", e);
                    }
                },
                intervalMs,
                intervalMs,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
