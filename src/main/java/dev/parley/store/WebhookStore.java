package dev.parley.store;

import java.util.List;

/**
 * The webhook outbox. Deliveries are enqueued in the transaction that stores their event; a lane
 * (one URL, one conversation) releases its deliveries one at a time in event order.
 */
public interface WebhookStore {
    /** A delivery as the outbox holds it. */
    record Delivery(
            String id,
            String applicationId,
            String conversationId,
            long eventId,
            long position,
            String url,
            String method,
            String status,
            int attempts,
            long nextAttemptMs,
            long createdMs,
            String lastError,
            /** The body to send as it is (a call event); null for a conversation event's delivery. */
            String payloadJson,
            /** What orders its lane besides the URL (a call's leg id); null: its conversation. */
            String laneKey) {}

    /** Where a conversation's events go: its application's event URL and its own callback (read by the append). */
    record Targets(String applicationId, String eventUrl, String eventMethod, String callbackJson) {}

    /** Adds a delivery of an event to a URL; it is its lane's head if nothing else there is pending. */
    void enqueue(
            String id,
            String applicationId,
            String conversationId,
            long eventId,
            long position,
            String url,
            String method,
            long nowMs);

    /**
     * Adds a delivery that carries its own body ({@code payloadJson}), ordered within the lane of
     * {@code url} and {@code laneKey} (a call's leg id: its events in order) by {@code position}.
     */
    void enqueuePayload(
            String id,
            String applicationId,
            String conversationId,
            String laneKey,
            long position,
            String url,
            String method,
            String payloadJson,
            long nowMs);

    /** The URLs that have lane heads due now and unclaimed. */
    List<String> dueUrls(long nowMs, int limit);

    /**
     * Claims up to {@code lanes} lanes of {@code url} whose heads are due: each as its head and up to
     * {@code perLane - 1} following pending deliveries, in order, all leased to node {@code lessee}
     * until {@code leaseUntilMs} (nobody else claims them before then unless released).
     */
    List<List<Delivery>> claimLanes(String url, long nowMs, long leaseUntilMs, String lessee, int lanes, int perLane);

    /** Gives claimed deliveries back unattempted. */
    void release(List<String> ids);

    /** Gives back every pending delivery leased to node {@code lessee} (found dead); how many. */
    int releaseLeasesOf(String lessee);

    /** Delivered: the row goes, and the next delivery of its lane becomes the head. */
    void delivered(String id);

    /** Failed an attempt: retried at {@code nextAttemptMs}, the lane waiting for it. */
    void retryLater(String id, int attempts, long nextAttemptMs, String error);

    /** Gave up (the retry period ran out): kept as failed, and its lane moves on. */
    void failed(String id, int attempts, String error);

    /** Failed deliveries, oldest first; of one application, or all when {@code applicationId} is null. */
    List<Delivery> listFailed(String applicationId, int limit);

    /** Puts failed deliveries (all, or those named) back in their lanes for a fresh retry period. */
    int redeliver(List<String> ids, long nowMs);
}
