package dev.parley.store.jdbi;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/** The few places where SQLite and PostgreSQL differ. Everything else is shared SQL. */
public enum Dialect {
    SQLITE("sqlite") {
        @Override
        boolean isUniqueViolation(SQLException e) {
            // Only UNIQUE and PRIMARY KEY: the plain SQLITE_CONSTRAINT (19) also covers NOT NULL, CHECK
            // and foreign keys, which are bugs to surface, not "already exists" answers.
            return e instanceof org.sqlite.SQLiteException sqlite
                    && (sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                            || sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
        }

        @Override
        String skipLocked() {
            return ""; // one writer at a time: nothing to skip
        }

        @Override
        boolean modifiesInWith() {
            return false;
        }

        @Override
        long lockStream(Handle handle) {
            // BEGIN IMMEDIATE already holds the database's one write lock.
            return handle.createQuery("SELECT position FROM stream WHERE id = 1")
                    .mapTo(Long.class)
                    .one();
        }

        @Override
        void advanceStream(Handle handle, long position) {
            // One node: the commit listener is told in-process.
            handle.createUpdate("UPDATE stream SET position = :position WHERE id = 1")
                    .bind("position", position)
                    .execute();
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        boolean modifiesInWith() {
            return true;
        }

        @Override
        long lockStream(Handle handle) {
            // Every batch takes the stream row first: positions must follow commit order across
            // nodes, and taking it first means batches of several nodes never wait on each other in
            // a cycle (no deadlocks between a conversation row and the stream row).
            return handle.createQuery("SELECT position FROM stream WHERE id = 1 FOR UPDATE")
                    .mapTo(Long.class)
                    .one();
        }

        @Override
        void advanceStream(Handle handle, long position) {
            // The NOTIFY is delivered to every node's LISTEN at commit (and never if the batch rolls
            // back); it carries only a position: nodes read the events from the store.
            handle.createQuery("WITH s AS (UPDATE stream SET position = :position WHERE id = 1)" + " SELECT pg_notify('"
                            + STREAM_CHANNEL + "', :text)")
                    .bind("position", position)
                    .bind("text", Long.toString(position))
                    .mapTo(String.class)
                    .findOne();
        }
    };

    /** The PostgreSQL notification channel that carries committed stream positions between nodes. */
    static final String STREAM_CHANNEL = "parley_stream";

    /** The channel that tells a node a Voice API command for one of its calls is waiting (its name). */
    static final String COMMAND_CHANNEL = "parley_command";

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    abstract boolean isUniqueViolation(SQLException e);

    /**
     * Runs first in every group-commit transaction: takes the stream row for the batch and returns
     * the last position handed out.
     */
    abstract long lockStream(Handle handle);

    /**
     * Runs last in a batch that stored events: records the last position handed out and tells the
     * other nodes, at commit, that events up to it were stored.
     */
    abstract void advanceStream(Handle handle, long position);

    /**
     * Whether {@code WITH} may hold {@code UPDATE}/{@code INSERT} (several writes in one statement,
     * one round trip); SQLite's cannot, but its statements cost no round trip.
     */
    abstract boolean modifiesInWith();

    /** Appended to a claiming SELECT so concurrent claimants (other nodes) take different rows. */
    abstract String skipLocked();

    /** Shared migrations first, then this dialect's overrides. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + migrationFolder};
    }

    public static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB): " + jdbcUrl);
    }
}
