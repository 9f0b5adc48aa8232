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
import dev.parley.wire.CallJson;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Voice API's call resource: {@code GET} and {@code POST /v1/calls}, {@code GET} and {@code PUT
 * /v1/calls/{uuid}} (voice.yml; shapes in {@link CallJson}).
 */
public final class CallHandlers {
    /** {@code PUT /v1/calls/{uuid}}'s actions by their wire names, in declaration order. */
    private static final Map<String, CallService.Action> ACTIONS = actions();

    static final List<String> METHODS = List.of("GET", "POST");

    /**
     * The statuses a list may filter by: every leg status, and {@code machine}, which the spec lists for
     * answering-machine detection; that does not run here (docs/VOICE.md), so no call ever has it.
     */
    private static final List<String> STATUSES = Stream.concat(
                    Arrays.stream(LegStatus.values()).map(LegStatus::wire), Stream.of("machine"))
            .toList();

    private final CallService calls;
    private final Links links;
    private final Paging paging;

    public CallHandlers(CallService calls, Links links, Paging paging) {
        this.calls = calls;
        this.links = links;
        this.paging = paging;
    }

    /** {@code GET /v1/calls}: offset pages, filtered by status, dates and conversation. */
    public void list(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        String statusText = Params.oneOf(ctx, "status", STATUSES, filters, v);
        Long from = Params.date(ctx, "date_start", filters, v);
        Long to = Params.date(ctx, "date_end", filters, v);
        Paging.Offset offset = Paging.offset(ctx, 10, filters, v);
        int pageSize = offset.size();
        int recordIndex = offset.index();
        boolean ascending = offset.ascending();
        ConversationId conversation = null;
        String conversationText = ctx.queryParam("conversation_uuid");
        if (conversationText != null) {
            conversation = ConversationId.parse(conversationText).orElse(null);
            if (conversation == null) {
                v.add("conversation_uuid", "\"conversation_uuid\" must be a conversation id (CON-...)");
            } else {
                filters.put("conversation_uuid", conversation.value());
            }
        }
        v.throwIfAny();
        CallService.CallPage page = "machine".equals(statusText)
                ? calls.none(Auth.principal(ctx), recordIndex, pageSize)
                : calls.list(
                        Auth.principal(ctx),
                        new LegFilter(
                                statusText == null
                                        ? null
                                        : LegStatus.parse(statusText).orElseThrow(),
                                from,
                                to,
                                conversation),
                        recordIndex,
                        pageSize,
                        ascending);
        ObjectNode body = paging.offsetEnvelope(ctx, "/v1/calls", filters, recordIndex, pageSize, page.count());
        ArrayNode list = body.putObject("_embedded").putArray("calls");
        page.calls().forEach(leg -> list.add(CallJson.call(leg, href(ctx, leg))));
        ctx.json(body);
    }

    public void get(Context ctx) {
        Leg leg = calls.get(Auth.principal(ctx), ctx.pathParam("uuid"));
        ctx.json(CallJson.call(leg, href(ctx, leg)));
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
            v.add("to", "\"to\" must be an array holding exactly one endpoint");
        }
        JsonNode from = v.object(body, "from");
        boolean randomFrom = body.path("random_from_number").asBoolean(false);
        if (from != null && randomFrom) {
            v.add("from", "\"from\" cannot be given with random_from_number");
        }
        if (from != null && !from.path("number").isTextual()) {
            v.add("from", "\"from\" must be {\"type\": \"phone\", \"number\": ...}");
        }
        JsonNode ncco = body.get("ncco");
        boolean hasNcco = ncco != null && !ncco.isNull();
        String answerUrl = v.voiceUrl(body, "answer_url");
        if (!hasNcco && answerUrl == null && !body.hasNonNull("answer_url")) {
            v.add("ncco", "either ncco or answer_url is required");
        } else if (hasNcco && answerUrl != null) {
            v.add("answer_url", "\"answer_url\" cannot be given with ncco");
        } else if (hasNcco && !ncco.isArray()) {
            v.add("ncco", "\"ncco\" must be an array of actions");
        }
        String answerMethod = v.oneOf(body, "answer_method", METHODS, false);
        String eventUrl = v.voiceUrl(body, "event_url");
        String eventMethod = v.oneOf(body, "event_method", METHODS, false);
        int ringingTimer = v.integer(body, "ringing_timer", 60, 1, 120);
        int lengthTimer = v.integer(body, "length_timer", 7200, 1, 7200);
        v.oneOf(body, "machine_detection", List.of("continue", "hangup"), false);
        v.throwIfAny();
        Leg leg = calls.create(
                Auth.principal(ctx),
                new CallControl.PlaceCall(
                        to,
                        from,
                        hasNcco ? ncco : null,
                        answerUrl,
                        answerMethod,
                        eventUrl,
                        eventMethod,
                        ringingTimer,
                        lengthTimer,
                        randomFrom));
        ctx.status(201).json(CallJson.created(leg));
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
                v.add("destination", "\"destination\" is required for a transfer");
            } else {
                if (!"ncco".equals(destination.path("type").asText(null))) {
                    v.add("destination.type", "\"destination.type\" must be ncco");
                }
                ncco = destination.get("ncco");
                url = v.voiceUrl(destination, "url");
                if ((ncco == null || ncco.isNull()) == (url == null)) {
                    v.add("destination", "\"destination\" needs exactly one of ncco and url");
                }
            }
        }
        v.throwIfAny();
        calls.modify(Auth.principal(ctx), ctx.pathParam("uuid"), ACTIONS.get(action), ncco, url);
        ctx.status(204);
    }

    private String href(Context ctx, Leg leg) {
        return links.absolute(ctx, "/v1/calls/" + leg.id());
    }

    private static Map<String, CallService.Action> actions() {
        Map<String, CallService.Action> actions = new LinkedHashMap<>();
        for (CallService.Action action : CallService.Action.values()) {
            actions.put(action.name().toLowerCase(Locale.ROOT), action);
        }
        return java.util.Collections.unmodifiableMap(actions);
    }
}
