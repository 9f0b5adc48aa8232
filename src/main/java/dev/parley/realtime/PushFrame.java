package dev.parley.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Event;
import dev.parley.domain.UserSummary;
import dev.parley.service.Json;
import dev.parley.service.Timestamps;

/**
 * One event as the Client SDKs receive it: a socket.io event named by the event type, with payload
 * {@code {id, cid, from, timestamp, body, _embedded: {from_user, from_member}}}. Serialised once and
 * shared by every recipient; each socket adds only its ack id. {@code eventArray} is the socket.io
 * event array {@code ["name", payload]} as JSON text.
 */
public record PushFrame(String name, String eventArray) {

    /** The frame for a stored (or, with id 0, ephemeral) event. */
    public static PushFrame of(Event e) {
        return of(e.type(), payload(e));
    }

    /** A frame with a ready payload (session and error events). */
    public static PushFrame of(String name, JsonNode payload) {
        return new PushFrame(name, "[" + quote(name) + "," + payload + "]");
    }

    public static ObjectNode payload(Event e) {
        ObjectNode node = Json.object();
        if (e.id() > 0) {
            node.put("id", e.id());
        }
        node.put("cid", e.conversationId());
        if (e.fromMemberId() != null) {
            node.put("from", e.fromMemberId());
        }
        node.put("timestamp", Timestamps.format(e.createdMs()));
        node.set("body", Json.parse(e.bodyJson()));
        if (e.fromMemberId() != null) {
            ObjectNode embedded = node.putObject("_embedded");
            UserSummary u = e.fromUser();
            if (u != null) {
                ObjectNode user = embedded.putObject("from_user");
                user.put("id", u.id());
                user.put("name", u.name());
                if (u.displayName() != null) {
                    user.put("display_name", u.displayName());
                }
                if (u.imageUrl() != null) {
                    user.put("image_url", u.imageUrl());
                }
                JsonNode properties = Json.parse(u.propertiesJson());
                if (properties != null && properties.has("custom_data")) {
                    user.set("custom_data", properties.get("custom_data"));
                }
            }
            embedded.putObject("from_member").put("id", e.fromMemberId());
        }
        return node;
    }

    private static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
