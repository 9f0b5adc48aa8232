package dev.parley.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A conversation callback's {@code event_mask}: which event types it receives. A comma- or
 * space-separated list of types; an entry ending in {@code *} or naming a category without a colon
 * ({@code member}) matches every type in it ({@code member:joined}, {@code member:left} …). An empty
 * or missing mask matches everything.
 */
public final class EventMask {
    private final Set<String> exact;
    private final List<String> prefixes;

    private EventMask(Set<String> exact, List<String> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /** The type prefix an entry stands for, or null for an exact type. */
    private static String prefixOf(String entry) {
        if (entry.endsWith("*")) {
            return entry.substring(0, entry.length() - 1);
        }
        return entry.contains(":") ? null : entry + ":";
    }

    public static EventMask parse(String mask) {
        List<String> entries = mask == null
                ? List.of()
                : List.of(mask.toLowerCase(Locale.ROOT).split("[,\\s]+")).stream()
                        .filter(e -> !e.isEmpty())
                        .toList();
        Set<String> exact = entries.stream().filter(e -> prefixOf(e) == null).collect(Collectors.toUnmodifiableSet());
        // A category also matches an event named just that (e.g. "message" and "message:seen").
        Set<String> categories = entries.stream()
                .filter(e -> !e.endsWith("*") && !e.contains(":"))
                .collect(Collectors.toSet());
        exact = java.util.stream.Stream.concat(exact.stream(), categories.stream())
                .collect(Collectors.toUnmodifiableSet());
        List<String> prefixes = entries.stream()
                .map(EventMask::prefixOf)
                .filter(java.util.Objects::nonNull)
                .toList();
        return new EventMask(exact, prefixes);
    }

    public boolean matches(String type) {
        if (exact.isEmpty() && prefixes.isEmpty()) {
            return true;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (exact.contains(t)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (t.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
