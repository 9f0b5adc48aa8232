package dev.parley.api;

import dev.parley.auth.Principal;
import dev.parley.config.RateLimits;
import dev.parley.domain.DomainException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets per application and per user (Bucket4j), so one tenant cannot starve another. Counts
 * on this node only: with several nodes behind a balancer, each allows the configured rate. Buckets
 * that have refilled completely are forgotten by {@link #forgetIdle()} (a full bucket and a new one
 * are the same), so memory follows the callers active in the last moments, not all callers ever.
 * Thread-safe.
 */
final class RateLimiter {
    private final RateLimits limits;
    private final ConcurrentMap<String, Bucket> applications = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> users = new ConcurrentHashMap<>();

    RateLimiter(RateLimits limits) {
        this.limits = limits;
    }

    /** Takes one request from the caller's buckets, or throws a 429 saying when to retry. */
    void admit(Principal principal) {
        if (limits.userPerSecond() > 0 && principal instanceof Principal.UserToken token) {
            take(users, token.applicationId() + " " + token.userName(), limits.userPerSecond(), limits.userBurst());
        }
        if (limits.applicationPerSecond() > 0) {
            take(applications, principal.applicationId(), limits.applicationPerSecond(), limits.applicationBurst());
        }
    }

    private static void take(ConcurrentMap<String, Bucket> buckets, String key, double perSecond, long burst) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> bucket(perSecond, burst));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
            throw new TooManyRequests(seconds);
        }
    }

    private static Bucket bucket(double perSecond, long burst) {
        // Refill of `burst` tokens over the time `perSecond` needs for them: the average rate is exact
        // even for fractional rates.
        long nanos = (long) (burst / perSecond * 1e9);
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(burst)
                        .refillGreedy(burst, Duration.ofNanos(Math.max(1, nanos)))
                        .build())
                .build();
    }

    /** Drops buckets that are full again. Run now and then (the server does every minute). */
    void forgetIdle() {
        applications.values().removeIf(b -> b.getAvailableTokens() >= limits.applicationBurst());
        users.values().removeIf(b -> b.getAvailableTokens() >= limits.userBurst());
    }

    /** 429 {@code http:error:too-many-request}, with the seconds to wait for {@code Retry-After}. */
    static final class TooManyRequests extends DomainException {
        private final long retryAfterSeconds;

        TooManyRequests(long retryAfterSeconds) {
            super(
                    429,
                    "http:error:too-many-request",
                    "You have exceeded your request limit. You can try again shortly.");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
