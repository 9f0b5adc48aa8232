package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegStatus;
import dev.parley.service.CallControl;
import dev.parley.service.CallService;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/calls} and {@code GET /v1/calls/{uuid}} in the Voice API's shapes (voice.yml, with the
 * official SDKs' readings where they differ: ISO-8601 times, absolute page links, {@code next} only
 * before the last page).
 */
public final class CallHandlers {
    private final CallService calls;
    private final Links links;

    public CallHandlers(CallService calls, Links links) {
        this.calls = calls;
        this.links = links;
    }

    public void list(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = new LinkedHashMap<>();
        LegStatus status = null;
        String statusText = ctx.queryParam("status");
        // "machine" is a status the spec lists for answering-machine detection, which does not run
        // here (docs/VOICE.md): no call ever has it, so the filter is valid and its page empty.
        boolean machine = "machine".equalsIgnoreCase(statusText);
        if (machine) {
            filters.put("status", "machine");
        } else if (statusText != null) {
            status = LegStatus.parse(statusText).orElse(null);
            if (status == null) {
                v.add(
                        "status",
                        "must be one of "
                                + java.util.Arrays.stream(LegStatus.values())
                                        .map(LegStatus::wire)
                                        .collect(Collectors.joining(", ")));
            } else {
                filters.put("status", status.wire());
            }
        }
        Long from = Params.date(ctx, "date_start", filters, v);
        Long to = Params.date(ctx, "date_end", filters, v);
        int pageSize = bounded(ctx, "page_size", 10, 1, 100, filters, v);
        int recordIndex = bounded(ctx, "record_index", 0, 0, Integer.MAX_VALUE, filters, v);
        String order = ctx.queryParam("order") == null
                ? "asc"
                : ctx.queryParam("order").toLowerCase(java.util.Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            v.add("order", "must be asc or desc");
        } else if (ctx.queryParam("order") != null) {
            filters.put("order", order);
        }
        ConversationId conversation = null;
        String conversationText = ctx.queryParam("conversation_uuid");
        if (conversationText != null) {
            conversation = ConversationId.parse(conversationText).orElse(null);
            if (conversation == null) {
                v.add("conversation_uuid", "must be a conversation id (CON-...)");
            } else {
                filters.put("conversation_uuid", conversation.value());
            }
        }
        v.throwIfAny();
        CallService.CallPage page = machine
                ? calls.none(Auth.principal(ctx), recordIndex, pageSize)
                : calls.list(
                        Auth.principal(ctx),
                        new LegFilter(status, from, to, conversation),
                        recordIndex,
                        pageSize,
                        order.equals("asc"));
        ObjectNode body = Json.object();
        body.put("count", page.count());
        body.put("page_size", pageSize);
        body.put("record_index", recordIndex);
        ObjectNode pageLinks = body.putObject("_links");
        pageLinks.putObject("self").put("href", pageHref(ctx, filters, recordIndex, pageSize));
        pageLinks.putObject("first").put("href", pageHref(ctx, filters, 0, pageSize));
        int lastIndex = page.count() == 0 ? 0 : ((page.count() - 1) / pageSize) * pageSize;
        pageLinks.putObject("last").put("href", pageHref(ctx, filters, lastIndex, pageSize));
        if (recordIndex + pageSize < page.count()) {
            pageLinks.putObject("next").put("href", pageHref(ctx, filters, recordIndex + pageSize, pageSize));
        }
        if (recordIndex > 0) {
            pageLinks
                    .putObject("prev")
                    .put("href", pageHref(ctx, filters, Math.max(0, recordIndex - pageSize), pageSize));
        }
        ArrayNode list = body.putObject("_embedded").putArray("calls");
        page.calls().forEach(leg -> list.add(view(ctx, leg)));
        ctx.json(body);
    }

