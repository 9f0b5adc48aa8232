package dev.parley.store.jdbi;

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
    };

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    abstract boolean isUniqueViolation(SQLException e);

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
