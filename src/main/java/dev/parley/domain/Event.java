package dev.parley.domain;

/**
 * A stored conversation event. {@code id} is its number within the conversation; {@code position} is
 * its place in the global stream that realtime delivery and webhooks resume from. {@code fromUser} is
 * the sending member's user, when there is a sender; {@code toMemberId} the member the sender
 * addressed it to, when it named one (v0.1's {@code to}).
 */
public record Event(
        ConversationId conversationId,
        long id,
        long position,
        String type,
        MemberId fromMemberId,
        UserSummary fromUser,
        String bodyJson,
        long createdMs,
        Long deletedMs,
        MemberId toMemberId) {
    /** An event addressed to no member in particular. */
    public Event(
            ConversationId conversationId,
            long id,
            long position,
            String type,
            MemberId fromMemberId,
            UserSummary fromUser,
            String bodyJson,
            long createdMs,
            Long deletedMs) {
        this(conversationId, id, position, type, fromMemberId, fromUser, bodyJson, createdMs, deletedMs, null);
    }
}
