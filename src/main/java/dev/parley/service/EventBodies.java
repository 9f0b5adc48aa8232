package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.DomainException.InvalidParameter;
import dev.parley.domain.EventTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the body of an event a client creates against its type: a {@code message} names its
 * {@code message_type} and carries that payload; status events point at an event; custom and
 * ephemeral events take any JSON. Reports every problem found.
 */
public final class EventBodies {
    private EventBodies() {}

    public static List<InvalidParameter> problems(String type, JsonNode body) {
        List<InvalidParameter> problems = new ArrayList<>();
        if (EventTypes.isCustom(type) || EventTypes.TRANSIENT.contains(type)) {
            return problems;
        }
        if (body == null || !body.isObject()) {
            problems.add(new InvalidParameter("body", "\"body\" must be of type object"));
            return problems;
        }
        if (EventTypes.MESSAGE.equals(type)) {
            message(body, problems);
        } else if (type.equals("text")) {
            if (!body.path("text").isTextual()) {
                problems.add(new InvalidParameter("body.text", "\"body.text\" must be a string"));
            }
        } else if (EventTypes.isReceipt(type)) {
            // A number (what the Client SDKs send) or a string of digits (what the v1 spec says).
            JsonNode eventId = body.get("event_id");
            boolean number = eventId != null && eventId.canConvertToLong();
            boolean digits =
                    eventId != null && eventId.isTextual() && eventId.asText().matches("[0-9]{1,18}");
            if (!(number || digits) || eventId.asLong() < 1) {
                problems.add(new InvalidParameter("body.event_id", "\"body.event_id\" must be a positive integer"));
            }
        }
        return problems;
    }

    /** A string of 1 to 18 digits: an event id as the v1 spec writes it. */
    static boolean isDigits(JsonNode value) {
        return value != null && value.isTextual() && value.asText().matches("[0-9]{1,18}");
    }

    private static void message(JsonNode body, List<InvalidParameter> problems) {
        JsonNode messageType = body.get("message_type");
        if (messageType == null || !messageType.isTextual()) {
            problems.add(new InvalidParameter("body.message_type", "\"body.message_type\" is required"));
            return;
        }
        String kind = messageType.asText();
        if (!EventTypes.MESSAGE_TYPES.contains(kind)) {
            problems.add(new InvalidParameter(
                    "body.message_type",
                    "\"body.message_type\" must be one of [text, image, audio, video, file, template, custom,"
                            + " vcard, location, random]"));
            return;
        }
        JsonNode payload = body.get(kind);
        String field = "body." + kind;
        switch (kind) {
            case "text" -> {
                if (payload == null || !payload.isTextual()) {
                    problems.add(new InvalidParameter(field, "\"" + field + "\" must be a string"));
                }
            }
            case "image", "audio", "video", "file", "vcard" -> {
                if (payload == null || !payload.path("url").isTextual()) {
                    problems.add(new InvalidParameter(field + ".url", "\"" + field + ".url\" is required"));
                }
            }
            case "template" -> {
                if (payload == null || !payload.path("name").isTextual()) {
                    problems.add(new InvalidParameter(field + ".name", "\"" + field + ".name\" is required"));
                }
            }
            case "location" -> {
                for (String coordinate : List.of("longitude", "latitude")) {
                    JsonNode value = payload == null ? null : payload.get(coordinate);
                    if (value == null || !(value.isNumber() || value.isTextual())) {
                        problems.add(new InvalidParameter(
                                field + "." + coordinate, "\"" + field + "." + coordinate + "\" is required"));
                    }
                }
            }
            case "custom" -> {
                if (payload == null || !payload.isObject()) {
                    problems.add(new InvalidParameter(field, "\"" + field + "\" must be of type object"));
                }
            }
            default -> {
                // "random": no payload rule is documented.
            }
        }
    }
}
