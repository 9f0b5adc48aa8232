package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.Member;
import dev.parley.store.ConversationStore;
import dev.parley.store.EventStore;
import dev.parley.store.Store;
import dev.parley.wire.Json;
import java.util.Optional;

/** Appends an event to a conversation's log inside the caller's transaction. */
final class EventWriter {
    private EventWriter() {}

    /**
     * Takes the conversation's next id (gapless, in this transaction), stores the event and records
     * the webhook deliveries it owes, all in the caller's transaction.
     */
    static Event append(
            Store.Tx tx, ConversationId conversationId, String type, Member from, JsonNode body, long nowMs) {
        return append(tx, conversationId, type, from, null, body, nowMs);
    }

    /** Like {@link #append(Store.Tx, ConversationId, String, Member, JsonNode, long)}, addressed {@code to} a member. */
    static Event append(
            Store.Tx tx,
            ConversationId conversationId,
            String type,
            Member from,
            dev.parley.domain.MemberId to,
            JsonNode body,
            long nowMs) {
        return store(tx, tx.conversations().nextEvent(conversationId), conversationId, type, from, to, body, nowMs);
    }

    /**
     * Stores a sent event only if {@code sender} is a joined member of the application's conversation
     * (checked in the same statement that takes the id); empty, with nothing written, otherwise.
     */
    static Optional<Event> appendFromJoined(
            Store.Tx tx,
            String applicationId,
            ConversationId conversationId,
            EventStore.Sender sender,
            String type,
            JsonNode body,
            long nowMs) {
        return tx.events()
                .appendFromJoined(applicationId, conversationId, sender, type, bodyJson(body), nowMs)
                .map(appended -> {
                    WebhookOutbox.enqueue(tx, appended.event(), appended.targets(), nowMs);
                    return appended.event();
                });
    }

    private static Event store(
            Store.Tx tx,
            ConversationStore.NextEvent next,
            ConversationId conversationId,
            String type,
            Member from,
            dev.parley.domain.MemberId to,
            JsonNode body,
            long nowMs) {
        Event event = tx.events()
                .append(new EventStore.NewEvent(conversationId, type, from, bodyJson(body), nowMs, to), next.id());
        WebhookOutbox.enqueue(tx, event, next.targets(), nowMs);
        return event;
    }

    private static String bodyJson(JsonNode body) {
        String json = body == null ? "{}" : Json.write(body);
        return json == null ? "null" : json;
    }
}
