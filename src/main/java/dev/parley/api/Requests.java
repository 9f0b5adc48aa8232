package dev.parley.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.DomainException;
import dev.parley.service.Json;
import io.javalin.http.Context;
import java.util.Locale;

/** Reads request bodies: JSON only, always an object, with clear errors for anything else. */
final class Requests {
    private Requests() {}

    /** The body as a JSON object; an empty body is an empty object. */
    static JsonNode body(Context ctx) {
        String contentType = ctx.header("Content-Type");
        String text = ctx.body();
        if (contentType != null && !isJson(contentType)) {
            throw new UnsupportedMediaType(contentType);
        }
        if (text.isBlank()) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw DomainException.Invalid.of("body", "\"body\" must be valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw DomainException.Invalid.of("body", "\"body\" must be of type object");
        }
        return node;
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** 415 for a body that declares a non-JSON type. */
    static final class UnsupportedMediaType extends DomainException {
        UnsupportedMediaType(String contentType) {
            super(
                    415,
                    "http:error:unsupported-media-type",
                    "Unsupported Content-Type '" + contentType + "'. Send application/json.");
        }
    }
}
