package dev.parley.domain;

/**
 * A keyset position in a listing: the sort value (a time or an event id) and a tie-breaking id
 * (empty where the sort value is unique).
 */
public record Key(long sort, String id) {
    public static Key of(long sort) {
        return new Key(sort, "");
    }
}