    /**
     * {@code POST /v1/calls}: places a call to the one endpoint of {@code to}; 201 with the new call's
     * {@code uuid, status, direction, conversation_uuid}. {@code machine_detection} is accepted and has
     * no effect (no answering-machine detection runs here; docs/VOICE.md).
     */
    public void create(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        JsonNode to = body.get("to");
        if (to == null || !to.isArray() || to.size() != 1) {
            v.add("to", "must be an array holding exactly one endpoint");
        }
        JsonNode from = v.object(body, "from");
        boolean randomFrom = body.path("random_from_number").asBoolean(false);
        if (from != null && randomFrom) {
            v.add("from", "cannot be given with random_from_number");
        }
        if (from != null && !from.path("number").isTextual()) {
            v.add("from", "must be {\"type\": \"phone\", \"number\": ...}");
        }
        JsonNode ncco = body.get("ncco");
        String answerUrl = singleUrl(body, "answer_url", v);
        if ((ncco == null || ncco.isNull()) && answerUrl == null) {
            v.add("ncco", "either ncco or answer_url is required");
        } else if (ncco != null && !ncco.isNull() && answerUrl != null) {
            v.add("answer_url", "cannot be given with ncco");
        } else if (ncco != null && !ncco.isNull() && !ncco.isArray()) {
            v.add("ncco", "must be an array of actions");
        }
        String answerMethod = v.oneOf(body, "answer_method", METHODS, false);
        String eventUrl = singleUrl(body, "event_url", v);
        String eventMethod = v.oneOf(body, "event_method", METHODS, false);
        int ringingTimer = integer(body, "ringing_timer", 60, 1, 120, v);
        int lengthTimer = integer(body, "length_timer", 7200, 1, 7200, v);
        v.oneOf(body, "machine_detection", List.of("continue", "hangup"), false);
        v.throwIfAny();
        Leg leg = calls.create(
                Auth.principal(ctx),
                new CallControl.PlaceCall(
                        to,
                        from,
                        ncco == null || ncco.isNull() ? null : ncco,
                        answerUrl,
                        answerMethod,
                        eventUrl,
                        eventMethod,
                        ringingTimer,
                        lengthTimer,
                        randomFrom));
        ObjectNode created = Json.object();
        created.put("uuid", leg.id().value());
        created.put("status", leg.status().wire());
        created.put("direction", leg.direction().wire());
        created.put("conversation_uuid", leg.conversationId().value());
        ctx.status(201).json(created);
    }

    /**
     * {@code PUT /v1/calls/{uuid}}: {@code {"action": "hangup" | "mute" | ...}}, or {@code transfer} with
     * a {@code destination} of type {@code ncco} holding an {@code ncco} or a {@code url}; 204 when done.
     */
    public void modify(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String action = v.oneOf(body, "action", List.copyOf(ACTIONS.keySet()), true);
        JsonNode ncco = null;
        String url = null;
        if ("transfer".equals(action)) {
            JsonNode destination = v.object(body, "destination");
            if (destination == null) {
                v.add("destination", "is required for a transfer");
            } else {
                if (!"ncco".equals(destination.path("type").asText(null))) {
                    v.add("destination.type", "must be ncco");
                }
                ncco = destination.get("ncco");
                url = singleUrl(destination, "url", v);
                if ((ncco == null || ncco.isNull()) == (url == null)) {
                    v.add("destination", "needs exactly one of ncco and url");
                }
            }
        }
        v.throwIfAny();
        calls.modify(
                Auth.principal(ctx),
                ctx.pathParam("uuid"),
                ACTIONS.get(action.toLowerCase(java.util.Locale.ROOT)),
                ncco,
                url);
        ctx.status(204);
    }

    /** A talk request's fields, checked: text, language (en-US by default), loop and level. */
    private record Talk(String text, String language, int loop, double level) {
        static Talk of(Context ctx) {
            JsonNode body = Requests.body(ctx);
            Validation v = new Validation();
            String text = v.requiredString(body, "text", 1_500);
            String language = v.string(body, "language", 20);
            int loop = integer(body, "loop", 1, 0, 1_000, v);
            double level = CallHandlers.level(body, v);
            v.throwIfAny();
            return new Talk(text, language == null ? "en-US" : language, loop, level);
        }
    }

    /** A stream request's fields, checked: one stream URL, loop and level. */
    private record Stream(String url, int loop, double level) {
        static Stream of(Context ctx) {
            JsonNode body = Requests.body(ctx);
            Validation v = new Validation();
            String url = singleUrl(body, "stream_url", v);
            if (url == null && !body.has("stream_url")) {
                v.add("stream_url", "is required");
            }
            int loop = integer(body, "loop", 1, 0, 1_000, v);
            double level = CallHandlers.level(body, v);
            v.throwIfAny();
            return new Stream(url, loop, level);
        }
    }

    /** {@code PUT /v1/calls/{uuid}/talk}: speaks {@code text} into the call. */
    public void startTalk(Context ctx) {
        Talk talk = Talk.of(ctx);
        String uuid = ctx.pathParam("uuid");
        calls.talk(Auth.principal(ctx), uuid, talk.text(), talk.language(), talk.loop(), talk.level());
        ctx.json(Json.object().put("message", "Talk started").put("uuid", uuid));
    }

    /** {@code PUT /v1/conversations/{conversation_id}/talk}: speaks into every leg of the conversation. */
    public void startConversationTalk(Context ctx) {
        Talk talk = Talk.of(ctx);
        String id = calls.playInConversation(
                Auth.principal(ctx),
                ctx.pathParam("conversation_id"),
                talk.text(),
                talk.language(),
                null,
                talk.loop(),
                talk.level());
        ctx.json(Json.object().put("message", "Talk started").put("uuid", id));
    }

