package dev.parley.api.http;

import dev.parley.domain.Key;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code parley.http.requests} timer of each method, route and status, looked up by a small key
 * instead of being built and registered again on every request (Micrometer's builder sorts and
 * merges the tags and allocates an id each time). Routes, methods and statuses are few, so the map
 * stays small. Thread-safe.
 */
public final class RequestTimers {
    private record Key(String method, String route, int status) {}

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer of(String method, String route, int status) {
        return timers.computeIfAbsent(
                new Key(method, route, status),
                key -> Timer.builder("parley.http.requests")
                        .tag("method", key.method())
                        .tag("route", key.route())
                        .tag("status", Integer.toString(key.status()))
                        .register(registry));
    }
}
