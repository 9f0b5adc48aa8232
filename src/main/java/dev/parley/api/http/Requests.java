package dev.parley.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.Locale;

/** Reads request bodies: JSON only, always an object, with clear errors for anything else. */
public final class Requests {
    private Requests() {}

    /** The body as a JSON object; an empty body is an empty object. */
    public static JsonNode body(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !isJson(contentType)) {
            throw new UnsupportedMediaType(contentType);
        }
        String text = utf8(ctx.bodyAsBytes());
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

    /**
     * The body as text, refusing bytes that are not UTF-8 (JSON's encoding): decoding them leniently
     * would store replacement characters in place of what the client sent.
     */
    private static String utf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw DomainException.Invalid.of("body", "\"body\" must be UTF-8 encoded JSON");
        }
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** 415 for a body that declares a non-JSON type. */
    public static final class UnsupportedMediaType extends DomainException {
        UnsupportedMediaType(String contentType) {
            super(
                    415,
                    ErrorCode.HTTP_UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Content-Type '" + contentType + "'. Send application/json.");
        }
    }
}
