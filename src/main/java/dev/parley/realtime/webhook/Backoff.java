package dev.parley.realtime.webhook;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after attempt n the next waits between half and all of
 * min × 2^(n-1), capped at max, so many deliveries failing together do not retry together.
 */
final class Backoff {
    private final long minMs;
    private final long maxMs;

    Backoff(long minMs, long maxMs) {
        this.minMs = Math.max(1, minMs);
        this.maxMs = Math.max(this.minMs, maxMs);
    }

    long delayMs(int attempts) {
        long full = minMs;
        for (int i = 1; i < attempts && full < maxMs; i++) {
            full *= 2;
        }
        full = Math.min(full, maxMs);
        long half = full / 2;
        return half + ThreadLocalRandom.current().nextLong(full - half + 1);
    }
}
