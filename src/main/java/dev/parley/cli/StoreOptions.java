package dev.parley.cli;

import dev.parley.config.ServerConfig;
import dev.parley.store.CommitListener;
import dev.parley.store.jdbi.JdbiStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data is: shared by every command that opens the store. */
final class StoreOptions {
    @Option(
            names = "--data-dir",
            defaultValue = "./data",
            description = "Directory for the SQLite database and keys (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of the database (default: SQLite at <data-dir>/parley.db).")
    String dbUrl;

    @Option(
            names = "--db-pool-size",
            defaultValue = "16",
            description = "Most database connections (default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(
            names = "--files-dir",
            description = "Directory for recordings (default: <data-dir>/files; share it between nodes).")
    Path filesDir;

    ServerConfig.StoreConfig config() {
        return new ServerConfig.StoreConfig(dataDir, dbUrl, poolSize, filesDir);
    }

    /** Opens (and migrates) the store for a one-off command; the caller closes it. */
    JdbiStore open() throws java.io.IOException {
        java.nio.file.Files.createDirectories(dataDir);
        return JdbiStore.open(config().jdbcUrl(), 2, CommitListener.NONE);
    }
}
