package dev.parley.cli;

import dev.parley.config.ServerConfig;
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

    ServerConfig.StoreConfig config() {
        return new ServerConfig.StoreConfig(dataDir, dbUrl, poolSize);
    }

    /** The data directory, which must exist before SQLite can create its file there. */
    Path dataDirForSqlite() {
        return dataDir;
    }
}
