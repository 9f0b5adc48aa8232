package dev.parley.domain;

import java.util.Optional;

/** A member's id: {@code MEM-} and a UUID. Always canonical (a lower-case UUID), checked when made. */
public record MemberId(String value) implements ResourceId {
    public MemberId {
        value = Ids.MEMBER.require(value);
    }

    public static MemberId next() {
        return new MemberId(Ids.MEMBER.next());
    }

    /** The id a client sent, in any letter case; empty when it is not this kind of id. */
    public static Optional<MemberId> parse(String text) {
        return Ids.MEMBER.matches(text) ? Optional.of(new MemberId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
