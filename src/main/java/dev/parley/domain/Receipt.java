package dev.parley.domain;

/** A member's delivered/seen receipt of one event. */
public record Receipt(long eventId, MemberId memberId, String kind, long atMs) {}
