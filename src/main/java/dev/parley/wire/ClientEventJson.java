package dev.parley.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.domain.Event;
import dev.parley.domain.ResourceId;
import dev.parley.domain.Session;
import dev.parley.domain.User;
import java.util.List;

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
        node.put("cid", ResourceId.valueOf(e.conversationId()));
        if (e.fromMemberId() != null) {
            node.put("from", ResourceId.valueOf(e.fromMemberId()));
        }
        if (e.toMemberId() != null) {
            node.put("to", ResourceId.valueOf(e.toMemberId()));
        }
        node.put("timestamp", Timestamps.format(e.createdMs()));
        // Stored bodies are JSON we validated on the way in: copy them out without re-parsing.
        node.putRawValue("body", new RawValue(e.bodyJson()));
        EventJson.putEmbedded(node, e);
        return node;
    }

    /**
     * The {@code session:success} payload that answers a Client SDK login: {@code body {id, user_id,
     * name, api_key}}, plus {@code pending_events} (each a push payload with its type) when a session
     * was resumed.
     */
    public static ObjectNode sessionSuccess(
            Session session, User user, String applicationId, boolean resumed, List<Event> missed) {
        ObjectNode body = Json.object();
        body.put("id", session.id().value());
        body.put("user_id", user.id().value());
        body.put("name", user.name());
        body.put("api_key", applicationId);
        if (resumed) {
            ArrayNode pending = body.putArray("pending_events");
            for (Event event : missed) {
                pending.add(payload(event).put("type", event.type()));
            }
        }
        return Json.object().set("body", body);
    }
}
