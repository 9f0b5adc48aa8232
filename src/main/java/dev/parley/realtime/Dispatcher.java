package dev.parley.realtime;

import dev.parley.domain.Event;
import dev.parley.domain.UserId;
import dev.parley.service.Notifier;
import dev.parley.store.Store;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes stored events to live subscribers. Woken with a stream position after each commit, it reads
 * the events after the last position it routed from the store (so a missed wake-up loses nothing, and
 * a periodic check heals it) and hands each to the subscribers of the conversation's members.
 * Ephemeral events, never stored, are routed at once to the joined members. Thread-safe.
 */
public final class Dispatcher implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 512;
    private static final long IDLE_CHECK_MS = 1000;

    private final Store store;
    private final Memberships memberships;
    private final Subscribers subscribers = new Subscribers();
    private final AtomicLong committed = new AtomicLong();
    /** Guards routing against attach: a subscriber attached at position p gets every event after p. */
    private final ReentrantLock routing = new ReentrantLock();

    private final ReentrantLock wake = new ReentrantLock();
    private final Condition work = wake.newCondition();
    private volatile long routed;
    private volatile boolean running = true;
    private final Thread thread;

    public Dispatcher(Store store) {
        this.store = store;
        this.memberships = new Memberships(store);
        this.routed = store.read(tx -> tx.events().latestPosition());
        this.committed.set(routed);
        this.thread = Thread.ofPlatform().name("parley-dispatcher").daemon().start(this::loop);
    }

    /** The position up to which every stored event has been routed. */
    public long routedPosition() {
        return routed;
    }

    /**
     * Adds a subscriber and returns the position from which it receives live events: every event
     * after it is pushed to the subscriber, none at or before it.
     */
    public long attach(Subscriber subscriber) {
        routing.lock();
        try {
            subscribers.add(subscriber);
            return routed;
        } finally {
            routing.unlock();
        }
    }

    /**
     * Removes a subscriber and returns the position up to which events were routed to it: nothing
     * after it was.
     */
    public long detach(Subscriber subscriber) {
        routing.lock();
        try {
            subscribers.remove(subscriber);
            return routed;
        } finally {
            routing.unlock();
        }
    }

    @Override
    public void committed(long position) {
        committed.accumulateAndGet(position, Math::max);
        wake.lock();
        try {
            work.signal();
        } finally {
            wake.unlock();
        }
    }

    @Override
    public void ephemeral(Event event) {
        List<UserId> joined = store.read(tx -> tx.members().joinedUserIds(event.conversationId()));
        PushFrame frame = PushFrame.of(event);
        for (UserId userId : joined) {
            subscribers.forUser(userId, s -> s.push(frame, 0));
        }
    }

    private void loop() {
        while (running) {
            try {
                awaitWork();
                routeAvailable();
            } catch (RuntimeException e) {
                LOG.warn("routing failed; retrying", e);
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        wake.lock();
        try {
            if (committed.get() <= routed) {
                // Also wakes periodically, so writes this node was not told about are still routed.
                work.await(IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
            }
        } finally {
            wake.unlock();
        }
    }

    private void routeAvailable() {
        while (running) {
            if (skippedWhileNobodyListens()) {
                return;
            }
            long from = routed;
            List<Event> batch = store.read(tx -> tx.events().afterPosition(from, BATCH));
            if (batch.isEmpty()) {
                return;
            }
            routing.lock();
            try {
                for (Event event : batch) {
                    route(event);
                    routed = event.position();
                }
            } finally {
                routing.unlock();
            }
        }
    }

    /**
     * With no subscriber on this node there is nobody to route to: moves past what is known to be
     * committed without reading it (an API-only node, or one between client connections, then costs
     * no read per commit). A subscriber attaching later gets the skipped events from the store on
     * resume, exactly as if they had been routed to nobody. The membership cache may have missed
     * member events meanwhile, so it is dropped.
     */
    private boolean skippedWhileNobodyListens() {
        routing.lock();
        try {
            if (!subscribers.isEmpty()) {
                return false;
            }
            long known = committed.get();
            if (known > routed) {
                routed = known;
                memberships.clear();
            }
            return true;
        } finally {
            routing.unlock();
        }
    }

    private void route(Event event) {
        Set<UserId> users = memberships.recipients(event);
        PushFrame frame = null;
        for (UserId userId : users) {
            if (subscribers.hasUser(userId)) {
                if (frame == null) {
                    frame = PushFrame.of(event);
                }
                PushFrame shared = frame;
                subscribers.forUser(userId, s -> s.push(shared, event.position()));
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** Live subscribers by user id. */
    private static final class Subscribers {
        private final ConcurrentHashMap<UserId, Set<Subscriber>> byUser = new ConcurrentHashMap<>();

        void add(Subscriber s) {
            byUser.computeIfAbsent(s.userId(), id -> ConcurrentHashMap.newKeySet())
                    .add(s);
        }

        void remove(Subscriber s) {
            if (s.userId() == null) {
                return; // never logged in, so never added
            }
            byUser.computeIfPresent(s.userId(), (id, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }

        boolean hasUser(UserId userId) {
            return byUser.containsKey(userId);
        }

        boolean isEmpty() {
            return byUser.isEmpty();
        }

        void forUser(UserId userId, java.util.function.Consumer<Subscriber> action) {
            Set<Subscriber> set = byUser.get(userId);
            if (set != null) {
                set.forEach(action);
            }
        }
    }
}
