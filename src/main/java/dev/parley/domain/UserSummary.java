package dev.parley.domain;

/** The user fields embedded in members and events. */
public record UserSummary(UserId id, String name, String displayName, String imageUrl, String propertiesJson) {}
