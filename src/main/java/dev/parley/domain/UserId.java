package dev.parley.domain;

import java.util.Optional;

/** A user's id: {@code USR-} and a UUID. Always canonical (a lower-case UUID), checked when made. */
public record UserId(String value) implements ResourceId {
    public UserId {
        value = Ids.USER.require(value);
    }

    public static UserId next() {
        return new UserId(Ids.USER.next());
    }

    /** The id a client sent, in any letter case; empty when it is not this kind of id. */
    public static Optional<UserId> parse(String text) {
        return Ids.USER.matches(text) ? Optional.of(new UserId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
