package dev.parley.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How webhooks are sent: timeouts per attempt, how long a delivery is retried, the backoff between
 * attempts, and how many requests may be in flight to one destination URL at once.
 */
public record WebhookSettings(
        Duration connectTimeout,
        Duration readTimeout,
        Duration retryFor,
        Duration backoffMin,
        Duration backoffMax,
        int perDestination) {

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        check(problems, "webhook-connect-timeout", connectTimeout);
        check(problems, "webhook-read-timeout", readTimeout);
        check(problems, "webhook-retry-for", retryFor);
        check(problems, "webhook-backoff-min", backoffMin);
        check(problems, "webhook-backoff-max", backoffMax);
        if (backoffMin != null && backoffMax != null && backoffMax.compareTo(backoffMin) < 0) {
            problems.add("webhook-backoff-max must not be below webhook-backoff-min");
        }
        if (perDestination < 1) {
            problems.add("webhook-concurrency must be at least 1 (got " + perDestination + ")");
        }
        return problems;
    }

    private static void check(List<String> problems, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(name + " must be a positive duration such as 500ms, 5s, 10m or 24h (got " + value + ")");
        }
    }

    /** How long a claimed lane is ours: long enough for one attempt, with margin. */
    public Duration lease() {
        return connectTimeout.plus(readTimeout).multipliedBy(2).plusSeconds(2);
    }
}
