package dev.parley.domain;

import java.util.Set;

/**
 * Which events a listing returns: an id range (either end open), exact types and type prefixes (empty:
 * all), and whether deleted events are left out.
 */
public record EventFilter(
        Long startId, Long endId, Set<String> types, Set<String> typePrefixes, boolean excludeDeleted) {
    public EventFilter(Long startId, Long endId, Set<String> types, boolean excludeDeleted) {
        this(startId, endId, types, Set.of(), excludeDeleted);
    }
}
