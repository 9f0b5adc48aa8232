package dev.parley.domain;

/**
 * A typed resource id: its prefix and UUID are checked once, when it is made, so code that holds one
 * never checks again, and a conversation id cannot be passed where a member id is meant.
 */
public sealed interface ResourceId permits ConversationId, MemberId, UserId, SessionId {
    /** The wire spelling, e.g. {@code CON-2f1b...}. */
    String value();

    /** The wire spelling of {@code id}, or null for none. */
    static String valueOf(ResourceId id) {
        return id == null ? null : id.value();
    }
}
