package dev.parley.store.jdbi;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps each SQLite connection's compiled statements for reuse. sqlite-jdbc compiles every
 * {@code prepareStatement} anew (parse, schema lookup, query plan): a quarter of the single writer's
 * time per append and a sixth of a read's, for SQL that is the same every time. HikariCP leaves
 * statement caching to the driver, and this driver has none (pgjdbc has its own, so PostgreSQL does
 * not use this).
 *
 * <p>Statements are prepared on the physical connection (not through Hikari's proxy, which closes
 * the statements it saw when the connection goes back to the pool) and kept per connection, at most
 * {@link #PER_CONNECTION} of them, least recently used dropped first. A connection is used by one
 * thread at a time (the pool lends it out), so a connection's statements need no locking. SQLite
 * resets a statement when its result set closes and before each execution, so a reused one starts
 * clean; one JDBI closed after a failure is prepared again; and a statement asked for while the same
 * SQL is still open on that connection (nested iteration) gets a fresh, uncached one.
 */
final class StatementCache implements StatementBuilderFactory {
    static final int PER_CONNECTION = 128;

    private final Map<Connection, Statements> byConnection = new ConcurrentHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection pooled) {
        Connection physical = physical(pooled);
        Statements statements = byConnection.get(physical);
        if (statements == null) {
            forgetClosedConnections();
            statements = byConnection.computeIfAbsent(physical, c -> new Statements());
        }
        return statements;
    }

    /** How many connections have statements kept (for tests). */
    int connections() {
        return byConnection.size();
    }

    private void forgetClosedConnections() {
        byConnection.entrySet().removeIf(entry -> {
            try {
                return entry.getKey().isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }

    private static Connection physical(Connection pooled) {
        try {
            return pooled.isWrapperFor(org.sqlite.SQLiteConnection.class)
                    ? pooled.unwrap(org.sqlite.SQLiteConnection.class)
                    : pooled;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the SQLite connection behind the pool", e);
        }
    }

    /** One connection's compiled statements, and which of them are executing right now. */
    private static final class Statements implements StatementBuilder {
        private final Map<String, PreparedStatement> bySql = new LinkedHashMap<>(PER_CONNECTION, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                if (!inUse.containsKey(eldest.getValue())) {
                    closeQuietly(eldest.getValue());
                }
                return true;
            }
        };
        /** Statements handed out and not yet closed, with the SQL they are kept under (null: not kept). */
        private final Map<Statement, String> inUse = new IdentityHashMap<>();

        @Override
        public PreparedStatement create(Connection pooled, String sql, StatementContext ctx) throws SQLException {
            PreparedStatement cached = bySql.get(sql);
            if (cached != null && !cached.isClosed()) {
                if (inUse.containsKey(cached)) {
                    PreparedStatement nested = physical(pooled).prepareStatement(sql);
                    inUse.put(nested, null); // closed after use, not kept
                    return nested;
                }
                inUse.put(cached, sql);
                return cached;
            }
            PreparedStatement prepared = physical(pooled).prepareStatement(sql);
            bySql.put(sql, prepared);
            inUse.put(prepared, sql);
            return prepared;
        }

        @Override
        public void close(Connection pooled, String sql, Statement statement) throws SQLException {
            // JDBI names the statement by its SQL before rewriting; it is kept under the rewritten SQL.
            String key = inUse.remove(statement);
            if (key != null && bySql.get(key) == statement && !statement.isClosed()) {
                return; // kept for the next use; its result set, if any, was closed (and so reset)
            }
            statement.close();
        }

        @Override
        public Statement create(Connection pooled, StatementContext ctx) throws SQLException {
            return pooled.createStatement();
        }

        @Override
        public CallableStatement createCall(Connection pooled, String sql, StatementContext ctx) throws SQLException {
            return pooled.prepareCall(sql);
        }

        private static void closeQuietly(Statement statement) {
            try {
                statement.close();
            } catch (SQLException e) {
                // already unusable; nothing else holds it
            }
        }
    }
}
