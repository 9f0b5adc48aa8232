package dev.parley.realtime.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Event;
import dev.parley.domain.ResourceId;
import dev.parley.store.WebhookStore.Delivery;
import dev.parley.wire.EventJson;
import dev.parley.wire.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One attempt of a delivery as an HTTP request. POST carries the event as {@code /v1} shows it plus
 * {@code conversation_id} (and {@code cid}) and {@code application_id} as a JSON body; GET carries the
 * same fields as query parameters (objects as JSON text), the query string being what is hashed.
 */
final class WebhookRequest {
    static final String DELIVERY_HEADER = "X-Parley-Delivery-Id";
    static final String ATTEMPT_HEADER = "X-Parley-Delivery-Attempt";

    private WebhookRequest() {}

    static ObjectNode payload(Event event, String applicationId) {
        ObjectNode node = EventJson.v1(event, true);
        node.put("conversation_id", ResourceId.valueOf(event.conversationId()));
        node.put("cid", ResourceId.valueOf(event.conversationId()));
        node.put("application_id", applicationId);
        return node;
    }

    /** An attempt ready to send: where, how, which headers, which body (null for GET). */
    record Prepared(URI uri, String method, Map<String, String> headers, byte[] body) {}

    static Prepared build(Delivery delivery, Event event, String secret, int attempt, long nowMs) {
        return build(delivery, payload(event, delivery.applicationId()), secret, attempt, nowMs);
    }

    /** A delivery that carries its own body (a call event), sent and signed the same way. */
    static Prepared build(Delivery delivery, ObjectNode payload, String secret, int attempt, long nowMs) {
        boolean get = delivery.method().equals("GET");
        String signed = get ? query(payload) : Json.write(payload);
        byte[] bytes = signed.getBytes(StandardCharsets.UTF_8);
        URI uri =
                URI.create(get ? delivery.url() + (delivery.url().contains("?") ? "&" : "?") + signed : delivery.url());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Parley-Webhooks");
        headers.put(DELIVERY_HEADER, delivery.id());
        headers.put(ATTEMPT_HEADER, Integer.toString(attempt));
        if (secret != null) {
            headers.put(
                    "Authorization", "Bearer " + WebhookSigner.sign(secret, delivery.applicationId(), bytes, nowMs));
        }
        if (get) {
            return new Prepared(uri, "GET", headers, null);
        }
        headers.put("Content-Type", "application/json");
        return new Prepared(uri, "POST", headers, bytes);
    }

    private static String query(ObjectNode payload) {
        StringJoiner query = new StringJoiner("&");
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            // The body is a raw JSON (POJO) node: written as JSON text like any object.
            boolean scalar = value.isTextual() || value.isNumber() || value.isBoolean();
            String text = scalar ? value.asText() : Json.write(value);
            query.add(encode(field.getKey()) + "=" + encode(text));
        }
        return query.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
