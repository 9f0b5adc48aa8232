package dev.parley.domain;

/**
 * A conversation. {@code sequenceNumber} is the id of its last event; event ids are 1, 2, 3 ... with
 * no gaps. JSON-valued fields are kept as the client sent them. {@code creatorUserId} is the user who
 * created it with a user token (null for admin tokens).
 */
public record Conversation(
        ConversationId id,
        String applicationId,
        String name,
        String displayName,
        String imageUrl,
        String state,
        long sequenceNumber,
        String propertiesJson,
        String numbersJson,
        String callbackJson,
        long createdMs,
        Long updatedMs,
        UserId creatorUserId) {}
