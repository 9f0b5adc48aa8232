package dev.parley.domain;

/**
 * What {@code GET /v1/calls} and {@code /v0.1/legs} filter on; null fields do not filter. {@code
 * fromMs} inclusive, {@code toMs} exclusive.
 */
public record LegFilter(LegStatus status, Long fromMs, Long toMs, ConversationId conversationId) {}
