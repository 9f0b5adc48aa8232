package dev.parley.store;

import dev.parley.domain.Key;

/**
 * One keyset read of a listing: direction, the exclusive key to start after (null for the start),
 * how many rows at most, and how many to skip first. Skipping is for the v0.1 API's offset paging
 * ({@code record_index}) only: its cost grows with the offset, which {@link #MAX_SKIP} bounds.
 */
public record Slice(boolean ascending, Key after, int limit, int skip) {
    /** The largest offset the v0.1 listings accept (docs/DECISIONS.md). */
    public static final int MAX_SKIP = 100_000;

    public Slice(boolean ascending, Key after, int limit) {
        this(ascending, after, limit, 0);
    }

    /** The offset page {@code [skip, skip + limit)} from the start, in {@code ascending} order or not. */
    public static Slice offset(boolean ascending, int skip, int limit) {
        return new Slice(ascending, null, limit, skip);
    }
}
