package dev.parley.domain;

import java.util.Optional;

/** A Client SDK session's id: {@code SES-} and a UUID. Always canonical (a lower-case UUID), checked when made. */
public record SessionId(String value) implements ResourceId {
    public SessionId {
        value = Ids.SESSION.require(value);
    }

    public static SessionId next() {
        return new SessionId(Ids.SESSION.next());
    }

    /** The id a client sent, in any letter case; empty when it is not this kind of id. */
    public static Optional<SessionId> parse(String text) {
        return Ids.SESSION.matches(text) ? Optional.of(new SessionId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
