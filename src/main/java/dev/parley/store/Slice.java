package dev.parley.store;

import dev.parley.domain.Key;

/**
 * One keyset read of a listing: direction, the exclusive key to start after (null for the start),
 * and how many rows at most. Lists never use OFFSET.
 */
public record Slice(boolean ascending, Key after, int limit) {}
