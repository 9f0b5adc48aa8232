package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Event;
import dev.parley.store.ConversationStore;
import dev.parley.store.EventStore;
import dev.parley.store.Store;

/** Appends an event to a conversation's log inside the caller's transaction. */
final class EventWriter {
    private EventWriter() {}

    /**
     * Takes the conversation's next id (gapless, in this transaction), stores the event and records
     * the webhook deliveries it owes, all in the caller's transaction.
     */
    static Event append(
            Store.Tx tx, String conversationId, String type, String fromMemberId, JsonNode body, long nowMs) {
        ConversationStore.NextEvent next = tx.conversations().nextEvent(conversationId);
        long id = next.id();
        String bodyJson = body == null ? "{}" : Json.write(body);
        Event event = tx.events()
                .append(
                        new EventStore.NewEvent(
                                conversationId, type, fromMemberId, bodyJson == null ? "null" : bodyJson, nowMs),
                        id);
        WebhookOutbox.enqueue(tx, event, next.targets(), nowMs);
        return event;
    }
}
