package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.EventTypes;
import dev.parley.service.EventService;
import dev.parley.service.Page;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Conversation events: {@code /v1/conversations/{id}/events} and {@code .../events/{event_id}}, and the
 * Client SDK versions of the same (v0.3, beta, beta2), which differ only in shape.
 */
public final class EventHandlers {
    /** The client transaction id header: a retried create with the same value returns the first event. */
    public static final String TRANSACTION_HEADER = "Idempotency-Key";

    public static final int MAX_TYPE_FILTERS = 5;

    /** The one {@code filter_group_type} the Client SDK sends. */
    public static final String CHAT_EVENTS = "ChatEvents";

    private final EventService events;
    private final Views views;
    private final ClientViews clientViews;
    private final Paging paging;

    public EventHandlers(EventService events, Views views, ClientViews clientViews, Paging paging) {
        this.events = events;
        this.views = views;
        this.clientViews = clientViews;
        this.paging = paging;
    }

    public void create(Context ctx) {
        EventService.Sent sent = send(ctx, false);
        ctx.status(sent.stored() ? 201 : 200).json(views.event(ctx, sent.event(), sent.stored()));
    }

    /**
     * Sends the request's event; with {@code bodyOptional} (the legacy paths, where v0.1 has no required
     * {@code body} and the legacy SDK's {@code earmuff()} sends only {@code type} and {@code to}) an
     * event without one has an empty body.
     */
    private EventService.Sent send(Context ctx, boolean bodyOptional) {
        JsonNode body = Requests.body(ctx);
        JsonNode eventBody = body.get("body");
        // A v1 message is its body (message_type ...): never without one.
        boolean bodyless = bodyOptional
                && (eventBody == null || eventBody.isNull())
                && !EventTypes.MESSAGE.equals(body.path("type").asText());
        if (bodyless) {
            eventBody = Json.object();
        }
        Validation v = new Validation();
        String type = v.requiredString(body, "type", 200);
        String from = v.string(body, "from", 100);
        String to = v.string(body, "to", 100);
        String transactionId = ctx.header(TRANSACTION_HEADER);
        if (transactionId != null && (transactionId.isBlank() || transactionId.length() > 255)) {
            v.add(TRANSACTION_HEADER, "\"" + TRANSACTION_HEADER + "\" must be 1 to 255 characters");
        }
        v.throwIfAny();
        return events.create(
                Auth.principal(ctx),
                conversationId(ctx),
                new EventService.Input(type, from, eventBody, transactionId, bodyless, to));
    }

    /** {@code GET /v1/.../events}: the spec's {@code _embedded} array (or the Java SDK's shape). */
    public void list(Context ctx) {
        Query query = query(ctx);
        Page<Event> page = events.list(
                Auth.principal(ctx),
                conversationId(ctx),
                query.filter(),
                query.listing().request());
        ctx.json(query.listing()
                .envelope(page, body -> JavaSdkShim.eventsEnvelope(ctx, body), e -> views.event(ctx, e, true)));
    }

    /** {@code GET /v0.3/.../events}: client-shaped events with their state under {@code _embedded.events}. */
    public void listForClients(Context ctx) {
        listWithState(ctx, Paging.embedded("events"));
    }

    /** {@code GET /beta2/.../events}: the legacy SDK reads {@code _embedded.data.events}. */
    public void listLegacy(Context ctx) {
        listWithState(ctx, body -> body.putObject("_embedded").putObject("data").putArray("events"));
    }

    private void listWithState(Context ctx, Function<ObjectNode, ArrayNode> itemsIn) {
        Query query = query(ctx);
        EventService.StatefulPage result = events.listWithReceipts(
                Auth.principal(ctx),
                conversationId(ctx),
                query.filter(),
                query.listing().request());
        ctx.json(query.listing()
                .envelope(
                        result.page(),
                        itemsIn,
                        e -> clientViews.event(e, result.receipts().getOrDefault(e.id(), List.of()))));
    }

    /** {@code POST /beta/.../events}: the legacy SDK reads {@code {id, timestamp}} back. */
    public void createLegacy(Context ctx) {
        EventService.Sent sent = send(ctx, true);
        ObjectNode answer = Json.object();
        if (sent.stored()) {
            answer.put("id", sent.event().id());
        }
        answer.put("timestamp", Timestamps.format(sent.event().createdMs()));
        if (sent.stored()) {
            answer.put("href", views.eventHrefSameVersion(ctx, sent.event()));
        }
        ctx.status(sent.stored() ? 201 : 200).json(answer);
    }

    /** The filters and page of an event list request, whichever version asks. */
    private record Query(EventFilter filter, Paging.Listing listing) {}

    private Query query(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Long startId = Params.positiveLong(ctx, "start_id", filters, v);
        Long endId = Params.positiveLong(ctx, "end_id", filters, v);
        Set<String> types = types(ctx, filters, v);
        Set<String> prefixes = Set.of();
        String group = ctx.queryParam("filter_group_type");
        if (group != null && !group.isBlank()) {
            filters.put("filter_group_type", group);
            if (group.equalsIgnoreCase(CHAT_EVENTS)) {
                // The new Client SDK's history parser knows exactly these types.
                types = Set.of(EventTypes.MESSAGE, EventTypes.EVENT_DELETE);
                prefixes = Set.of("member:", "custom:");
            } else {
                v.add("filter_group_type", "\"filter_group_type\" must be one of [ChatEvents]");
            }
        }
        boolean excludeDeleted = Params.bool(ctx, "exclude_deleted_events", filters, v);
        Paging.Listing listing = paging.listing(ctx, filters, v);
        return new Query(new EventFilter(startId, endId, types, prefixes, excludeDeleted), listing);
    }

    public void get(Context ctx) {
        ctx.json(views.event(ctx, events.get(Auth.principal(ctx), conversationId(ctx), eventId(ctx)), true));
    }

    public void delete(Context ctx) {
        events.delete(Auth.principal(ctx), conversationId(ctx), eventId(ctx));
        ctx.status(204);
    }

    static Set<String> types(Context ctx, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam("event_type");
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        filters.put("event_type", text);
        Set<String> types = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String type = part.strip();
            if (type.isEmpty()) {
                continue;
            }
            if (!EventTypes.plausibleName(type)) {
                v.add("event_type", "\"event_type\" contains an invalid event type: " + type);
            }
            types.add(type);
        }
        if (types.size() > MAX_TYPE_FILTERS) {
            v.add("event_type", "\"event_type\" must contain less than or equal to " + MAX_TYPE_FILTERS + " items");
        }
        return types;
    }

    static long eventId(Context ctx) {
        try {
            long id = Long.parseLong(ctx.pathParam("event_id"));
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DomainException.NotFound(
                ErrorCode.EVENT_NOT_FOUND, "Event does not exist, or you do not have access.");
    }

    private static String conversationId(Context ctx) {
        return ctx.pathParam("conversation_id");
    }
}
