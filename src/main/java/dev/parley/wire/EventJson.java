package dev.parley.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.domain.Event;
import dev.parley.domain.EventTypes;
import dev.parley.domain.ResourceId;
import dev.parley.domain.UserSummary;

/**
 * An event as {@code /v1} shows it, without links: {@code {id, type, from, body, timestamp, deleted,
 * _embedded: {from_user, from_member}}}. The REST views add {@code _links}; webhooks add the
 * conversation and application ids.
 */
public final class EventJson {
    private EventJson() {}

    /** {@code stored} false for ephemeral events, which have no id. */
    public static ObjectNode v1(Event e, boolean stored) {
        ObjectNode node = Json.object();
        if (stored) {
            node.put("id", e.id());
        }
        node.put("type", e.type());
        if (e.fromMemberId() != null) {
            node.put("from", ResourceId.valueOf(e.fromMemberId()));
        }
        if (pointsAtAnEvent(e.type())) {
            node.set("body", withEventIdAsString(e.bodyJson()));
        } else {
            // Stored bodies are JSON we validated on the way in: copy them out without re-parsing.
            node.putRawValue("body", new RawValue(e.bodyJson()));
        }
        node.put("timestamp", Timestamps.format(e.createdMs()));
        if (e.deletedMs() != null) {
            node.put("deleted", Timestamps.format(e.deletedMs()));
        }
        putEmbedded(node, e);
        return node;
    }

    private static boolean pointsAtAnEvent(String type) {
        return EventTypes.isReceipt(type) || type.equals("event:delete");
    }

    /**
     * The v1 schemas give a receipt's and an {@code event:delete}'s {@code body.event_id} as a string; the
     * Client SDKs send and read a number, which their own event shape keeps (docs/COMPATIBILITY.md).
     */
    private static JsonNode withEventIdAsString(String bodyJson) {
        JsonNode body = Json.parse(bodyJson);
        if (body instanceof ObjectNode object && object.path("event_id").isIntegralNumber()) {
            object.put("event_id", object.get("event_id").asText());
        }
        return body;
    }

    /** {@code _embedded: {from_user, from_member}} for events sent by a member. */
    static void putEmbedded(ObjectNode node, Event e) {
        if (e.fromMemberId() == null) {
            return;
        }
        ObjectNode embedded = node.putObject("_embedded");
        UserSummary u = e.fromUser();
        if (u != null) {
            ObjectNode user = embedded.putObject("from_user");
            user.put("id", u.id().value());
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
        embedded.putObject("from_member").put("id", ResourceId.valueOf(e.fromMemberId()));
    }
}
