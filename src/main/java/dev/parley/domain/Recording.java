package dev.parley.domain;

/**
 * A finished recording of a call or a conversation: whose it is (only its application may download
 * it), where the file store keeps it ({@code location}), and when it is deleted ({@code expiresMs}).
 * {@code legId} is null for a recording of a whole conversation. Immutable.
 */
public record Recording(
        String id,
        String applicationId,
        ConversationId conversationId,
        LegId legId,
        String contentType,
        long size,
        String location,
        int channels,
        long startMs,
        long endMs,
        long expiresMs) {}
