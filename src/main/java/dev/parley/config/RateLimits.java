package dev.parley.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How one node shares itself between callers.
 *
 * <ul>
 *   <li>Fair share (on by default): at most {@code fairShareSlots} requests are in progress on the node;
 *       beyond them requests wait, and each freed slot goes to the waiting application with the fewest in
 *       progress. An application with {@code fairShareQueue} requests already waiting gets 429. 0 slots
 *       turns it off.
 *   <li>Per user (client devices, user tokens): a token bucket of {@code userPerSecond} requests a second on
 *       average with bursts up to {@code userBurst}.
 *   <li>Per application (off by default): a hard quota, a token bucket of {@code applicationPerSecond} with
 *       bursts up to {@code applicationBurst}, for operators who sell a fixed rate.
 * </ul>
 *
 * A rate of 0 turns that limit off.
 */
public record RateLimits(
        double applicationPerSecond,
        long applicationBurst,
        double userPerSecond,
        long userBurst,
        int fairShareSlots,
        int fairShareQueue) {

    public static final double DEFAULT_APPLICATION_PER_SECOND = 0;
    public static final double DEFAULT_USER_PER_SECOND = 50;
    /** Requests the node works on at once before the rest wait their tenant's turn (docs/SECURITY.md). */
    public static final int DEFAULT_FAIR_SHARE_SLOTS = 256;
    /** Requests one application may have waiting for a slot. */
    public static final int DEFAULT_FAIR_SHARE_QUEUE = 1000;

    /** Limits with bursts of twice the rate (at least 1) where no burst is given (0). */
    public static RateLimits of(
            double applicationPerSecond,
            long applicationBurst,
            double userPerSecond,
            long userBurst,
            int fairShareSlots,
            int fairShareQueue) {
        return new RateLimits(
                applicationPerSecond,
                applicationBurst > 0 ? applicationBurst : defaultBurst(applicationPerSecond),
                userPerSecond,
                userBurst > 0 ? userBurst : defaultBurst(userPerSecond),
                fairShareSlots,
                fairShareQueue);
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
        if (fairShareSlots < 0) {
            problems.add("--fair-share-slots must be 0 (off) or positive");
        }
        if (fairShareSlots > 0 && fairShareQueue < 0) {
            problems.add("--fair-share-queue must be 0 or positive");
        }
        return problems;
    }
}