    /** {@code DELETE /v1/conversations/{conversation_id}/talk}. */
    public void stopConversationTalk(Context ctx) {
        String id = calls.stopInConversation(Auth.principal(ctx), ctx.pathParam("conversation_id"), true);
        ctx.json(Json.object().put("message", "Talk stopped").put("uuid", id));
    }

    /** {@code PUT /v1/conversations/{conversation_id}/stream}: plays a WAV into every leg of it. */
    public void startConversationStream(Context ctx) {
        Stream stream = Stream.of(ctx);
        String id = calls.playInConversation(
                Auth.principal(ctx),
                ctx.pathParam("conversation_id"),
                null,
                null,
                stream.url(),
                stream.loop(),
                stream.level());
        ctx.json(Json.object().put("message", "Stream started").put("uuid", id));
    }

    /** {@code DELETE /v1/conversations/{conversation_id}/stream}. */
    public void stopConversationStream(Context ctx) {
        String id = calls.stopInConversation(Auth.principal(ctx), ctx.pathParam("conversation_id"), false);
        ctx.json(Json.object().put("message", "Stream stopped").put("uuid", id));
    }

    /**
     * {@code PUT /v1/conversations/{conversation_id}/record}: {@code action} start or stop; {@code
     * event_url} (one URL) and {@code event_method} for the record webhook (the application's voice
     * event URL when absent); {@code split: conversation} for a channel per leg. {@code format} is
     * checked and recorded as WAV; {@code retention_ttl}, {@code timeout} and {@code transcription}
     * are accepted (docs/VOICE.md).
     */
    public void recordConversation(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String action = v.oneOf(body, "action", List.of("start", "stop"), true);
        String eventUrl = singleUrl(body, "event_url", v);
        String eventMethod = v.oneOf(body, "event_method", METHODS, false);
        String split = v.oneOf(body, "split", List.of("conversation"), false);
        v.oneOf(body, "format", List.of("mp3", "wav", "vorbis"), false);
        integer(body, "retention_ttl", 31, 1, 400, v);
        integer(body, "timeout", 7_200, 1, 7_200, v);
        v.throwIfAny();
        calls.recordConversation(
                Auth.principal(ctx),
                ctx.pathParam("conversation_id"),
                "start".equals(action),
                eventUrl,
                eventMethod == null ? "POST" : eventMethod,
                split != null);
        ctx.status(200);
    }

    /** {@code DELETE /v1/calls/{uuid}/talk}. */
    public void stopTalk(Context ctx) {
        stopPlaying(ctx, "Talk stopped");
    }

    /** {@code PUT /v1/calls/{uuid}/stream}: plays the WAV at {@code stream_url} into the call. */
    public void startStream(Context ctx) {
        Stream stream = Stream.of(ctx);
        String uuid = ctx.pathParam("uuid");
        calls.stream(Auth.principal(ctx), uuid, stream.url(), stream.loop(), stream.level());
        ctx.json(Json.object().put("message", "Stream started").put("uuid", uuid));
    }

    /** {@code DELETE /v1/calls/{uuid}/stream}. */
    public void stopStream(Context ctx) {
        stopPlaying(ctx, "Stream stopped");
    }

    /** Stops what a REST talk or stream plays into the call (one overlay serves both). */
    private void stopPlaying(Context ctx, String message) {
        String uuid = ctx.pathParam("uuid");
        calls.stopPlaying(Auth.principal(ctx), uuid);
        ctx.json(Json.object().put("message", message).put("uuid", uuid));
    }

    /** {@code PUT /v1/calls/{uuid}/dtmf}: sends {@code digits} as RFC 4733 events. */
    public void sendDtmf(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String digits = v.requiredString(body, "digits", 100);
        if (digits != null && !digits.matches("[0-9*#A-Da-dpP]+")) {
            v.add("digits", "may hold 0-9, *, #, A-D and p (a 500 ms pause)");
        }
        v.throwIfAny();
        String uuid = ctx.pathParam("uuid");
        calls.dtmf(Auth.principal(ctx), uuid, digits);
        ctx.json(Json.object().put("message", "DTMF sent").put("uuid", uuid));
    }

    /** {@code PUT /v1/calls/{uuid}}'s actions by their wire names, in declaration order. */
    private static final Map<String, CallService.Action> ACTIONS = actions();

    private static Map<String, CallService.Action> actions() {
        Map<String, CallService.Action> actions = new LinkedHashMap<>();
        for (CallService.Action action : CallService.Action.values()) {
            actions.put(action.name().toLowerCase(java.util.Locale.ROOT), action);
        }
        return java.util.Collections.unmodifiableMap(actions);
    }

