package dev.parley.store.jdbi;

/**
 * Hands out global stream positions inside one group-commit transaction. The batch reads the
 * {@code stream} row once (holding its lock on PostgreSQL, or the database's write lock on SQLite),
 * numbers its events in memory and stores the last number once before the commit: one statement per
 * batch instead of one per event. A work undone by its savepoint leaves a gap in positions, which
 * readers never rely on (they read "everything after p", not "p + 1"). Not thread-safe: one batch, one
 * thread.
 */
final class StreamPositions {
    private final long start;
    private long last;

    StreamPositions(long start) {
        this.start = start;
        this.last = start;
    }

    long next() {
        return ++last;
    }

    boolean advanced() {
        return last > start;
    }

    long last() {
        return last;
    }
}
