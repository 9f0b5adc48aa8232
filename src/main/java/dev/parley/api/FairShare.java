package dev.parley.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refuses only under contention, by each tenant's share of the requests in progress on this node. While at
 * most {@code contendedAbove} requests are in progress, or only one application has any, everything is
 * admitted: a lone tenant gets all the node can do. Above it, an application with more in progress than
 * {@code contendedAbove / applications in progress} is refused, so a flooding tenant holds at most its share
 * of the queue in front of everyone else's requests, and its refusals cost no store work. Counting requests
 * in progress rather than requests a second needs no rate to configure: the node's capacity is whatever it
 * is on this machine. Thread-safe.
 */
final class FairShare {
    private final int contendedAbove;
    private final AtomicInteger inProgress = new AtomicInteger();
    /** Applications with requests in progress, and how many; an application at 0 is removed. */
    private final ConcurrentMap<String, AtomicInteger> byApplication = new ConcurrentHashMap<>();

    FairShare(int contendedAbove) {
        this.contendedAbove = contendedAbove;
    }

    /** Counts a request of {@code applicationId} in, or refuses it (false, nothing counted). */
    boolean tryEnter(String applicationId) {
        int total = inProgress.incrementAndGet();
        // compute() holds the entry's lock, so an entry is never removed between its count and its use.
        int mine = byApplication
                .compute(applicationId, (id, count) -> {
                    AtomicInteger c = count == null ? new AtomicInteger() : count;
                    c.incrementAndGet();
                    return c;
                })
                .get();
        if (total > contendedAbove) {
            int applications = byApplication.size();
            if (applications > 1 && mine > Math.max(1, contendedAbove / applications)) {
                leave(applicationId);
                return false;
            }
        }
        return true;
    }

    /** Counts a request that {@link #tryEnter} admitted out again. */
    void leave(String applicationId) {
        inProgress.decrementAndGet();
        byApplication.computeIfPresent(applicationId, (id, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    /** Requests in progress on this node (the {@code parley_requests_in_progress} gauge). */
    int inProgress() {
        return inProgress.get();
    }
}
