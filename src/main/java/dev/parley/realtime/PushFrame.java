package dev.parley.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Event;
import dev.parley.service.ClientEventJson;
import dev.parley.service.Json;

/**
 * One event as the Client SDKs receive it: a socket.io event named by the event type, with payload
 * {@code {id, cid, from, timestamp, body, _embedded: {from_user, from_member}}}. Serialised once and
 * shared by every recipient; each socket adds only its ack id. {@code eventArray} is the socket.io
 * event array {@code ["name", payload]} as JSON text.
 */
public record PushFrame(String name, String eventArray) {

    /** The frame for a stored (or, with id 0, ephemeral) event. */
    public static PushFrame of(Event e) {
        return of(e.type(), ClientEventJson.payload(e));
    }

    /** A frame with a ready payload (session and error events). */
    public static PushFrame of(String name, JsonNode payload) {
        return new PushFrame(name, "[" + quote(name) + "," + payload + "]");
    }

    private static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
