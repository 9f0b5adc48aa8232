package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.domain.Event;
import dev.parley.domain.UserSummary;

/**
 * An event as the Client SDKs see it, pushed on the socket and in their history pages:
 * {@code {id, cid, from, timestamp, body, _embedded: {from_user, from_member}}}.
 */
public final class ClientEventJson {
    private ClientEventJson() {}

    /** The push payload; events that are not stored (id 0) have no id. */
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
        // Stored bodies are JSON we validated on the way in: copy them out without re-parsing.
        node.putRawValue("body", new RawValue(e.bodyJson()));
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
}
