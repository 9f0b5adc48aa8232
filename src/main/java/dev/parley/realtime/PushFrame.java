package dev.parley.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Event;
import dev.parley.wire.ClientEventJson;
import dev.parley.wire.Json;

/**
 * One event as the Client SDKs receive it: a socket.io event named by the event type, with payload
 * {@code {id, cid, from, timestamp, body, _embedded: {from_user, from_member}}}. {@code eventArray} is
 * the socket.io event array {@code ["name", payload]} as JSON text; {@code packet} is the whole
 * socket.io EVENT packet, built once and sent unchanged to every recipient. A stored event asks for
 * an acknowledgement with its stream position as the ack id (unique on every socket, and what the
 * acknowledgement confirms); an ephemeral one asks for none, since it is never sent again anyway.
 */
public record PushFrame(String name, String eventArray, String packet) {

    /** The frame for a stored event (position > 0) or an ephemeral one (position 0). */
    public static PushFrame of(Event e) {
        String array = array(e.type(), ClientEventJson.payload(e));
        return new PushFrame(e.type(), array, "42" + (e.position() > 0 ? Long.toString(e.position()) : "") + array);
    }

    /** A frame with a ready payload (session and error events), without an ack request. */
    public static PushFrame of(String name, JsonNode payload) {
        String array = array(name, payload);
        return new PushFrame(name, array, "42" + array);
    }

    private static String array(String name, JsonNode payload) {
        return "[" + quote(name) + "," + payload + "]";
    }

    private static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
