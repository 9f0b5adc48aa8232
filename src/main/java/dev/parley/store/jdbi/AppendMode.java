package dev.parley.store.jdbi;

/**
 * Which {@link AppendPath} stores sent events. {@link #FASTEST} is what a node runs; {@link
 * #STEP_BY_STEP} is the plain reference the fast paths are checked against (the property test runs the
 * same sequences through both and compares every event, id and error).
 */
public enum AppendMode {
    /** SQLite's writer: the {@link AppendCache}; PostgreSQL: one statement. */
    FASTEST,
    /** One statement per check and write, no cache, on either database. */
    STEP_BY_STEP
}
