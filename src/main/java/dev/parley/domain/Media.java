package dev.parley.domain;

/**
 * A member's media state, as the v1 schema has it: whether an audio connection is possible
 * ({@code audio}) and its audio settings ({@code enabled}, {@code muted}, {@code earmuffed}). Each is
 * null when never given, and is then left out of what the API shows.
 */
public record Media(Boolean audio, Boolean audioEnabled, Boolean muted, Boolean earmuffed) {}
