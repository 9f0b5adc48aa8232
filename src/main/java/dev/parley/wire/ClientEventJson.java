package dev.parley.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.domain.Event;

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
        EventJson.putEmbedded(node, e);
        return node;
    }
}
