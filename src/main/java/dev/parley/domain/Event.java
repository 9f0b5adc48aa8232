package dev.parley.domain;

/**
 * A stored conversation event. {@code id} is its number within the conversation; {@code position} is
 * its place in the global stream that realtime delivery and webhooks resume from. {@code fromUser} is
 * the sending member's user, when there is a sender.
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
        Long deletedMs) {}
