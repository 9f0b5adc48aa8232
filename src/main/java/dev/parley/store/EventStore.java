package dev.parley.store;

import dev.parley.domain.Event;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface EventStore {
    /**
     * Stores an event with the given conversation event id, taking the next global stream position.
     * Returns the stored event.
     */
    Event append(NewEvent event, long id);

    Optional<Event> find(String conversationId, long id);

    void markDeleted(String conversationId, long id, long atMs);

    List<Event> list(String conversationId, Filter filter, Slice slice);

    Optional<Long> findByTransaction(String conversationId, String principal, String transactionId);

    void rememberTransaction(String conversationId, String principal, String transactionId, long eventId, long atMs);

    /** What a caller supplies to store an event; the store assigns id and position. */
    record NewEvent(String conversationId, String type, String fromMemberId, String bodyJson, long createdMs) {}

    /** Event list filters; null or empty means "no restriction". */
    record Filter(Long startId, Long endId, Set<String> types, boolean excludeDeleted) {}
}
