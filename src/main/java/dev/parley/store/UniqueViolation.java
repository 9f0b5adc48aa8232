package dev.parley.store;

/** An insert or update hit a unique index (a duplicate name, a second active member ...). */
public final class UniqueViolation extends RuntimeException {
    public UniqueViolation(Throwable cause) {
        super("unique constraint violated", cause);
    }
}
