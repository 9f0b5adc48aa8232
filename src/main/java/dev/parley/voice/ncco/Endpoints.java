package dev.parley.voice.ncco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.voice.ncco.NccoAction.Endpoint;
import java.util.Set;

/**
 * Reads the endpoints a {@code connect} action (and {@code POST /v1/calls} {@code to}) rings: {@code
 * phone}, {@code app}, {@code sip}, {@code websocket}, {@code vbc}, each with its own fields.
 */
public final class Endpoints {
    /** Audio formats a WebSocket endpoint may ask for (linear 16-bit PCM, as the Voice API sends it). */
    static final Set<String> WEBSOCKET_CONTENT_TYPES =
            Set.of("audio/l16;rate=8000", "audio/l16;rate=16000", "audio/l16;rate=24000");

    private Endpoints() {}

    /** A required http(s) URL given as a string ({@code onAnswer}'s {@code url}). */
    private static String requiredUrl(Fields f, String name) throws NccoException {
        String url = f.url(name);
        if (url == null) {
            throw f.error("\"" + name + "\" is required");
        }
        return url;
    }

    /** One endpoint object. */
    public static Endpoint read(JsonNode node, String where) throws NccoException {
        if (node == null || !node.isObject()) {
            throw new NccoException(where + ": an endpoint is an object with a \"type\"");
        }
        Fields f = new Fields(node, where);
        String type = f.oneOf("type", Set.of("phone", "app", "sip", "websocket", "vbc"), null);
        if (type == null) {
            throw f.error("\"type\" is required");
        }
        return switch (type) {
            case "phone" -> {
                String number = f.requiredText("number", 20);
                if (!number.matches("\\+?[0-9]{1,15}")) {
                    throw f.error("\"number\" must be an E.164 number (digits only)");
                }
                String dtmfAnswer = f.text("dtmfAnswer", 50);
                if (dtmfAnswer != null && !dtmfAnswer.matches("[0-9*#pP]*")) {
                    throw f.error("\"dtmfAnswer\" may hold 0-9, *, # and p (a pause)");
                }
                JsonNode onAnswer = f.object("onAnswer", false);
                Fields a = onAnswer == null ? null : new Fields(onAnswer, where + " onAnswer");
                yield new Endpoint.Phone(
                        number,
                        dtmfAnswer,
                        a == null ? null : requiredUrl(a, "url"),
                        a == null ? null : a.url("ringbackTone"));
            }
            case "app" -> new Endpoint.App(f.requiredText("user", 200));
            case "sip" -> {
                String uri = f.requiredText("uri", 2_000);
                if (!uri.regionMatches(true, 0, "sip:", 0, 4) && !uri.regionMatches(true, 0, "sips:", 0, 5)) {
                    throw f.error("\"uri\" must be a sip: or sips: URI");
                }
                yield new Endpoint.Sip(uri, f.stringMap("headers"));
            }
            case "websocket" -> {
                String uri = f.requiredText("uri", 2_000);
                if (!uri.startsWith("ws://") && !uri.startsWith("wss://")) {
                    throw f.error("\"uri\" must be a ws:// or wss:// URL");
                }
                String contentType = f.text("content-type", 100);
                if (contentType == null) {
                    throw f.error("\"content-type\" is required");
                }
                String normalized = contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
                if (!WEBSOCKET_CONTENT_TYPES.contains(normalized)) {
                    throw f.error(
                            "\"content-type\" must be one of " + new java.util.TreeSet<>(WEBSOCKET_CONTENT_TYPES));
                }
                JsonNode headers = f.object("headers", false);
                yield new Endpoint.Websocket(uri, normalized, headers == null ? "{}" : headers.toString());
            }
            default -> new Endpoint.Vbc(f.requiredText("extension", 50));
        };
    }

    /** The single endpoint of an {@code endpoint} (or {@code to}) array. */
    public static Endpoint single(JsonNode list, String where) throws NccoException {
        if (list == null || list.isNull()) {
            throw new NccoException(where + ": an endpoint is required");
        }
        if (!list.isArray() || list.size() != 1) {
            throw new NccoException(where + ": must be an array holding exactly one endpoint");
        }
        return read(list.get(0), where);
    }
}
