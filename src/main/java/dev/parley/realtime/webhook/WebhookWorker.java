package dev.parley.realtime.webhook;

import dev.parley.config.WebhookSettings;
import dev.parley.domain.Clock;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.outbound.OutboundGate;
import dev.parley.outbound.OutboundRefused;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.WebhookStore.Delivery;
import dev.parley.wire.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the webhook outbox. Woken after commits that stored events (and by its own schedule for
 * retries), it claims lanes whose head is due, at most {@code perDestination} lanes per URL at once,
 * so a slow or dead destination holds only its own slots. Each claimed lane is sent in order on a
 * virtual thread until it is done or an attempt fails; a failure schedules that delivery's retry
 * (exponential backoff with jitter) and the lane waits for it. Outcomes are recorded through the
 * {@link OutboxRecorder} in order. At least once: a delivery whose outcome was not recorded (crash,
 * kill -9) is sent again after its lease. Thread-safe.
 */
public final class WebhookWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int MAX_URLS_PER_ROUND = 1000;
    /** Deliveries taken per lane claim: sent back to back, one lease. */
    private static final int PER_LANE = 64;

    private static final long IDLE_CHECK_MS = 1000;

    private final Store store;
    private final Clock clock;
    private final WebhookSettings settings;
    private final Backoff backoff;
    private final HttpClient http;
    private final OutboxRecorder recorder;
    private final ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong earliestRetryMs = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    private final ReentrantLock wake = new ReentrantLock();
    private final Condition work = wake.newCondition();
    private boolean woken;
    private volatile boolean running = true;
    private final Thread thread;
    private final OutboundGate gate;
    private final String node;

    /** The worker of node {@code node} (the name its leases carry). */
    public WebhookWorker(Store store, Clock clock, WebhookSettings settings, OutboundGate gate, String node) {
        this.gate = gate;
        this.node = node;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.backoff = new Backoff(
                settings.backoffMin().toMillis(), settings.backoffMax().toMillis());
        // Redirects are not followed: a webhook's answer is its status, and a 3xx is a failed attempt.
        this.http = gate.httpClient("webhooks", settings.connectTimeout(), settings.perDestination(), false);
        this.recorder = new OutboxRecorder(store, this::wakeUp);
        this.thread = Thread.ofPlatform().name("parley-webhooks").daemon().start(this::loop);
    }

    /** Something was committed (or a lane moved on): look for due deliveries now. */
    public void wakeUp() {
        wake.lock();
        try {
            woken = true;
            work.signal();
        } finally {
            wake.unlock();
        }
    }

    public long deliveredCount() {
        return delivered.get();
    }

    public long failedAttemptCount() {
        return failedAttempts.get();
    }

    private void loop() {
        while (running) {
            try {
                awaitWork();
                claimAndSend();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook round failed; retrying", e);
                pause();
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        wake.lock();
        try {
            if (!woken) {
                long untilRetry = earliestRetryMs.get() - clock.nowMs();
                long waitMs = Math.max(1, Math.min(IDLE_CHECK_MS, untilRetry));
                work.await(waitMs, TimeUnit.MILLISECONDS);
            }
            woken = false;
        } finally {
            wake.unlock();
        }
    }

    private void claimAndSend() {
        long now = clock.nowMs();
        if (earliestRetryMs.get() <= now) {
            earliestRetryMs.set(Long.MAX_VALUE);
        }
        List<String> urls = store.read(tx -> tx.webhooks().dueUrls(now, MAX_URLS_PER_ROUND));
        if (urls.isEmpty()) {
            return;
        }
        long leaseUntil = now + settings.lease().toMillis();
        List<List<Delivery>> claimed = store.write(tx -> {
            List<List<Delivery>> all = new ArrayList<>();
            for (String url : urls) {
                int free = settings.perDestination() - slots(url).get();
                if (free > 0) {
                    all.addAll(tx.webhooks().claimLanes(url, now, leaseUntil, node, free, PER_LANE));
                }
            }
            return all;
        });
        for (List<Delivery> lane : claimed) {
            String url = lane.get(0).url();
            slots(url).incrementAndGet();
            lanes.execute(() -> {
                try {
                    sendLane(lane, leaseUntil);
                } catch (RuntimeException e) {
                    // Give the lane back at once rather than when its lease runs out.
                    LOG.warn("webhook lane to {} failed; it will be retried", url, e);
                    recorder.release(lane.stream().map(Delivery::id).toList());
                } finally {
                    slots(url).decrementAndGet();
                    wakeUp();
                }
            });
        }
    }

    private AtomicInteger slots(String url) {
        return inFlight.computeIfAbsent(url, u -> new AtomicInteger());
    }

    /** Sends a lane's deliveries in order; stops at the first failure or when the lease runs short. */
    private void sendLane(List<Delivery> lane, long leaseUntil) {
        LaneData data = store.read(tx -> read(tx, lane));
        long attemptBudgetMs =
                settings.connectTimeout().plus(settings.readTimeout()).toMillis();
        for (int i = 0; i < lane.size(); i++) {
            if (!running || clock.nowMs() + attemptBudgetMs > leaseUntil) {
                recorder.release(
                        lane.subList(i, lane.size()).stream().map(Delivery::id).toList());
                return;
            }
            Delivery delivery = lane.get(i);
            if (!attempt(delivery, data.events().get(delivery.eventId()), data.secret())) {
                recorder.release(lane.subList(i + 1, lane.size()).stream()
                        .map(Delivery::id)
                        .toList());
                return;
            }
        }
    }

    /** The lane's events (one range read when they lie close together) and its application's secret. */
    private static LaneData read(Store.Tx tx, List<Delivery> lane) {
        Delivery first = lane.get(0);
        String secret = tx.applications().signatureSecret(first.applicationId()).orElse(null);
        if (first.payloadJson() != null) {
            return new LaneData(Map.of(), secret); // a call's lane: its deliveries carry their bodies
        }
        long from = first.eventId();
        long to = lane.get(lane.size() - 1).eventId();
        Map<Long, Event> events = new HashMap<>();
        if (to - from < 4L * lane.size()) {
            tx.events()
                    .list(
                            new ConversationId(first.conversationId()),
                            new EventFilter(from, to, Set.of(), false),
                            new Slice(true, null, (int) (to - from + 1)))
                    .forEach(e -> events.put(e.id(), e));
        } else {
            for (Delivery d : lane) {
                tx.events()
                        .find(new ConversationId(d.conversationId()), d.eventId())
                        .ifPresent(e -> events.put(e.id(), e));
            }
        }
        return new LaneData(events, secret);
    }

    private record LaneData(Map<Long, Event> events, String secret) {}

    /**
     * One attempt; records its outcome. True when delivered (or nothing is left to deliver: the
     * event went with its deleted conversation).
     */
    private boolean attempt(Delivery delivery, Event event, String secret) {
        long now = clock.nowMs();
        int attempt = delivery.attempts() + 1;
        if (event == null && delivery.payloadJson() == null) {
            recorder.delivered(delivery.id());
            return true;
        }
        String error;
        try {
            WebhookRequest.Prepared prepared = delivery.payloadJson() != null
                    ? WebhookRequest.build(
                            delivery,
                            (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(delivery.payloadJson()),
                            secret,
                            attempt,
                            now)
                    : WebhookRequest.build(delivery, event, secret, attempt, now);
            Request request = http.newRequest(gate.target(prepared.uri()))
                    .method(prepared.method())
                    .timeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> prepared.headers().forEach(h::put));
            if (prepared.body() != null) {
                request.body(new BytesRequestContent(prepared.headers().get("Content-Type"), prepared.body()));
            }
            ContentResponse response = request.send();
            if (response.getStatus() / 100 == 2) {
                delivered.incrementAndGet();
                recorder.delivered(delivery.id());
                return true;
            }
            error = "HTTP " + response.getStatus();
        } catch (TimeoutException e) {
            error = "timeout after " + settings.readTimeout().toMillis() + " ms";
        } catch (ExecutionException | OutboundRefused e) {
            var refused = OutboundRefused.in(e);
            if (refused.isPresent()) {
                // Where it points will not change by waiting: dead-lettered at once, with the reason.
                failedAttempts.incrementAndGet();
                recorder.failed(delivery.id(), attempt, refused.get().getMessage());
                return false;
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } catch (IllegalArgumentException e) {
            error = "bad URL: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recorder.release(List.of(delivery.id()));
            return false;
        }
        failedAttempts.incrementAndGet();
        long after = clock.nowMs();
        if (after - delivery.createdMs() >= settings.retryFor().toMillis()) {
            LOG.warn(
                    "webhook {} to {} failed for good after {} attempts: {}",
                    delivery.id(),
                    delivery.url(),
                    attempt,
                    error);
            recorder.failed(delivery.id(), attempt, error);
        } else {
            long next = after + backoff.delayMs(attempt);
            earliestRetryMs.accumulateAndGet(next, Math::min);
            recorder.retryLater(delivery.id(), attempt, next, error);
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        lanes.shutdown();
        try {
            lanes.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.close();
        try {
            http.stop();
        } catch (Exception e) {
            LOG.debug("webhook HTTP client did not stop cleanly", e);
        }
    }
}
