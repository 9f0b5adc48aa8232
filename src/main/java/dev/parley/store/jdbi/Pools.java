package dev.parley.store.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The connection pools for a database. SQLite gets one writer connection (every write waits its turn
 * there, so the file never sees lock contention) and a pool of readers that WAL lets run beside it;
 * PostgreSQL gets one pool for both.
 */
record Pools(HikariDataSource writer, HikariDataSource reader) implements AutoCloseable {

    static Pools open(String jdbcUrl, Dialect dialect, int maxConnections) {
        return switch (dialect) {
            case SQLITE -> {
                HikariConfig writerConfig = sqlite(jdbcUrl, "parley-writer", 1, "IMMEDIATE", WRITER_CACHE_KIB);
                writerConfig.addDataSourceProperty("wal_autocheckpoint", Integer.toString(CHECKPOINT_PAGES));
                writerConfig.addDataSourceProperty("journal_size_limit", Long.toString(WAL_SIZE_LIMIT_BYTES));
                HikariDataSource writer = new HikariDataSource(writerConfig);
                HikariDataSource reader = new HikariDataSource(
                        sqlite(jdbcUrl, "parley-reader", maxConnections, "DEFERRED", READER_CACHE_KIB));
                yield new Pools(writer, reader);
            }
            case POSTGRESQL -> {
                HikariConfig config = base(jdbcUrl, "parley-pg", maxConnections);
                HikariDataSource shared = new HikariDataSource(config);
                yield new Pools(shared, shared);
            }
        };
    }

    /**
     * SQLite page caches, per connection. The writer touches the index pages of every conversation
     * written in a batch; with the default 2 MB it re-read them from the OS on every batch. Readers
     * mostly read recent pages, and there are many of them. Caches fill only as pages are used.
     */
    private static final int WRITER_CACHE_KIB = 64 * 1024;

    private static final int READER_CACHE_KIB = 8 * 1024;

    /**
     * WAL pages after which the writer copies them into the database file (SQLite's default is 1,000).
     * A checkpoint copies each page once however often it was rewritten meanwhile, and appends keep
     * rewriting the same few pages (each conversation's newest index leaf, the table's tail), so a
     * longer interval makes checkpoints far cheaper per append: ~40 MB of WAL between them.
     */
    static final int CHECKPOINT_PAGES = 10_000;

    /** What a WAL file is cut back to after a checkpoint (one huge transaction would otherwise keep it big). */
    private static final long WAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;

    private static HikariConfig sqlite(String url, String name, int size, String txMode, int cacheKib) {
        HikariConfig config = base(url, name, size);
        config.addDataSourceProperty("cache_size", Integer.toString(-cacheKib));
        config.addDataSourceProperty("journal_mode", "WAL");
        // FULL: a commit is on disk before we answer 2xx, even across power loss.
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("transaction_mode", txMode);
        return config;
    }

    private static HikariConfig base(String url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setAutoCommit(true);
        return config;
    }

    DataSource migrations() {
        return writer;
    }

    @Override
    public void close() {
        writer.close();
        if (reader != writer) {
            reader.close();
        }
    }
}
