package dev.parley.domain;

import java.util.Set;

/**
 * Which events a listing returns: an id range (either end open), exact types and type prefixes (empty:
 * all), whether deleted events are left out, and whose eyes it is for: with a {@code viewer}, the
 * {@link EventTypes#SENDER_ONLY} events of other users' members are left out (null: the application's,
 * which sees everything).
 */
public record EventFilter(
        Long startId, Long endId, Set<String> types, Set<String> typePrefixes, boolean excludeDeleted, UserId viewer) {
    public EventFilter(Long startId, Long endId, Set<String> types, Set<String> typePrefixes, boolean excludeDeleted) {
        this(startId, endId, types, typePrefixes, excludeDeleted, null);
    }

    public EventFilter(Long startId, Long endId, Set<String> types, boolean excludeDeleted) {
        this(startId, endId, types, Set.of(), excludeDeleted, null);
    }

    /** This filter, for the eyes of {@code user} (null: the application's). */
    public EventFilter seenBy(UserId user) {
        return new EventFilter(startId, endId, types, typePrefixes, excludeDeleted, user);
    }
}
