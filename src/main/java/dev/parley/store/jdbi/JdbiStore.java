package dev.parley.store.jdbi;

import dev.parley.store.CommitListener;
import dev.parley.store.Store;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The one {@link Store} implementation, for SQLite and PostgreSQL alike. Migrates the schema on open.
 * After a write that stored events commits, the {@link CommitListener} hears the highest position.
 */
public final class JdbiStore implements Store {
    private final Pools pools;
    private final Jdbi writer;
    private final Jdbi reader;
    private final Dialect dialect;
    private final CommitListener listener;
    /** SQLite only: batches concurrent writes into one commit. */
    private final GroupCommitWriter groupCommit;

    private JdbiStore(Pools pools, Dialect dialect, CommitListener listener) {
        this.pools = pools;
        this.dialect = dialect;
        this.writer = Jdbi.create(pools.writer());
        this.reader = Jdbi.create(pools.reader());
        this.listener = listener;
        this.groupCommit = dialect == Dialect.SQLITE ? new GroupCommitWriter(writer, dialect, listener) : null;
    }

    /** Opens (and migrates) the database at {@code jdbcUrl}. */
    public static JdbiStore open(String jdbcUrl, int maxConnections, CommitListener listener) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        Pools pools = Pools.open(jdbcUrl, dialect, maxConnections);
        try {
            Flyway.configure()
                    .dataSource(pools.migrations())
                    .locations(dialect.migrationLocations())
                    .load()
                    .migrate();
            return new JdbiStore(pools, dialect, listener);
        } catch (RuntimeException e) {
            pools.close();
            throw e;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T write(Work<T> work) {
        if (groupCommit != null) {
            return groupCommit.write(work);
        }
        long[] highest = new long[1];
        T result = writer.inTransaction(handle -> {
            JdbiTx tx = new JdbiTx(handle, dialect);
            T value = work.run(tx);
            highest[0] = tx.highestPosition();
            return value;
        });
        if (highest[0] > 0) {
            listener.committed(highest[0]);
        }
        return result;
    }

    @Override
    public <T> T read(Work<T> work) {
        return reader.inTransaction(handle -> work.run(new JdbiTx(handle, dialect)));
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        pools.close();
    }
}
