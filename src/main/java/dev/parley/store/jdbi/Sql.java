package dev.parley.store.jdbi;

import dev.parley.domain.Key;
import dev.parley.store.Slice;
import dev.parley.store.UniqueViolation;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/**
 * A handle plus the dialect, with the helpers every entity store uses. Every statement reaches the
 * handle through {@link #handle()}, which first runs the hook the transaction gave: that is how the
 * SQLite writer's {@link AppendCache} writes its pending events (or lets go of what it remembers)
 * before any other statement of the transaction, without any store having to remember to ask.
 */
final class Sql {
    private final Handle handle;
    final Dialect dialect;
    private final Runnable beforeStatement;

    Sql(Handle handle, Dialect dialect) {
        this(handle, dialect, () -> {});
    }

    private Sql(Handle handle, Dialect dialect, Runnable beforeStatement) {
        this.handle = handle;
        this.dialect = dialect;
        this.beforeStatement = beforeStatement;
    }

    /** The same handle, running {@code hook} before each statement. */
    Sql before(Runnable hook) {
        return new Sql(handle, dialect, hook);
    }

    /** The transaction's handle, after the hook: call it once per statement. */
    Handle handle() {
        beforeStatement.run();
        return handle;
    }

    /** Executes an insert or update, turning a unique-index violation into {@link UniqueViolation}. */
    int execute(Update update) {
        try {
            return update.execute();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sqlError && dialect.isUniqueViolation(sqlError)) {
                throw new UniqueViolation(e);
            }
            throw e;
        }
    }

    /**
     * The keyset condition and ordering for a listing sorted by {@code sortColumn} then {@code idColumn}.
     * Binds {@code :after_sort}, {@code :after_id} and {@code :limit}.
     */
    static String keyset(Slice slice, String sortColumn, String idColumn) {
        String cmp = slice.ascending() ? ">" : "<";
        String dir = slice.ascending() ? "ASC" : "DESC";
        String where = slice.after() == null
                ? " AND 1 = 1"
                : " AND (" + sortColumn + " " + cmp + " :after_sort OR (" + sortColumn + " = :after_sort AND "
                        + idColumn + " " + cmp + " :after_id))";
        return where + " ORDER BY " + sortColumn + " " + dir + ", " + idColumn + " " + dir + " LIMIT :limit"
                + offset(slice);
    }

    private static String offset(Slice slice) {
        return slice.skip() > 0 ? " OFFSET :skip" : "";
    }

    /**
     * The keyset condition and ordering for a listing sorted by a unique column alone (event ids within
     * a conversation). Binds {@code :after_sort} and {@code :limit}; use {@link #bindUniqueSlice}.
     */
    static String keysetUnique(Slice slice, String sortColumn) {
        String cmp = slice.ascending() ? ">" : "<";
        String dir = slice.ascending() ? "ASC" : "DESC";
        String where = slice.after() == null ? "" : " AND " + sortColumn + " " + cmp + " :after_sort";
        return where + " ORDER BY " + sortColumn + " " + dir + " LIMIT :limit" + offset(slice);
    }

    static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindUniqueSlice(Q statement, Slice slice) {
        statement.bind("limit", slice.limit());
        if (slice.skip() > 0) {
            statement.bind("skip", slice.skip());
        }
        if (slice.after() != null) {
            statement.bind("after_sort", slice.after().sort());
        }
        return statement;
    }

    static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindSlice(Q statement, Slice slice) {
        Key after = slice.after();
        statement.bind("limit", slice.limit());
        if (slice.skip() > 0) {
            statement.bind("skip", slice.skip());
        }
        if (after != null) {
            statement.bind("after_sort", after.sort()).bind("after_id", after.id());
        }
        return statement;
    }
}