    private static final List<String> METHODS = List.of("GET", "POST");

    /** A URL given as the Voice API's one-element array (or, leniently, a plain string); null if absent. */
    private static String singleUrl(JsonNode body, String field, Validation v) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode value = node.isArray() && node.size() == 1 ? node.get(0) : node;
        if (!value.isTextual()) {
            v.add(field, "must be an array holding one URL");
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value.asText());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("http")
                            || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                v.add(field, "must be an absolute http or https URL");
                return null;
            }
        } catch (java.net.URISyntaxException e) {
            v.add(field, "must be a URL");
            return null;
        }
        return value.asText();
    }

    private static int integer(JsonNode body, String field, int fallback, int min, int max, Validation v) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            v.add(field, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return node.asInt();
    }

    /** {@code level}: -1 to 1, as a number or the string the spec shows. */
    private static double level(JsonNode body, Validation v) {
        JsonNode node = body.get("level");
        if (node == null || node.isNull()) {
            return 0;
        }
        try {
            double level = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
            if (level >= -1 && level <= 1) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.add("level", "must be a number from -1 to 1");
        return 0;
    }

    /** {@code GET /v0.1/legs}: the same calls in the legacy leg shape, paged by {@code record_index}. */
    public void listLegs(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = new LinkedHashMap<>();
        int pageSize = bounded(ctx, "page_size", 10, 1, 100, filters, v);
        int recordIndex = bounded(ctx, "record_index", 0, 0, Integer.MAX_VALUE, filters, v);
        String order = ctx.queryParam("order") == null
                ? "asc"
                : ctx.queryParam("order").toLowerCase(java.util.Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            v.add("order", "must be asc or desc");
        }
        Long from = Params.date(ctx, "date_start", filters, v);
        Long to = Params.date(ctx, "date_end", filters, v);
        v.throwIfAny();
        CallService.CallPage page = calls.list(
                Auth.principal(ctx), new LegFilter(null, from, to, null), recordIndex, pageSize, order.equals("asc"));
        ObjectNode body = Json.object();
        body.put("count", page.count());
        body.put("page_size", pageSize);
        body.put("record_index", recordIndex);
        body.putObject("_links")
                .putObject("self")
                .put("href", links.absolute(ctx, "/v0.1/legs?page_size=" + pageSize + "&record_index=" + recordIndex));
        ArrayNode list = body.putObject("_embedded").putArray("legs");
        page.calls().forEach(leg -> list.add(legView(ctx, leg)));
        ctx.json(body);
    }

    public void getLeg(Context ctx) {
        ctx.json(legView(ctx, calls.get(Auth.principal(ctx), ctx.pathParam("leg_id"))));
    }

    /** {@code DELETE /v0.1/legs/{leg_id}}: hangs the leg up; 200 {@code {}}. */
    public void hangupLeg(Context ctx) {
        calls.modify(Auth.principal(ctx), ctx.pathParam("leg_id"), CallService.Action.HANGUP, null, null);
        ctx.json(Json.object());
    }

    /** The v0.1 leg: {@code uuid, type, conversation_uuid, status, from{type}, to{type}, times, links}. */
    private ObjectNode legView(Context ctx, Leg leg) {
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
        node.putObject("_links").putObject("self").put("href", links.absolute(ctx, "/v0.1/legs/" + leg.id()));
        return node;
    }

    public void get(Context ctx) {
        ctx.json(view(ctx, calls.get(Auth.principal(ctx), ctx.pathParam("uuid"))));
    }

    private ObjectNode view(Context ctx, Leg leg) {
        ObjectNode node = Json.object();
        node.putObject("_links").putObject("self").put("href", links.absolute(ctx, "/v1/calls/" + leg.id()));
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
            node.put("start_time", leg.answeredMs() == null ? null : Timestamps.format(leg.answeredMs()));
            node.put("end_time", Timestamps.format(leg.endedMs()));
        }
        node.put("network", "");
        return node;
    }

    private String pageHref(Context ctx, Map<String, String> filters, int recordIndex, int pageSize) {
        StringBuilder query = new StringBuilder("?page_size=")
                .append(pageSize)
                .append("&record_index=")
                .append(recordIndex);
        filters.forEach((name, value) -> {
            if (!name.equals("page_size") && !name.equals("record_index")) {
                query.append('&')
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return links.absolute(ctx, "/v1/calls" + query);
    }

    private static int bounded(
            Context ctx, String name, int fallback, int min, int max, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                v.add(name, "must be between " + min + " and " + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            v.add(name, "must be a whole number");
            return fallback;
        }
    }
}
