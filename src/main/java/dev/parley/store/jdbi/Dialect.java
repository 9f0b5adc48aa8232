package dev.parley.store.jdbi;

import dev.parley.store.EventStore;
import java.sql.SQLException;

/** The few places where SQLite and PostgreSQL differ. Everything else is shared SQL. */
public enum Dialect {
    SQLITE("sqlite") {
        @Override
        boolean isUniqueViolation(SQLException e) {
            // SQLITE_CONSTRAINT (19) and its extended codes UNIQUE (2067) / PRIMARYKEY (1555)
            int code = e.getErrorCode();
            return code == 19 || code == 2067 || code == 1555;
        }

        @Override
        String skipLocked() {
            return ""; // one writer at a time: nothing to skip
        }

        @Override
        long appendEvent(org.jdbi.v3.core.Handle handle, EventStore.NewEvent e, long id) {
            // Two statements (SQLite has no data-modifying WITH); both run in-process anyway.
            long position = handle.createQuery(
                            "UPDATE stream SET position = position + 1 WHERE id = 1 RETURNING position")
                    .mapTo(Long.class)
                    .one();
            bindEvent(handle.createUpdate(INSERT_EVENT), e, id)
                    .bind("position", position)
                    .execute();
            return position;
        }

        @Override
        void beginBatch(org.jdbi.v3.core.Handle handle) {
            // BEGIN IMMEDIATE already holds the database's one write lock.
        }

        @Override
        void announce(org.jdbi.v3.core.Handle handle, long position) {
            // One node: the commit listener is told in-process.
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
        long appendEvent(org.jdbi.v3.core.Handle handle, EventStore.NewEvent e, long id) {
            // One round trip for the position and the insert.
            return bindEvent(
                            handle.createQuery("WITH s AS (UPDATE stream SET position = position + 1 WHERE id = 1"
                                    + " RETURNING position) INSERT INTO events (conversation_id, id, position, type,"
                                    + " from_member, body_json, created_ms) SELECT :conversation, :id, s.position,"
                                    + " :type, :from, :body, :created FROM s RETURNING position"),
                            e,
                            id)
                    .mapTo(Long.class)
                    .one();
        }

        @Override
        void beginBatch(org.jdbi.v3.core.Handle handle) {
            // Every batch takes the stream row first: appends need it anyway (positions follow commit
            // order), and taking it first means batches of several nodes never wait on each other in
            // a cycle (no deadlocks between a conversation row and the stream row).
            handle.createQuery("SELECT position FROM stream WHERE id = 1 FOR UPDATE")
                    .mapTo(Long.class)
                    .one();
        }

        @Override
        void announce(org.jdbi.v3.core.Handle handle, long position) {
            // Delivered to every node's LISTEN at commit (and never if the batch rolls back); it
            // carries only a position: nodes read the events from the store.
            handle.createQuery("SELECT pg_notify('" + STREAM_CHANNEL + "', :position)")
                    .bind("position", Long.toString(position))
                    .mapTo(String.class)
                    .findOne();
        }
    };

    /** The PostgreSQL notification channel that carries committed stream positions between nodes. */
    static final String STREAM_CHANNEL = "parley_stream";

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    abstract boolean isUniqueViolation(SQLException e);

    /** Takes the next stream position and inserts the event with it; returns the position. */
    abstract long appendEvent(org.jdbi.v3.core.Handle handle, EventStore.NewEvent e, long id);

    private static final String INSERT_EVENT =
            "INSERT INTO events (conversation_id, id, position, type, from_member, body_json, created_ms)"
                    + " VALUES (:conversation, :id, :position, :type, :from, :body, :created)";

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindEvent(
            S statement, EventStore.NewEvent e, long id) {
        return statement
                .bind("conversation", e.conversationId())
                .bind("id", id)
                .bind("type", e.type())
                .bind("from", e.fromMemberId())
                .bind("body", e.bodyJson())
                .bind("created", e.createdMs());
    }

    /** Runs first in every group-commit transaction. */
    abstract void beginBatch(org.jdbi.v3.core.Handle handle);

    /** Tells other nodes, at commit, that events up to {@code position} were stored. */
    abstract void announce(org.jdbi.v3.core.Handle handle, long position);

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
