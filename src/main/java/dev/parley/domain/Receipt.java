package dev.parley.domain;

/** A member's delivered/seen receipt of one event. */
public record Receipt(long eventId, String memberId, String kind, long atMs) {}
