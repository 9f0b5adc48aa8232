package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Event;
import dev.parley.domain.EventMask;
import dev.parley.store.Store;
import dev.parley.store.WebhookStore.Targets;
import dev.parley.wire.Json;
import java.util.UUID;

/**
 * Records the webhook deliveries a stored event owes, in the transaction that stores it (the outbox):
 * one to its application's RTC event URL, and one to its conversation's own callback when the
 * callback's event mask selects the event's type.
 */
final class WebhookOutbox {
    private WebhookOutbox() {}

    static void enqueue(Store.Tx tx, Event event, Targets targets, long nowMs) {
        String appUrl = blankToNull(targets.eventUrl());
        String appMethod = method(targets.eventMethod());
        if (appUrl != null) {
            add(tx, targets, event, appUrl, appMethod, nowMs);
        }
        JsonNode callback = Json.parse(targets.callbackJson());
        if (callback == null || !callback.isObject()) {
            return;
        }
        String url = blankToNull(callback.path("url").asText(null));
        String method = method(callback.path("method").asText(null));
        boolean sameAsApplication = url != null && url.equals(appUrl) && method.equals(appMethod);
        if (url != null
                && !sameAsApplication
                && EventMask.parse(callback.path("event_mask").asText(null)).matches(event.type())) {
            add(tx, targets, event, url, method, nowMs);
        }
    }

    private static void add(Store.Tx tx, Targets targets, Event event, String url, String method, long nowMs) {
        tx.webhooks()
                .enqueue(
                        UUID.randomUUID().toString(),
                        targets.applicationId(),
                        event.conversationId().value(),
                        event.id(),
                        event.position(),
                        url,
                        method,
                        nowMs);
    }

    private static String method(String method) {
        return method != null && method.equalsIgnoreCase("GET") ? "GET" : "POST";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
