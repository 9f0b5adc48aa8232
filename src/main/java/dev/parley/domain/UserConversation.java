package dev.parley.domain;

/** A conversation as one of its users sees it: with that user's member id and state. */
public record UserConversation(Conversation conversation, MemberId memberId, MemberState memberState) {}
