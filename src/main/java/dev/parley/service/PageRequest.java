package dev.parley.service;

import dev.parley.domain.Key;

/**
 * Which page of a listing to read: the order, the page size, and where the page starts. {@code after}
 * continues forward past a key (a "next" cursor); {@code before} reads the page that ends just before a
 * key (a "prev" cursor). Neither means the first page.
 */
public record PageRequest(boolean ascending, int size, Key after, Key before) {
    public static PageRequest first(boolean ascending, int size) {
        return new PageRequest(ascending, size, null, null);
    }
}
