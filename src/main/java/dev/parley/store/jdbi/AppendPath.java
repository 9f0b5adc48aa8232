package dev.parley.store.jdbi;

import dev.parley.store.EventStore;
import java.util.Optional;

/**
 * The seam behind {@link EventStore#appendFromJoined}: how a sent event is checked (the conversation
 * is the application's, the sender may send: {@link JoinedSenderQuery}) and stored with the
 * conversation's next id. Every path gives the same result for the same database state; {@link
 * StepByStepAppend} is the plain reference the others are tested against.
 */
sealed interface AppendPath permits CachedAppend, OneStatementAppend, StepByStepAppend {
    /** The stored event and its webhook targets; empty, with nothing written, when a check fails. */
    Optional<EventStore.Appended> append(Sending sending);

    /**
     * The path for one write transaction. {@code sql} must run no hook (these paths write the cache's
     * events themselves); {@code cache} is null outside the SQLite writer's optimistic batch.
     */
    static AppendPath choose(Sql sql, AppendCache cache, AppendMode mode) {
        if (mode == AppendMode.STEP_BY_STEP) {
            return new StepByStepAppend(sql);
        }
        if (cache != null) {
            return new CachedAppend(sql, cache);
        }
        return sql.dialect.modifiesInWith() ? new OneStatementAppend(sql) : new StepByStepAppend(sql);
    }
}
