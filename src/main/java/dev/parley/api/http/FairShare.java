package dev.parley.api.http;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shares the node between applications by the requests it works on at once. Up to {@code slots} requests
 * are in progress; a request arriving while all slots are taken waits in its application's queue, and each
 * freed slot goes to the waiting application with the fewest requests in progress (the longest-waiting
 * request breaks ties). A lone tenant therefore gets every slot, and one that floods the node queues behind
 * its own requests while another tenant's go first. Waiting rather than refusing matters: a refused flooder
 * that retries at once turns the node's CPU into 429s (measured: docs/BENCHMARKS.md). A request is refused
 * (false) only when its application already has {@code maxQueued} requests waiting. Thread-safe; blocking
 * is cheap on the virtual threads requests run on.
 */
public final class FairShare {
    private final int slots;
    private final int maxQueued;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Tenant> tenants = new HashMap<>();
    private int inProgress;
    private int waiting;
    private long arrivals;

    public FairShare(int slots, int maxQueued) {
        this.slots = slots;
        this.maxQueued = maxQueued;
    }

    /** An application with requests in progress or waiting; forgotten when it has neither. */
    private static final class Tenant {
        int inProgress;
        final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    }

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long arrival;
        volatile boolean admitted;

        Waiter(long arrival) {
            this.arrival = arrival;
        }
    }

    /**
     * Takes a slot for a request of {@code applicationId}, waiting for one if all are taken. Returns false
     * (nothing taken) when the application's queue is full; true means {@link #leave} must follow.
     */
    public boolean enter(String applicationId) {
        Tenant tenant;
        Waiter waiter;
        lock.lock();
        try {
            tenant = tenants.computeIfAbsent(applicationId, id -> new Tenant());
            if (inProgress < slots) {
                // Free slots imply nobody waits: every leave hands its slot to a waiter first.
                tenant.inProgress++;
                inProgress++;
                return true;
            }
            if (tenant.queue.size() >= maxQueued) {
                forgetIfIdle(applicationId, tenant);
                return false;
            }
            waiter = new Waiter(arrivals++);
            tenant.queue.add(waiter);
            waiting++;
        } finally {
            lock.unlock();
        }
        // No timed park: a timeout would register a timer per waiting request. Every waiter is reached,
        // because each freed slot goes to a waiter and a tenant's in-progress count falls as its requests end.
        while (!waiter.admitted) {
            LockSupport.park(this);
        }
        return true;
    }

    /** Gives back the slot {@link #enter} took, to the waiting application with the fewest in progress. */
    public void leave(String applicationId) {
        lock.lock();
        try {
            Tenant tenant = tenants.get(applicationId);
            tenant.inProgress--;
            inProgress--;
            while (inProgress < slots && waiting > 0) {
                admitNext();
            }
            forgetIfIdle(applicationId, tenant);
        } finally {
            lock.unlock();
        }
    }

    private void admitNext() {
        Tenant next = null;
        for (Tenant t : tenants.values()) {
            if (t.queue.isEmpty()) {
                continue;
            }
            if (next == null
                    || t.inProgress < next.inProgress
                    || t.inProgress == next.inProgress && t.queue.peek().arrival < next.queue.peek().arrival) {
                next = t;
            }
        }
        Waiter waiter = next.queue.poll();
        waiting--;
        next.inProgress++;
        inProgress++;
        waiter.admitted = true;
        LockSupport.unpark(waiter.thread);
    }

    private void forgetIfIdle(String applicationId, Tenant tenant) {
        if (tenant.inProgress == 0 && tenant.queue.isEmpty()) {
            tenants.remove(applicationId);
        }
    }

    /** Requests in progress (the {@code parley_requests_in_progress} gauge). */
    public int inProgress() {
        lock.lock();
        try {
            return inProgress;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a slot (the {@code parley_requests_waiting} gauge). */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
