package dev.parley.api.http;

import dev.parley.auth.Principal;
import dev.parley.config.RateLimits;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The limits of {@link RateLimits} on this node: token buckets per user and (when set) per application
 * (Bucket4j), then the {@link FairShare} of requests in progress. Counts on this node only: with several
 * nodes behind a balancer, each allows the configured rates. Buckets that have refilled completely are
 * forgotten by {@link #forgetIdle()} (a full bucket and a new one are the same), so memory follows the
 * callers active in the last moments, not all callers ever. Thread-safe.
 */
public final class RateLimiter {
    private final RateLimits limits;
    private final ConcurrentMap<String, Bucket> applications = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> users = new ConcurrentHashMap<>();

    private final FairShare fairShare;
    private final Counter refusedByUser;
    private final Counter refusedByApplication;
    private final Counter refusedByFairShare;

    public RateLimiter(RateLimits limits, MeterRegistry metrics) {
        this.limits = limits;
        this.fairShare =
                limits.fairShareSlots() > 0 ? new FairShare(limits.fairShareSlots(), limits.fairShareQueue()) : null;
        this.refusedByUser = refusals(metrics, "user");
        this.refusedByApplication = refusals(metrics, "application");
        this.refusedByFairShare = refusals(metrics, "fair_share");
        if (fairShare != null) {
            Gauge.builder("parley.requests.in.progress", fairShare, FairShare::inProgress)
                    .description("Authenticated requests in progress on this node (fair share slots taken)")
                    .register(metrics);
            Gauge.builder("parley.requests.waiting", fairShare, FairShare::waiting)
                    .description("Authenticated requests waiting for a fair share slot")
                    .register(metrics);
        }
    }

    private static Counter refusals(MeterRegistry metrics, String limit) {
        return Counter.builder("parley.requests.refused")
                .description("Requests answered 429, by the limit that refused them")
                .tag("limit", limit)
                .register(metrics);
    }

    /**
     * Takes one request from the caller's buckets and a fair share slot (waiting for one while the node is
     * busy), or throws a 429 saying when to retry. Returns true when a slot was taken: {@link #leave} must
     * follow when the request ends.
     */
    public boolean admit(Principal principal) {
        if (limits.userPerSecond() > 0 && principal instanceof Principal.UserToken token) {
            take(
                    users,
                    token.applicationId() + " " + token.userName(),
                    limits.userPerSecond(),
                    limits.userBurst(),
                    refusedByUser);
        }
        if (limits.applicationPerSecond() > 0) {
            take(
                    applications,
                    principal.applicationId(),
                    limits.applicationPerSecond(),
                    limits.applicationBurst(),
                    refusedByApplication);
        }
        if (fairShare == null) {
            return false;
        }
        if (!fairShare.enter(principal.applicationId())) {
            refusedByFairShare.increment();
            // The tenant's queue drains as its own requests in progress finish.
            throw new TooManyRequests(1);
        }
        return true;
    }

    /** Counts a request {@link #admit} counted in out again. */
    public void leave(Principal principal) {
        fairShare.leave(principal.applicationId());
    }

    private static void take(
            ConcurrentMap<String, Bucket> buckets, String key, double perSecond, long burst, Counter refused) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> bucket(perSecond, burst));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refused.increment();
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
    public void forgetIdle() {
        applications.values().removeIf(b -> b.getAvailableTokens() >= limits.applicationBurst());
        users.values().removeIf(b -> b.getAvailableTokens() >= limits.userBurst());
    }

    /** 429 {@code http:error:too-many-request}, with the seconds to wait for {@code Retry-After}. */
    public static final class TooManyRequests extends DomainException {
        private final long retryAfterSeconds;

        TooManyRequests(long retryAfterSeconds) {
            super(
                    429,
                    ErrorCode.HTTP_TOO_MANY_REQUEST,
                    "You have exceeded your request limit. You can try again shortly.");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
