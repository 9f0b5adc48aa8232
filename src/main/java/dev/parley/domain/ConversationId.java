package dev.parley.domain;

import java.util.Optional;

/** A conversation's id: {@code CON-} and a UUID. Always canonical (a lower-case UUID), checked when made. */
public record ConversationId(String value) implements ResourceId {
    public ConversationId {
        value = Ids.CONVERSATION.require(value);
    }

    public static ConversationId next() {
        return new ConversationId(Ids.CONVERSATION.next());
    }

    /** The id a client sent, in any letter case; empty when it is not this kind of id. */
    public static Optional<ConversationId> parse(String text) {
        return Ids.CONVERSATION.matches(text) ? Optional.of(new ConversationId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
