package dev.parley.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Request rate limits of one node, as token buckets: each application may make
 * {@code applicationPerSecond} requests a second on average with bursts up to
 * {@code applicationBurst}; each user (user tokens) {@code userPerSecond} and {@code userBurst}. A user's
 * requests count against both its own bucket and its application's. A rate of 0 turns that limit off.
 */
public record RateLimits(double applicationPerSecond, long applicationBurst, double userPerSecond, long userBurst) {

    public static final double DEFAULT_APPLICATION_PER_SECOND = 2000;
    public static final double DEFAULT_USER_PER_SECOND = 50;

    public static final RateLimits OFF = new RateLimits(0, 0, 0, 0);

    /** Limits with bursts of twice the rate (at least 1) where no burst is given (0). */
    public static RateLimits of(
            double applicationPerSecond, long applicationBurst, double userPerSecond, long userBurst) {
        return new RateLimits(
                applicationPerSecond,
                applicationBurst > 0 ? applicationBurst : defaultBurst(applicationPerSecond),
                userPerSecond,
                userBurst > 0 ? userBurst : defaultBurst(userPerSecond));
    }

    private static long defaultBurst(double perSecond) {
        return Math.max(1, (long) Math.ceil(perSecond * 2));
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (applicationPerSecond < 0 || userPerSecond < 0) {
            problems.add("rate limits must be 0 (off) or positive");
        }
        if (applicationPerSecond > 0 && applicationBurst < 1 || userPerSecond > 0 && userBurst < 1) {
            problems.add("rate limit bursts must be at least 1");
        }
        return problems;
    }
}
