package dev.parley.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A call leg's id: a bare UUID, as the Voice API's {@code uuid} and the Conversation API's {@code
 * leg_id} are (no prefix, unlike the other ids). Always lower case.
 */
public record LegId(String value) {
    public LegId {
        if (value == null || !Ids.isUuid(value, 0)) {
            throw new IllegalArgumentException("not a leg id: " + value);
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    public static LegId next() {
        return new LegId(UUID.randomUUID().toString());
    }

    /** The id a client sent; empty when it is not a UUID written out in full. */
    public static Optional<LegId> parse(String text) {
        return text != null && Ids.isUuid(text, 0) ? Optional.of(new LegId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
