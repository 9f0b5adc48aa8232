package dev.parley.store.jdbi;

import dev.parley.store.CommitListener;
import dev.parley.store.Store;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The one {@link Store} implementation, for SQLite and PostgreSQL alike. Migrates the schema on open.
 * After a write that stored events commits, the {@link CommitListener} hears the highest position;
 * on PostgreSQL it also hears the positions other nodes commit (LISTEN/NOTIFY).
 */
public final class JdbiStore implements Store {
    private final Pools pools;
    private final Jdbi writer;
    private final Jdbi reader;
    private final Dialect dialect;
    private final CommitListener listener;
    /** Batches concurrent writes into one commit. */
    private final GroupCommitWriter groupCommit;
    /**
     * SQLite: how often a background thread copies the WAL into the database, so the writer's own
     * checkpoint (every {@link Pools#CHECKPOINT_PAGES} pages, stalling all writes) has little to copy.
     */
    private static final long CHECKPOINT_INTERVAL_MS = 200;

    private final WalCheckpointer checkpointer;
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<String>> commands =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** PostgreSQL only: hears positions committed by other nodes. */
    private final PgStreamListener streamListener;

    private JdbiStore(Pools pools, Dialect dialect, CommitListener listener, AppendMode appendMode) {
        this.pools = pools;
        this.dialect = dialect;
        this.writer = Jdbi.create(pools.writer());
        this.reader = Jdbi.create(pools.reader());
        writer.registerArgument(new IdArguments());
        reader.registerArgument(new IdArguments());
        if (dialect == Dialect.SQLITE) {
            // pgjdbc keeps prepared statements itself; sqlite-jdbc compiles each one anew.
            StatementCache statements = new StatementCache();
            writer.setStatementBuilderFactory(statements);
            reader.setStatementBuilderFactory(statements);
        }
        this.listener = listener;
        this.checkpointer = dialect == Dialect.SQLITE ? new WalCheckpointer(reader, CHECKPOINT_INTERVAL_MS) : null;
        this.groupCommit = new GroupCommitWriter(writer, dialect, listener, appendMode);
        this.streamListener =
                dialect == Dialect.POSTGRESQL ? new PgStreamListener(pools.writer(), listener, commands) : null;
    }

    /** Opens (and migrates) the database at {@code jdbcUrl}, storing sent events the fastest way. */
    public static JdbiStore open(String jdbcUrl, int maxConnections, CommitListener listener) {
        return open(jdbcUrl, maxConnections, listener, AppendMode.FASTEST);
    }

    /** Opens (and migrates) the database at {@code jdbcUrl}, storing sent events by {@code appendMode}. */
    public static JdbiStore open(String jdbcUrl, int maxConnections, CommitListener listener, AppendMode appendMode) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        Pools pools = Pools.open(jdbcUrl, dialect, maxConnections);
        try {
            Flyway.configure()
                    .dataSource(pools.migrations())
                    .locations(dialect.migrationLocations())
                    .load()
                    .migrate();
            return new JdbiStore(pools, dialect, listener, appendMode);
        } catch (RuntimeException e) {
            pools.close();
            throw e;
        }
    }

    /**
     * Where this node hears that Voice API commands wait in {@code call_commands}: told the name of the
     * node they are for (null: any, after the listening connection was down). PostgreSQL only; SQLite
     * serves one node, whose calls are all its own.
     */
    public void onCommands(java.util.function.Consumer<String> consumer) {
        commands.set(consumer);
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T write(Work<T> work) {
        return groupCommit.write(work);
    }

    @Override
    public <T> T read(Work<T> work) {
        return reader.inTransaction(handle -> work.run(new JdbiTx(handle, dialect, null)));
    }

    /**
     * Commits of other nodes this node was told of by PostgreSQL's NOTIFY (always 0 on SQLite, where
     * one node is alone with its file).
     */
    public long otherNodesCommitsHeard() {
        return streamListener == null ? 0 : streamListener.heard();
    }

    @Override
    public void close() {
        if (streamListener != null) {
            streamListener.close();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        groupCommit.close();
        pools.close();
    }
}
