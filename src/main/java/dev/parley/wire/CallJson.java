package dev.parley.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Leg;

/**
 * The Voice API's call resources (voice.yml, with the official SDKs' readings where they differ:
 * ISO-8601 times, rate and price as strings) and the v0.1 leg; each takes its own absolute href.
 */
public final class CallJson {
    private CallJson() {}

    /** {@code GET /v1/calls/{uuid}} and each item of the calls page. */
    public static ObjectNode call(Leg leg, String selfHref) {
        ObjectNode node = Json.object();
        node.putObject("_links").putObject("self").put("href", selfHref);
        node.put("uuid", leg.id().value());
        node.put("conversation_uuid", leg.conversationId().value());
        node.set("to", Json.parse(leg.toJson()));
        node.set("from", Json.parse(leg.fromJson()));
        node.put("status", leg.status().wire());
        node.put("direction", leg.direction().wire());
        if (leg.status().isFinal()) {
            // No billing here: rate and price are zero, as strings like the hosted service's.
            node.put("rate", "0.00000000");
            node.put("price", "0.00000000");
            node.put("duration", leg.durationSeconds() == null ? "0" : Long.toString(leg.durationSeconds()));
            // A call never answered never started: left out (the spec types it string, never null).
            Json.putIfPresent(node, "start_time", Timestamps.formatNullable(leg.answeredMs()));
            node.put("end_time", Timestamps.format(leg.endedMs()));
        }
        node.put("network", "");
        return node;
    }

    /** {@code POST /v1/calls}'s 201: {@code uuid, status, direction, conversation_uuid}. */
    public static ObjectNode created(Leg leg) {
        ObjectNode created = Json.object();
        created.put("uuid", leg.id().value());
        created.put("status", leg.status().wire());
        created.put("direction", leg.direction().wire());
        created.put("conversation_uuid", leg.conversationId().value());
        return created;
    }

    /** The v0.1 leg: {@code uuid, type, conversation_uuid, status, from, to, times, links}. */
    public static ObjectNode legacyLeg(Leg leg, String selfHref) {
        ObjectNode node = Json.object();
        node.put("uuid", leg.id().value());
        node.put("type", leg.channelType());
        node.put("conversation_uuid", leg.conversationId().value());
        node.put("status", leg.status().wire());
        node.set("from", Json.parse(leg.fromJson()));
        node.set("to", Json.parse(leg.toJson()));
        node.put("start_time", Timestamps.format(leg.createdMs()));
        if (leg.endedMs() != null) {
            node.put("end_time", Timestamps.format(leg.endedMs()));
        }
        node.putObject("_links").putObject("self").put("href", selfHref);
        return node;
    }

    /**
     * A leg as the Client SDK reads it ({@code GET /v0.3/legs/{id}}, before it reconnects a call):
     * {@code id, conversation_id, status, start_time, end_time, direction, type, from, to}, every one
     * present ({@code end_time} empty while the leg runs).
     */
    public static ObjectNode clientLeg(Leg leg) {
        ObjectNode node = Json.object();
        node.put("id", leg.id().value());
        node.put("conversation_id", leg.conversationId().value());
        node.put("status", leg.status().wire());
        node.put("start_time", Timestamps.format(leg.createdMs()));
        node.put("end_time", leg.endedMs() == null ? "" : Timestamps.format(leg.endedMs()));
        node.put("direction", leg.direction().wire());
        node.put("type", leg.channelType());
        node.set("from", Json.parse(leg.fromJson()));
        node.set("to", Json.parse(leg.toJson()));
        return node;
    }

    /** The answer of the in-call and conversation audio controls: {@code {message, uuid}}. */
    public static ObjectNode message(String message, String uuid) {
        return Json.object().put("message", message).put("uuid", uuid);
    }
}
